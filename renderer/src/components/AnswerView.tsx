/** One answer or summary: Markdown with citation chips, badges, usage, cost, export. */
import type { ReactNode } from 'react';
import type { AnswerRecord } from '../../../shared/api';
import { matchCitation, type CitationRef } from '../lib/citations';
import { formatCost, formatDate, formatInt } from '../lib/format';
import { Markdown } from './Markdown';
import { ExportMenu } from './ExportMenu';

export type CiteHandler = (ref: CitationRef) => void;

export function CitationChip({ refData, record, onCite }: { refData: CitationRef; record: AnswerRecord | null; onCite: CiteHandler }): ReactNode {
  const citation = record ? matchCitation(refData, record.citations) : null;
  const state = !record ? 'pending' : citation?.verified ? 'verified' : 'unverified';
  const pageText = refData.pageEnd ? `pp. ${refData.page}–${refData.pageEnd}` : `p. ${refData.page}`;
  const quote = citation?.quote ?? refData.quote;
  const title =
    state === 'verified'
      ? `Verified: ${quote ? 'the quote was found' : 'this page was in the context'} on page ${refData.page}. Click to show it.`
      : state === 'unverified'
        ? `Not verified: Pagewise could not find ${quote ? 'this quote' : 'support'} on page ${refData.page}. Click to check the page yourself.`
        : `Page ${refData.page}. Click to show it.`;
  return (
    <button
      type="button"
      className={`cite cite-${state}`}
      data-page={refData.page}
      data-verified={state}
      title={title}
      aria-label={`${pageText}, ${state === 'pending' ? 'citation' : state}`}
      onClick={() => onCite({ ...refData, quote: quote ?? null })}
    >
      {pageText}
      {state === 'verified' ? <span aria-hidden="true"> ✓</span> : state === 'unverified' ? <span aria-hidden="true"> ⚠</span> : null}
    </button>
  );
}

export function VerifiedBadge({ record }: { record: AnswerRecord }): ReactNode {
  const total = record.citations.length;
  const verified = record.citations.filter((c) => c.verified).length;
  if (total === 0) return <span className="badge badge-neutral">No citations</span>;
  const cls = verified === total ? 'badge-ok' : verified === 0 ? 'badge-bad' : 'badge-warn';
  const text = verified === total ? `${total === 1 ? 'Citation' : `All ${total} citations`} verified` : `${verified} of ${total} citations verified`;
  return (
    <span className={`badge ${cls}`} data-testid="verified-badge" title={`${Math.round(record.verifiedShare * 100)}% of the citations were found on the cited pages`}>
      {verified === total ? '✓ ' : '⚠ '}
      {text}
    </span>
  );
}

export function AnswerMeta({ record }: { record: AnswerRecord }): ReactNode {
  return (
    <div className="answer-meta">
      <VerifiedBadge record={record} />
      {record.extractive ? <span className="badge badge-info">Extractive (no model used)</span> : null}
      {record.cached ? <span className="badge badge-neutral" title="Served from the answer cache: no model call, no cost">Cached</span> : null}
      {record.status === 'incomplete' ? <span className="badge badge-warn">Incomplete</span> : null}
      {record.status === 'failed' ? <span className="badge badge-bad">Failed</span> : null}
      <span className="meta-item" title="Prompt tokens in / completion tokens out">
        {formatInt(record.usage.promptTokens)} in · {formatInt(record.usage.completionTokens)} out
        {record.usage.cachedTokens > 0 ? ` · ${formatInt(record.usage.cachedTokens)} cached` : ''}
      </span>
      <span className="meta-item" title="Cost of this answer">
        {record.cached ? `${formatCost(0)} (cached)` : formatCost(record.costUsd)}
      </span>
      <span className="meta-item muted">{record.extractive ? 'offline' : record.model}</span>
      <span className="meta-item muted">
        {record.strategy}
        {record.calls > 1 ? `, ${record.calls} calls` : ''}
      </span>
      <time className="meta-item muted" dateTime={record.createdAt}>
        {formatDate(record.createdAt)}
      </time>
    </div>
  );
}

export function AnswerBody({ text, record, onCite }: { text: string; record: AnswerRecord | null; onCite: CiteHandler }): ReactNode {
  return (
    <Markdown
      text={text}
      renderCitation={(ref, key) => <CitationChip key={key} refData={ref} record={record} onCite={onCite} />}
    />
  );
}

/** A finished (or stored) answer with its toolbar. */
export function AnswerCard({
  record,
  onCite,
  onRerun,
  showQuestion = true,
  documentTitle,
}: {
  record: AnswerRecord;
  onCite: CiteHandler;
  onRerun?: () => void;
  showQuestion?: boolean;
  documentTitle?: string;
}): ReactNode {
  return (
    <article className="answer-card" data-answer-id={record.id} data-status={record.status}>
      {showQuestion ? (
        <header className="answer-question">
          {documentTitle ? <div className="muted small">{documentTitle}</div> : null}
          <h3>{record.kind === 'summary' ? summaryTitle(record.question) : record.question}</h3>
        </header>
      ) : null}
      {record.errorMessage ? (
        <p className={record.status === 'failed' ? 'error-text' : 'warn-text'} data-testid="answer-note">
          {record.errorMessage}
        </p>
      ) : null}
      <div className="answer-text" data-testid="answer-text">
        <AnswerBody text={record.text} record={record} onCite={onCite} />
      </div>
      <AnswerMeta record={record} />
      <div className="answer-actions">
        <ExportMenu target={{ kind: 'answer', answerId: record.id }} />
        {onRerun ? (
          <button type="button" className="button button-small" onClick={onRerun} title="Ask again, ignoring the answer cache">
            Re-run fresh
          </button>
        ) : null}
      </div>
    </article>
  );
}

export function summaryTitle(kind: string): string {
  const labels: Record<string, string> = {
    brief: 'Brief summary',
    detailed: 'Detailed summary',
    chapters: 'Chapter-by-chapter summary',
    'key-terms': 'Key terms',
  };
  return labels[kind] ?? `Summary (${kind})`;
}
