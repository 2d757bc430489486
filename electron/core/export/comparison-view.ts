/**
 * The format-independent view of a comparison export (Compare, issue 10): one row per document with its
 * answer, citations (page labels, verified marks, quotes), tokens and cost, or the error that stopped it. Every
 * comparison renderer (Markdown, HTML, DOCX, CSV) lays out this view; JSON is built from the comparison itself.
 * Deterministic like view.ts: the same bundle renders to the same bytes.
 */
import type { Comparison } from '../../../shared/api/compare';
import { citationRow, citationSummary, EXTRACTIVE_LABEL, formatDate, formatInt, formatTokens, formatUsd, oneLine, type CitationRow, type MetaRow } from './view';

export interface ComparisonBundle {
  comparison: Comparison;
  generatedAt: string;
  appVersion: string;
  /** Printed page labels per document (index 0 = page 1); a document missing here names pages by number. */
  pageLabels?: Readonly<Record<string, readonly (string | null)[]>>;
}

export interface ComparisonRowView {
  /** 1-based, in the scope's order. */
  index: number;
  document: string;
  docId: string;
  answered: boolean;
  /** The answer's text (model Markdown), or the row's error in words. */
  text: string;
  /** "from the answer cache", "extractive, no model used", "incomplete: ...". */
  notes: string[];
  citations: CitationRow[];
  citationSummary: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  /** "1,234 prompt (0 cached), 56 completion", or "none" for a failed row. */
  tokens: string;
  /** "$0.0012"; cached rows cost nothing now ("$0.00 (cached)"). */
  cost: string;
}

export interface ComparisonView {
  title: string;
  question: string;
  meta: MetaRow[];
  rows: ComparisonRowView[];
  footer: string;
}

export function buildComparisonView(bundle: ComparisonBundle): ComparisonView {
  const c = bundle.comparison;
  const rows = c.rows.map((row, i): ComparisonRowView => {
    const document = oneLine(row.title) || 'Untitled document';
    const answer = row.answer;
    if (!answer) {
      return {
        index: i + 1, document, docId: row.docId, answered: false,
        text: row.error ? `Not answered: ${oneLine(row.error.message)}` : 'Not answered.',
        notes: [], citations: [], citationSummary: 'none', promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0,
        tokens: 'none', cost: formatUsd(0),
      };
    }
    const notes: string[] = [];
    if (answer.extractive) notes.push(EXTRACTIVE_LABEL);
    if (answer.status !== 'complete') notes.push(`${answer.status}${answer.errorMessage ? `: ${oneLine(answer.errorMessage)}` : ''}`);
    if (answer.cached) notes.push('from the answer cache');
    const labels = bundle.pageLabels?.[row.docId] ?? [];
    // what this comparison paid: an answer from the cache was paid for when it was first asked
    const costUsd = answer.cached ? 0 : answer.costUsd;
    return {
      index: i + 1,
      document,
      docId: row.docId,
      answered: true,
      text: answer.text,
      notes,
      citations: answer.citations.map((cit) => citationRow(cit, labels)),
      citationSummary: citationSummary(answer.citations),
      promptTokens: answer.usage.promptTokens,
      completionTokens: answer.usage.completionTokens,
      cachedTokens: answer.usage.cachedTokens,
      costUsd,
      tokens: formatTokens(answer.usage),
      cost: answer.cached ? `${formatUsd(0)} (cached)` : formatUsd(answer.costUsd),
    };
  });
  const answered = rows.filter((r) => r.answered).length;
  const models = [...new Set(c.rows.flatMap((r) => (r.answer ? [r.answer.extractive ? `none (${EXTRACTIVE_LABEL})` : r.answer.model] : [])))];
  const meta: MetaRow[] = [
    { label: 'Question', value: oneLine(c.question) },
    { label: 'Documents', value: oneLine(c.scopeLabel) },
    { label: 'Answered', value: `${formatInt(answered)} of ${formatInt(c.documentCount)}` },
    { label: models.length > 1 ? 'Models' : 'Model', value: models.join(', ') || 'none' },
    { label: 'Asked', value: formatDate(c.createdAt) },
    { label: 'Exported', value: formatDate(bundle.generatedAt) },
    { label: 'Tokens', value: formatTokens(c.usage) },
    { label: 'Cost', value: formatUsd(c.costUsd) },
  ];
  return {
    title: `Comparison: ${oneLine(c.question)}`,
    question: oneLine(c.question),
    meta,
    rows,
    footer: `Exported by Pagewise ${oneLine(bundle.appVersion)} on ${formatDate(bundle.generatedAt)}. Comparison id ${c.id}.`,
  };
}

/** A citation as one line of a table cell: "p. 22 (pdf 36) ✓ “quote”". */
export function citationLine(c: CitationRow): string {
  return `${c.pages} ${c.verified ? '✓' : '✗'}${c.quote === null ? '' : ` “${c.quote}”`}`;
}
