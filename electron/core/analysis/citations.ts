/**
 * Page citations in model output: parse them, then verify each quote against
 * the stored text of the cited page(s).
 *
 * The forms accepted are those of the one citation grammar, shared/text/citations.ts
 * (the renderer draws its chips from the same parse). A list "[p. 14, 16]"
 * yields one citation per page (the same quote for each).
 *
 * Verification rules:
 * - text on both sides is normalised: Unicode NFKC (ligatures ﬁ ﬂ), soft
 *   hyphens removed, words hyphenated across a line break rejoined, quote and
 *   dash styles unified, whitespace collapsed, case folded; an ellipsis inside
 *   the quote ("…", "...", ". . .", "[...]") splits it into parts that must all
 *   appear on the page(s) in order;
 * - the quote must match whole words (no "ssee shall pa" out of "lessee shall
 *   pay") and be long enough to be evidence (two words, or one of 8+ letters):
 *   "the" proves nothing;
 * - punctuation may differ between words, never in or next to a number:
 *   "$8,7 billion" does not verify "$8.7 billion", nor "0.25%" "-0.25%";
 * - a quote is verified when it occurs in the cited page (for a range
 *   [pp. a-b], in the text of pages a..b joined, or split across the page
 *   break with the running footer/header between its halves) AND that page
 *   was in the context sent to the model;
 * - a citation to a page that was not in the context is unverified;
 * - a bare citation (no quote) is verified only when the page was in the
 *   context (the app cannot check the claim itself, only that the page was read).
 *
 * The matching helpers (loose form, whole words, quote cleaning, what is evidence) are shared/text/locate.ts's,
 * the same rules the viewer uses to highlight a verified quote.
 */
import { normalizeForMatch } from '../../../shared/text/normalize';
import { cleanQuote, findWhole, isSubstantial, loosePlain } from '../../../shared/text/locate';
import { citationKey, parseCitationSpans } from '../../../shared/text/citations';
import type { Citation } from '../../../shared/api/domain';

/**
 * Bump when a verification rule changes (what counts as a match, as evidence, as in context). Stored answers
 * written by another version are re-verified when they are read (store/answers: see verifierVersion there).
 */
export const VERIFIER_VERSION = 'verify-2026-12-02.1';

export interface ParsedCitation {
  page: number;
  pageEnd?: number;
  quote: string | null;
  /** Offset of the citation (quote start, or bracket for a bare one) in the text. */
  index: number;
  /** The document the reference names as written ("D2", "Lease 2019"); null for a bare reference. */
  document: string | null;
}

/** The citations of a text, one per page reference, in text order (the shared grammar). */
export function parseCitations(text: string): ParsedCitation[] {
  const out: ParsedCitation[] = [];
  for (const span of parseCitationSpans(text)) {
    for (const p of span.pages) out.push({ ...p, quote: span.quote, index: span.start, document: span.document });
  }
  return out;
}

/**
 * Does the quote occur in the page text? Exact after normalisation, or after
 * dropping punctuation between words (models often drop a comma or change a
 * quote mark); "..." in the quote means an omission: every part must occur,
 * in order. Whole words only; a quote too short to be evidence never matches.
 */
export function quoteOccursIn(quote: string, pageText: string): boolean {
  const q = cleanQuote(quote);
  if (q === '' || !isSubstantial(q.replace(/\.\.\./g, ' '))) return false;
  // a hyphen at a line end is either a split word ("termi-\nnation") or a compound ("long-\nterm"): try both
  for (const mode of ['join', 'keep'] as const) {
    if (occursNormalized(q, normalizeForMatch(pageText, mode))) return true;
  }
  return false;
}

function occursNormalized(q: string, page: string): boolean {
  if (findWhole(page, q) >= 0) return true;
  const loosePage = loosePlain(page);
  const parts = q
    .split('...')
    .map(loosePlain)
    .filter((p) => p !== '');
  if (parts.length === 0) return false;
  let from = 0;
  for (const part of parts) {
    const start = findWhole(loosePage, part, from);
    if (start < 0) return false;
    from = start + part.length;
  }
  return true;
}

/** How far from the page break the halves of a quote may sit (running footer, page number, header between them). */
const SEAM_REACH = 400;
/** Longer quotes are not tried across a page break (the split search is quadratic in the quote). */
const SEAM_MAX_QUOTE = 600;

/**
 * A quote that runs over the break from page A to page B: its first part near the end of A and the rest near
 * the start of B, whatever footer and header stand between. The split may fall inside a word hyphenated
 * across the pages ("cre-" / "ativity").
 */
export function quoteSpansPageBreak(quote: string, pageA: string, pageB: string): boolean {
  // an omission ("...") is checked on the cleaned quote: the loose form drops the dots
  const cleaned = cleanQuote(quote);
  if (cleaned.includes('...')) return false;
  const q = loosePlain(cleaned);
  if (q.length > SEAM_MAX_QUOTE || !isSubstantial(q)) return false;
  for (const mode of ['join', 'keep'] as const) {
    const a = loosePlain(normalizeForMatch(pageA, mode));
    const b = loosePlain(normalizeForMatch(pageB, mode));
    const tail = a.slice(Math.max(0, a.length - SEAM_REACH));
    const head = b.slice(0, SEAM_REACH);
    for (let i = 1; i < q.length; i++) {
      const first = q.slice(0, i).trimEnd();
      const rest = q.slice(i).trimStart();
      if (first === '' || rest === '') continue;
      // the first part ends at a word end or where the page hyphenated the word; the rest starts a word
      if (findWhole(` ${tail} `, ` ${first} `) >= 0 && findWhole(` ${head} `, ` ${rest} `) >= 0) return true;
    }
  }
  return false;
}

