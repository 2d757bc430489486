/** One answer or summary: Markdown with citation chips, badges, usage, cost, export. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AnswerRecord, Citation } from '../../../shared/api';
import { describePageRef, formatCitationReference, formatPageRef } from '../../../shared/text/page-labels';
import { findCitation, type CitationRef } from '../lib/citations';
import { formatCost, formatDate, formatInt } from '../lib/format';
import type { AppClient } from '../api';
import { useClient } from '../state';
import { Markdown } from './Markdown';
import { ExportMenu } from './ExportMenu';

/** A chip was clicked: its page reference, and (answers over several documents) the document it cites. */
export type CiteHandler = (ref: CitationRef, docId?: string) => void;

/** An answer written from several documents: its chips name the document ("Lease 2019 · p. 14 ✓"). */
export function isMultiDocument(record: AnswerRecord): boolean {
  return (record.docIds?.length ?? 1) > 1 || !!record.collectionId || !!record.scopeLabel;
}

/** Document titles for "copy citation": one library.list shared by the cards that mount together. */
let titlesInFlight: Promise<Map<string, string>> | null = null;
function documentTitles(client: AppClient): Promise<Map<string, string>> {
  if (titlesInFlight) return titlesInFlight;
  const titles = client.call('library.list', {}).then((r) => new Map(r.documents.map((d) => [d.id, d.title])));
  titlesInFlight = titles;
  // forget the list soon: a rename or a new document shows on the next cards
  const forget = (): void => {
    setTimeout(() => {
      titlesInFlight = null;
    }, 2000);
  };
  titles.then(forget, forget);
  return titles;
}

function useDocumentTitle(docId: string | null): string | null {
  const client = useClient();
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    if (docId === null) return;
    let live = true;
    documentTitles(client)
      .then((titles) => {
        if (live) setTitle(titles.get(docId) ?? null);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, docId]);
  return title;
}

function chipTitle(state: 'verified' | 'unverified' | 'pending', pages: string, quote: string | null): string {
  if (state === 'verified') return `Verified: ${quote ? 'the quote was found' : 'this page was in the context'} on ${pages}. Click to show it.`;
  if (state === 'unverified') {
    return `Not verified: Pagewise could not find ${quote ? 'this quote' : 'support'} on ${pages}. Check the page yourself before you rely on it. Click to show it.`;
  }
  return `${pages[0]?.toUpperCase() ?? ''}${pages.slice(1)}. Click to show it.`;
}

/** Copy a reference a reader can look up (title, printed page, quote) to the clipboard. */
function CopyCitation({ text, label }: { text: string; label: string }): ReactNode {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const copy = (): void => {
    navigator.clipboard
      .writeText(text)
      .then(() => setDone('copied'))
      .catch(() => setDone('failed'))
      .finally(() => {
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => setDone(null), 2000);
      });
  };
  return (
    <button type="button" className="cite-copy" data-testid="copy-citation" aria-label={`Copy citation, ${label}`} title={`Copy for a memo: ${text}`} onClick={copy}>
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Could not copy' : 'Copy'}
    </button>
  );
}

export function CitationChip({
  refData,
  record,
  onCite,
  documentTitle = null,
  showDocument = false,
  keyTitles = null,
}: {
  refData: CitationRef;
  record: AnswerRecord | null;
  onCite: CiteHandler;
  documentTitle?: string | null;
  /** name the cited document on the chip (answers over several documents) */
  showDocument?: boolean;
  /** while an answer streams: the plan's document keys ("D2") and their titles */
  keyTitles?: ReadonlyMap<string, string> | null;
}): ReactNode {
  const citation: Citation | null = record ? findCitation(refData, record.citations, record.docIds) : null;
  const written = refData.document?.trim() ?? null;
  const pendingTitle = written ? (keyTitles?.get(written.toUpperCase()) ?? (/^D\d+$/i.test(written) ? null : written)) : null;
  const citedTitle = showDocument ? (citation?.docTitle ?? (record ? null : pendingTitle)) : null;
  const state = !record ? 'pending' : citation?.verified ? 'verified' : 'unverified';
  // the stored citation carries the printed labels; while streaming there is none yet
  const labelled = citation ?? refData;
  const pageText = formatPageRef(labelled);
  const spoken = describePageRef(labelled);
  const quote = citation?.quote ?? refData.quote;
  const chip = (
    <button
      type="button"
      className={`cite cite-${state}`}
      data-page={refData.page}
      data-verified={state}
      title={chipTitle(state, spoken, quote)}
      data-doc-id={citation?.docId}
      aria-label={`${citedTitle ? `${citedTitle}, ` : ''}${spoken}, ${state === 'pending' ? 'citation' : state === 'verified' ? 'verified' : 'not verified'}`}
      onClick={() => onCite({ ...refData, quote: quote ?? null }, citation?.docId)}
    >
      {citedTitle ? (
        <>
          <span className="cite-doc">{citedTitle}</span>
          <span aria-hidden="true"> · </span>
        </>
      ) : null}
      {pageText}
      {state === 'verified' ? <span aria-hidden="true"> ✓</span> : null}
      {state === 'unverified' ? <span className="cite-flag">not verified</span> : null}
    </button>
  );
  const copyTitle = citedTitle ?? documentTitle;
  if (!citation || copyTitle === null) return chip;
  return (
    <span className="cite-wrap">
      {chip}
      <CopyCitation text={formatCitationReference(copyTitle, citation)} label={citedTitle ? `${citedTitle}, ${pageText}` : pageText} />
    </span>
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

export function AnswerBody({
  text,
  record,
  onCite,
  documentTitle = null,
  showDocuments = record ? isMultiDocument(record) : false,
  keyTitles = null,
}: {
  text: string;
  record: AnswerRecord | null;
  onCite: CiteHandler;
  documentTitle?: string | null;
  showDocuments?: boolean;
  keyTitles?: ReadonlyMap<string, string> | null;
}): ReactNode {
  return (
    <Markdown
      text={text}
      renderCitation={(ref, key) => <CitationChip key={key} refData={ref} record={record} onCite={onCite} documentTitle={documentTitle} showDocument={showDocuments} keyTitles={keyTitles} />}
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
  const storedTitle = useDocumentTitle(record.docId);
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
        <AnswerBody text={record.text} record={record} onCite={onCite} documentTitle={documentTitle ?? storedTitle} />
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
