/**
 * The format-independent view of an export: every renderer (Markdown, HTML,
 * DOCX) lays out the same titles, metadata rows, items and citation rows, so
 * the formats never disagree about what an export contains.
 *
 * All formatting is deterministic (UTC dates, fixed number formats, no locale),
 * so the same bundle always renders to the same bytes.
 */
import type { AnswerRecord, Citation, DocumentRecord } from '../../../shared/api/domain';
import { formatPageRef } from '../../../shared/text/page-labels';

export type ExportFormat = 'md' | 'html' | 'docx' | 'json';

export interface ExportBundle {
  document: DocumentRecord;
  /** One answer, one summary, or a document's whole Q&A; rendered in date order. */
  items: AnswerRecord[];
  /** ISO timestamp of the export. */
  generatedAt: string;
  appVersion: string;
  /** Printed page labels by physical page (index 0 = page 1; null = none printed). Absent: pages are named by their physical number. */
  pageLabels?: readonly (string | null)[];
}

export const EXTRACTIVE_LABEL = 'extractive, no model used';

export interface MetaRow {
  label: string;
  value: string;
}

export interface CitationRow {
  /** "p. 14", "pp. 14–15", or with printed labels "p. 22 (pdf 36)", "pp. 22–23 (pdf 36–37)" */
  pages: string;
  /** The verbatim quote, or null for a bare citation. */
  quote: string | null;
  verified: boolean;
}

export interface ItemView {
  record: AnswerRecord;
  /** 1-based position in the export. */
  index: number;
  /** "Question: ..." / "Summary (brief)" */
  heading: string;
  /** The question as asked (answers) or null (summaries). */
  question: string | null;
  /** Labels such as "extractive, no model used", "incomplete: <reason>". */
  notes: string[];
  meta: MetaRow[];
  text: string;
  citations: CitationRow[];
  /** "3 of 4 verified (75%)" or "none" */
  citationSummary: string;
}

export interface ExportView {
  title: string;
  /** Bundle kind for the file name and the heading. */
  kind: 'answer' | 'summary' | 'qa';
  meta: MetaRow[];
  items: ItemView[];
  footer: string;
}

const SUMMARY_KIND_LABEL: Record<string, string> = {
  brief: 'brief',
  detailed: 'detailed',
  chapters: 'by chapter',
  'key-terms': 'key terms',
};

/** Items in date order (oldest first); ties keep their given order. */
export function itemsInDateOrder(items: readonly AnswerRecord[]): AnswerRecord[] {
  return items
    .map((item, position) => ({ item, position, time: Date.parse(item.createdAt) }))
    .sort((a, b) => {
      const ta = Number.isNaN(a.time) ? 0 : a.time;
      const tb = Number.isNaN(b.time) ? 0 : b.time;
      return ta - tb || a.position - b.position;
    })
    .map((entry) => entry.item);
}

export function bundleKind(bundle: ExportBundle): 'answer' | 'summary' | 'qa' {
  const only = bundle.items.length === 1 ? bundle.items[0] : undefined;
  if (only) return only.kind === 'summary' ? 'summary' : 'answer';
  return 'qa';
}

export function buildView(bundle: ExportBundle): ExportView {
  const doc = bundle.document;
  const items = itemsInDateOrder(bundle.items);
  const kind = bundleKind(bundle);
  const docTitle = oneLine(doc.title) || oneLine(doc.fileName) || 'Untitled document';
  const only = items[0];
  const title =
    kind === 'answer'
      ? `Answer: ${docTitle}`
      : kind === 'summary' && only
        ? `Summary (${summaryKindLabel(only.question)}): ${docTitle}`
        : `Questions and answers: ${docTitle}`;

  const totals = sumUsage(items);
  const models = unique(items.map((item) => (item.extractive ? `none (${EXTRACTIVE_LABEL})` : item.model)));
  const strategies = unique(items.map((item) => item.strategy));
  const meta: MetaRow[] = [
    { label: 'Document', value: docTitle },
    { label: 'File', value: oneLine(doc.fileName) },
    { label: 'Pages', value: formatInt(doc.pageCount) },
    { label: 'Exported', value: formatDate(bundle.generatedAt) },
  ];
  if (items.length > 1) meta.push({ label: 'Items', value: formatInt(items.length) });
  meta.push(
    { label: models.length > 1 ? 'Models' : 'Model', value: models.join(', ') || 'none' },
    { label: strategies.length > 1 ? 'Strategies' : 'Strategy', value: strategies.join(', ') || 'none' },
    { label: 'Tokens', value: formatTokens(totals) },
    { label: 'Cost', value: formatUsd(totals.costUsd) },
  );

  return {
    title,
    kind,
    meta,
    items: items.map((record, i) => itemView(record, i + 1, bundle.pageLabels ?? [], doc.id)),
    footer: `Exported by Pagewise ${oneLine(bundle.appVersion)} on ${formatDate(bundle.generatedAt)}. Document id ${doc.id}.`,
  };
}

