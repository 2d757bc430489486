/**
 * The one citation grammar: how a page citation is written in model text.
 * The engine parses answers with it before verifying them, and the renderer
 * splits the same text by the same spans to draw chips, so every citation
 * the engine stores is exactly one chip on screen.
 *
 * A citation is a page reference in square brackets or parentheses, with an
 * optional quote right before it (straight or curly quotes, « », „ “):
 *   "quote" [p. 14]    "quote" (p. 14)    [pg. 40]    [p 79]    [page 14]
 *   [pp. 14-15]   [pages 20 and 93]   [p. 14, 16]   [p. 14; p. 16]   [pp. 100-01]
 * Up to three characters of space or punctuation may stand between the quote
 * and its reference ("quote", [p. 4] and "quote". [p. 4] both count).
 * A list yields one page reference per item; "100-01" is 100-101 (the usual
 * shortened range) and a reversed range is put in order.
 *
 * A reference may name its document first (issue 10): "[D2, p. 14]" (the key
 * a prompt over several documents gives it) or its title as written,
 * "[Lease 2019, p. 14]", "(Lease 2019, pp. 3-4)": the bracket body is
 * DOCUMENT_PREFIX + page list, and `document` is what was written (the engine
 * maps it to a document of the answer; a bare reference has null).
 */

/** One page or page range a citation names (1-based physical pages). */
export interface PageRef {
  page: number;
  /** Last page of a range; absent for one page. */
  pageEnd?: number;
}

/** One citation as written: where it is in the text, its quote, and the pages it names. */
export interface CitationSpan {
  /** Start of the citation: its opening quote mark, or its bracket when it has no quote. */
  start: number;
  /** End (exclusive) of its closing bracket. */
  end: number;
  /** Span of the bracketed reference ("[p. 14]") alone: what the screen turns into chips. */
  refStart: number;
  refEnd: number;
  /** The quoted words (trimmed), null for a bare reference. */
  quote: string | null;
  /** Pages named, in the order written; never empty. */
  pages: PageRef[];
  /** The document the reference names (issue 10); null means the answer's own document. */
  document: string | null;
}

const OPEN_QUOTES = '"\u201C\u201E\u00AB\u201F';
const CLOSE_QUOTES = '"\u201D\u00BB\u201C';

/** A page word: p, p., pp., pg., pgs., page, pages (any case). */
const PAGE_WORD = String.raw`(?:pp?\.?|pgs?\.?|pages?)`;
const NUMBER = String.raw`\d{1,5}`;
const DASH = String.raw`[-\u2010-\u2015]`;
const LIST_SEPARATOR = String.raw`(?:,|;|\band\b|&)`;
/** "p. 14", "pp. 14-15, 20", "p. 14; p. 16", "pages 20 and 93" */
const PAGE_LIST = String.raw`${PAGE_WORD}\s*${NUMBER}(?:\s*(?:${DASH}|${LIST_SEPARATOR})\s*(?:${PAGE_WORD}\s*)?${NUMBER})*`;
/**
 * A reference that names its document (issue 10): up to 80 characters without brackets, commas or line breaks,
 * not themselves a page list ("[p. 14, p. 16]" is two pages, not a document "p. 14"), then a comma. `group`
 * names the captured document (a regex may not repeat a group name).
 */
const DOCUMENT_PREFIX = (group: string): string =>
  String.raw`(?:(?!${PAGE_WORD}\s*\d)(?<${group}>[^\[\]()
,"“”]{1,80}?)\s*,\s*)?`;
/** The inside of a reference; `group` names the page list (a regex may not repeat a group name). */
const bracketBody = (group: string, docGroup: string): string => String.raw`${DOCUMENT_PREFIX(docGroup)}(?<${group}>${PAGE_LIST})`;
const REFERENCE = String.raw`(?:\[\s*${bracketBody('pages', 'doc')}\s*\]|\(\s*${bracketBody('pagesInParens', 'docInParens')}\s*\))`;
const QUOTE = String.raw`[${OPEN_QUOTES}](?<quote>[^${OPEN_QUOTES}${CLOSE_QUOTES}\n]{1,1500}?)[${CLOSE_QUOTES}]`;
/** An optional quote, then up to three spaces/punctuation marks, then the reference. */
const CITATION = new RegExp(String.raw`(?:${QUOTE}(?<gap>[\s,.;:]{0,3}))?(?<ref>${REFERENCE})`, 'giu');

/** Ranges longer than this are read as their first page: "[pp. 10-80]" is not a citation of 71 pages. */
const MAX_RANGE = 50;

/** The last page of "a-b": "114-15" is 114-115 (the usual shortened form). */
function rangeEnd(a: string, b: string): number {
  if (b.length < a.length && Number(b) < Number(a)) {
    const widened = Number(a.slice(0, a.length - b.length) + b);
    if (widened > Number(a)) return widened;
  }
  return Number(b);
}

/** The pages of a page list: "pp. 14-15; p. 20" -> [{14, 15}, {20}]. */
export function parsePageList(spec: string): PageRef[] {
  const out: PageRef[] = [];
  for (const part of spec.split(/\s*(?:,|;|\band\b|&)\s*/i)) {
    const nums = part.match(/\d{1,5}/g);
    if (!nums?.[0]) continue;
    let a = Number(nums[0]);
    let b = nums[1] !== undefined ? rangeEnd(nums[0], nums[1]) : a;
    if (b < a) [a, b] = [b, a];
    if (!(a > 0)) continue;
    out.push(b > a && b - a <= MAX_RANGE ? { page: a, pageEnd: b } : { page: a });
  }
  return out;
}

/** Every citation in the text, in order, with its character spans. */
export function parseCitationSpans(text: string): CitationSpan[] {
  const out: CitationSpan[] = [];
  for (const m of text.matchAll(CITATION)) {
    const groups = m.groups ?? {};
    const spec = groups.pages ?? groups.pagesInParens ?? '';
    const pages = parsePageList(spec);
    if (pages.length === 0) continue;
    const start = m.index;
    const end = start + m[0].length;
    const refText = groups.ref ?? '';
    const quote = groups.quote === undefined ? null : groups.quote.trim() || null;
    out.push({ start, end, refStart: end - refText.length, refEnd: end, quote, pages, document: (groups.doc ?? groups.docInParens)?.trim() || null });
  }
  return out;
}

/** One page reference of a citation with its quote: what the engine verifies and stores, and what a chip shows. */
export interface CitationRef extends PageRef {
  quote: string | null;
  /** The document the reference names as written ("D2", "Lease 2019"); null for a bare one. */
  document?: string | null;
}

/** The page references of the spans, flattened (a list "[p. 14, 16]" gives one per page, each with the quote). */
export function citationRefs(spans: readonly CitationSpan[]): CitationRef[] {
  const out: CitationRef[] = [];
  for (const span of spans) for (const p of span.pages) out.push(span.document === null ? { ...p, quote: span.quote } : { ...p, quote: span.quote, document: span.document });
  return out;
}

/**
 * The identity of a citation within one answer: the same pages and the same quote are one stored citation.
 * The engine stores one citation per key (first occurrence); the screen finds a chip's record by it.
 */
export function citationKey(ref: CitationRef): string {
  return `${ref.page}|${ref.pageEnd ?? ''}|${ref.quote ?? ''}`;
}