export interface VerifyOptions {
  /** Stored text for a page number; undefined when the page does not exist. */
  pageText: (pageNumber: number) => string | undefined;
  /** Pages that were in the context sent to the model (or read, in extractive mode). */
  contextPages: ReadonlySet<number>;
  /** Printed label of a page, null when it has none; absent: labels unknown (all null). */
  pageLabel?: (pageNumber: number) => string | null;
}

/** Does this citation verify against one document (its pages in context, its quote on them)? */
function verifiesIn(c: { page: number; pageEnd?: number; quote: string | null }, options: VerifyOptions): boolean {
  const last = c.pageEnd ?? c.page;
  const pages: number[] = [];
  for (let p = c.page; p <= last; p++) pages.push(p);
  if (!pages.every((p) => options.contextPages.has(p))) return false;
  if (c.quote === null) return pages.every((p) => options.pageText(p) !== undefined);
  const texts = pages.map((p) => options.pageText(p));
  if (!texts.every((t) => t !== undefined)) return false;
  let verified = quoteOccursIn(c.quote, texts.join('\n'));
  for (let i = 0; !verified && i + 1 < texts.length; i++) verified = quoteSpansPageBreak(c.quote, texts[i] as string, texts[i + 1] as string);
  return verified;
}

function citationOf(c: ParsedCitation, verified: boolean, label: (page: number) => string | null): Citation {
  const citation: Citation = { page: c.page, pageLabel: label(c.page), quote: c.quote, verified };
  if (c.pageEnd !== undefined) {
    citation.pageEnd = c.pageEnd;
    citation.pageEndLabel = label(c.pageEnd);
  }
  return citation;
}

export function verifyCitations(parsed: readonly ParsedCitation[], options: VerifyOptions): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  for (const c of parsed) {
    const key = citationKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(citationOf(c, verifiesIn(c, options), options.pageLabel ?? ((): null => null)));
  }
  return out;
}

/** One document an answer over several was written from, for verifying its citations. */
export interface VerifySource extends VerifyOptions {
  docId: string;
  /** Its key in the prompt (D1, D2, ...). */
  key: string;
  title: string;
}

/** A loose form of a document name for matching what a model wrote: letters and digits, lower case. */
function nameForm(s: string): string {
  return normalizeForMatch(s, 'keep').replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The source a written document name means: its key, its title (loosely), or an id prefix; null when none or several. */
export function resolveSourceName(name: string, sources: readonly VerifySource[]): VerifySource | null {
  const key = sources.find((s) => s.key.toLowerCase() === name.trim().toLowerCase());
  if (key) return key;
  const wanted = nameForm(name);
  if (wanted === '') return null;
  const exact = sources.filter((s) => nameForm(s.title) === wanted);
  if (exact.length === 1) return exact[0] ?? null;
  const partial = sources.filter((s) => {
    const t = nameForm(s.title);
    return t.includes(wanted) || wanted.includes(t);
  });
  if (partial.length === 1) return partial[0] ?? null;
  const byId = name.trim().length >= 6 ? sources.filter((s) => s.docId.startsWith(name.trim().toLowerCase())) : [];
  return byId.length === 1 ? (byId[0] ?? null) : null;
}

/**
 * Citations of an answer over several documents. A reference that names its document ([D2, p. 14],
 * [Lease 2019, p. 14]) is verified against that document; a bare [p. 14] is attributed to the one sent
 * document whose page 14 (in the context) holds the quote, or, without a quote, the one sent document with
 * page 14 in the context. Several or none: unverified, and no document is claimed.
 */
export function verifyAcross(parsed: readonly ParsedCitation[], sources: readonly VerifySource[]): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  for (const c of parsed) {
    let source: VerifySource | null = null;
    let verified = false;
    if (c.document !== null) {
      source = resolveSourceName(c.document, sources);
      verified = source !== null && verifiesIn(c, source);
    } else {
      const holding = sources.filter((s) => verifiesIn(c, s));
      if (holding.length === 1) {
        source = holding[0] ?? null;
        verified = true;
      }
    }
    const key = `${source?.docId ?? `?${c.document ?? ''}`}#${citationKey(c)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const citation = citationOf(c, verified, source?.pageLabel ?? ((): null => null));
    if (source) {
      citation.docId = source.docId;
      citation.docTitle = source.title;
    }
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
  // several documents: the union over them (a bare [p. N] may be any document's)
  const set = new Set<number>();
  for (const c of parsed) for (let p = c.page; p <= (c.pageEnd ?? c.page); p++) set.add(p);
  return [...set].sort((a, b) => a - b);
}

export { normalizeForMatch };