function itemView(record: AnswerRecord, index: number, pageLabels: readonly (string | null)[], bundleDocId: string): ItemView {
  const isSummary = record.kind === 'summary';
  const question = isSummary ? null : oneLine(record.question);
  const heading = isSummary ? `Summary (${summaryKindLabel(record.question)})` : `Question: ${question ?? ''}`;
  const notes: string[] = [];
  if (record.extractive) notes.push(EXTRACTIVE_LABEL);
  if (record.status !== 'complete') {
    const reason = record.errorMessage ? `: ${oneLine(record.errorMessage)}` : '';
    notes.push(`${record.status}${reason}`);
  }
  if (record.cached) notes.push('served from the answer cache');

  const meta: MetaRow[] = [
    { label: 'Date', value: formatDate(record.createdAt) },
    { label: 'Model', value: record.extractive ? `none (${EXTRACTIVE_LABEL})` : oneLine(record.model) },
    { label: 'Strategy', value: record.strategy },
    { label: 'Model calls', value: formatInt(record.calls) },
    {
      label: 'Tokens',
      value: formatTokens({
        promptTokens: record.usage.promptTokens,
        completionTokens: record.usage.completionTokens,
        cachedTokens: record.usage.cachedTokens,
      }),
    },
    { label: 'Cost', value: formatUsd(record.costUsd) },
  ];
  // an answer from several documents: which ones, and each citation names its document
  const several = (record.docIds?.length ?? 1) > 1;
  if (several) meta.splice(1, 0, { label: 'Documents', value: oneLine(record.scopeLabel ?? `${record.docIds?.length ?? 0} documents`) });
  const citations = record.citations.map((c) =>
    citationRow(c, c.docId === undefined || c.docId === bundleDocId ? pageLabels : [], several),
  );
  return {
    record,
    index,
    heading,
    question,
    notes,
    meta,
    text: record.text,
    citations,
    citationSummary: citationSummary(record.citations),
  };
}

/** `namedDocument`: prefix the citation's document ("Lease 2019, p. 14"; "which document?" when none could be told). */
export function citationRow(citation: Citation, pageLabels: readonly (string | null)[] = [], namedDocument = false): CitationRow {
  const pages = pagesLabel(citation, pageLabels);
  return {
    pages: namedDocument ? `${citation.docTitle !== undefined ? oneLine(citation.docTitle) : 'which document?'}, ${pages}` : pages,
    quote: citation.quote === null ? null : oneLine(citation.quote),
    verified: citation.verified,
  };
}

/** How a citation's pages are named to a reader: the printed label with the physical page where they differ. */
export function pagesLabel(
  citation: Pick<Citation, 'page' | 'pageEnd' | 'pageLabel' | 'pageEndLabel'>,
  pageLabels: readonly (string | null)[] = [],
): string {
  return formatPageRef(labelledPages(citation, pageLabels));
}

/** A citation's pages with their printed labels: the document's current labels, else those stored with the citation. */
export function labelledPages(
  citation: Pick<Citation, 'page' | 'pageEnd' | 'pageLabel' | 'pageEndLabel'>,
  pageLabels: readonly (string | null)[],
): { page: number; pageEnd: number | undefined; pageLabel: string | null; pageEndLabel: string | null } {
  return {
    page: citation.page,
    pageEnd: citation.pageEnd,
    pageLabel: pageLabels[citation.page - 1] ?? citation.pageLabel ?? null,
    pageEndLabel: citation.pageEnd === undefined ? null : (pageLabels[citation.pageEnd - 1] ?? citation.pageEndLabel ?? null),
  };
}

export function citationSummary(citations: readonly Citation[]): string {
  if (citations.length === 0) return 'none';
  const verified = citations.filter((c) => c.verified).length;
  const percent = Math.round((verified / citations.length) * 100);
  return `${verified} of ${citations.length} verified (${percent}%)`;
}

export function summaryKindLabel(kind: string): string {
  return SUMMARY_KIND_LABEL[kind] ?? oneLine(kind);
}

interface Totals {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
}

function sumUsage(items: readonly AnswerRecord[]): Totals {
  const totals: Totals = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0 };
  for (const item of items) {
    totals.promptTokens += item.usage.promptTokens;
    totals.completionTokens += item.usage.completionTokens;
    totals.cachedTokens += item.usage.cachedTokens;
    totals.costUsd += item.costUsd;
  }
  return totals;
}

export function formatTokens(t: { promptTokens: number; completionTokens: number; cachedTokens: number }): string {
  return `${formatInt(t.promptTokens)} prompt (${formatInt(t.cachedTokens)} cached), ${formatInt(t.completionTokens)} completion`;
}

/** 1234567 -> "1,234,567" (locale-independent). */
export function formatInt(value: number): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Dollars with 4 decimals (model calls are cheap); "$0.00" for nothing. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '$0.00';
  if (value < 0.0001) return '<$0.0001';
  return `$${value.toFixed(4)}`;
}

/** ISO timestamp -> "2026-03-14 09:26 UTC" (the raw string if it does not parse). */
export function formatDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return oneLine(iso);
  const d = new Date(time).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

/** Collapse whitespace (newlines included) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Control characters (other than tab / newline) and lone surrogates have no place in a text file. */
export function stripInvalidChars(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}
