/**
 * Page citations in model output: parse them, then verify each quote against
 * the stored text of the cited page(s).
 *
 * Accepted forms (straight or curly quotes, « », „ “):
 *   "quote" [p. 14]     "quote" [pp. 14-15]     "quote" [p. 14, 16]     "quote" (p. 14)
 *   "quote" [page 14]   "quote" [pages 14–15]   bare [p. 14] / (p. 14) / [pp. 14-15] / [p. 14, 16]
 * A list "[p. 14, 16]" yields one citation per page (the same quote for each).
 *
 * Verification rules:
 * - text on both sides is normalised: Unicode NFKC (ligatures ﬁ ﬂ), soft
 *   hyphens removed, words hyphenated across a line break rejoined, quote and
 *   dash styles unified, whitespace collapsed, case folded; an ellipsis inside
 *   the quote splits it into parts that must all appear on the page(s) in order;
 * - a quote is verified when it occurs in the cited page (for a range
 *   [pp. a-b], in the text of pages a..b joined) AND that page was in the
 *   context sent to the model;
 * - a citation to a page that was not in the context is unverified;
 * - a bare citation (no quote) is verified only when the page was in the
 *   context (the app cannot check the claim itself, only that the page was read).
 */
import { normalizeForMatch } from '../../../shared/text/normalize';
import type { Citation } from '../../../shared/api/domain';

export interface ParsedCitation {
  page: number;
  pageEnd?: number;
  quote: string | null;
  /** Offset of the citation (quote start, or bracket for a bare one) in the text. */
  index: number;
}

const OPEN_QUOTES = '"\u201C\u201E\u00AB\u201F';
const CLOSE_QUOTES = '"\u201D\u00BB\u201C';

// page reference inside [ ] or ( ): p. 14 | pp. 14-15 | p. 14, 16 | page 14 | pages 14 and 16
const PAGE_REF = String.raw`(?:pp?\.?|pages?)\s*(\d{1,5}(?:\s*(?:[-\u2010-\u2015]|,|and|&)\s*(?:pp?\.?\s*)?\d{1,5})*)`;
const BRACKET_REF = String.raw`(?:\[\s*${PAGE_REF}\s*\]|\(\s*${PAGE_REF}\s*\))`;
const QUOTE = String.raw`[${OPEN_QUOTES}]([^${OPEN_QUOTES}${CLOSE_QUOTES}\n]{1,1500}?)[${CLOSE_QUOTES}]`;
// Quote, optional short punctuation/space between, then the page reference.
const QUOTED_CITATION = new RegExp(String.raw`${QUOTE}[\s,.;:]{0,3}${BRACKET_REF}`, 'gi');
const BARE_CITATION = new RegExp(BRACKET_REF, 'gi');

function expandPages(spec: string): { page: number; pageEnd?: number }[] {
  const out: { page: number; pageEnd?: number }[] = [];
  // split on commas / "and" / "&"; each part is N or N-M
  for (const part of spec.split(/\s*(?:,|\band\b|&)\s*/i)) {
    const nums = part.match(/\d{1,5}/g);
    if (!nums || nums.length === 0) continue;
    const a = Number(nums[0]);
    const b = nums.length > 1 ? Number(nums[1]) : a;
    if (!(a > 0)) continue;
    if (b > a && b - a <= 50) out.push({ page: a, pageEnd: b });
    else out.push({ page: a });
  }
  return out;
}

export function parseCitations(text: string): ParsedCitation[] {
  const out: ParsedCitation[] = [];
  const covered: [number, number][] = [];
  for (const m of text.matchAll(QUOTED_CITATION)) {
    const quote = (m[1] ?? '').trim();
    const spec = m[2] ?? m[3] ?? '';
    const start = m.index ?? 0;
    covered.push([start, start + m[0].length]);
    for (const p of expandPages(spec)) out.push({ ...p, quote: quote === '' ? null : quote, index: start });
  }
  for (const m of text.matchAll(BARE_CITATION)) {
    const start = m.index ?? 0;
    if (covered.some(([a, b]) => start >= a && start < b)) continue;
    const spec = m[1] ?? m[2] ?? '';
    for (const p of expandPages(spec)) out.push({ ...p, quote: null, index: start });
  }
  out.sort((x, y) => x.index - y.index);
  return out;
}

/** A looser form: letters and digits only, single spaces (punctuation differences ignored). */
function looseForm(normalized: string): string {
  return normalized
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Does the quote occur in the page text? Exact after normalisation, or after
 * dropping punctuation (models often drop a comma or change a quote mark);
 * "..." in the quote means an omission: every part must occur, in order.
 */
export function quoteOccursIn(quote: string, pageText: string): boolean {
  const q = normalizeForMatch(quote).replace(/^["']+|["']+$/g, '').trim();
  if (q === '') return false;
  // a hyphen at a line end is either a split word ("termi-\nnation") or a compound ("long-\nterm"): try both
  for (const mode of ['join', 'keep'] as const) {
    if (occursNormalized(q, normalizeForMatch(pageText, mode))) return true;
  }
  return false;
}

function occursNormalized(q: string, page: string): boolean {
  if (page.includes(q)) return true;
  const loosePage = ` ${looseForm(page)} `;
  const parts = q
    .split(/\.\.\.|\[\.\.\.\]/)
    .map((p) => looseForm(p))
    .filter((p) => p !== '');
  if (parts.length === 0) return false;
  let from = 0;
  for (const part of parts) {
    const at = loosePage.indexOf(` ${part} `, from);
    if (at < 0) return false;
    from = at + part.length + 1;
  }
  return true;
}

export interface VerifyOptions {
  /** Stored text for a page number; undefined when the page does not exist. */
  pageText: (pageNumber: number) => string | undefined;
  /** Pages that were in the context sent to the model (or read, in extractive mode). */
  contextPages: ReadonlySet<number>;
}

export function verifyCitations(parsed: readonly ParsedCitation[], options: VerifyOptions): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  for (const c of parsed) {
    const key = `${c.page}|${c.pageEnd ?? ''}|${c.quote ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const last = c.pageEnd ?? c.page;
    const pages: number[] = [];
    for (let p = c.page; p <= last; p++) pages.push(p);
    const inContext = pages.every((p) => options.contextPages.has(p));
    let verified = false;
    if (inContext) {
      if (c.quote === null) verified = pages.every((p) => options.pageText(p) !== undefined);
      else {
        const texts = pages.map((p) => options.pageText(p));
        if (texts.every((t) => t !== undefined)) verified = quoteOccursIn(c.quote, texts.join('\n'));
      }
    }
    const citation: Citation = { page: c.page, quote: c.quote, verified };
    if (c.pageEnd !== undefined) citation.pageEnd = c.pageEnd;
    out.push(citation);
  }
  return out;
}

/** Share of verified citations, 1 when there are none. */
export function verifiedShare(citations: readonly Citation[]): number {
  if (citations.length === 0) return 1;
  return citations.filter((c) => c.verified).length / citations.length;
}

/** Pages a text cites (for fetching their stored text before verification). */
export function citedPages(parsed: readonly ParsedCitation[]): number[] {
  const set = new Set<number>();
  for (const c of parsed) for (let p = c.page; p <= (c.pageEnd ?? c.page); p++) set.add(p);
  return [...set].sort((a, b) => a - b);
}

export { normalizeForMatch };
