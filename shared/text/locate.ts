/**
 * Where a quote stands in a page's text: the verifier's matching rules
 * (electron/core/analysis/citations.ts: normalised text, whole words,
 * punctuation loose between words but exact at numbers, ellipsis parts in
 * order, hyphenation joined or kept, a quote over a page break), returning the
 * spans of the original text instead of yes or no. The viewer maps those spans
 * onto the pdf.js text layer, so a quote the engine verified is highlighted.
 */
import { MappedText } from './mapped-text';
import { matchReplacements, normalizeForMatch } from './normalize';

/** [start, end) in the text that was searched. */
export interface TextSpan {
  start: number;
  end: number;
}

// Built on first use: parsing a \p{...} class costs every process that imports this file (the CLI's start).
let letterOrDigit: RegExp | undefined;
let digit: RegExp | undefined;
const isLetterOrDigit = (text: string): boolean => (letterOrDigit ??= /[\p{L}\p{N}]/u).test(text);
const isDigit = (text: string): boolean => (digit ??= /\p{N}/u).test(text);
const HYPHENATION_MODES = ['join', 'keep'] as const;

/** normalizeForMatch, keeping a map from every character back to the input. */
export function normalizeMapped(text: string | MappedText, hyphenation: 'join' | 'keep' = 'join'): MappedText {
  let out = typeof text === 'string' ? MappedText.source(text, 0, true) : text;
  // NFKC one character (with its combining marks) at a time, so each result keeps its origin
  out = out.replace(/\P{M}\p{M}*|\p{M}+/gu, (cluster) => cluster.normalize('NFKC'));
  for (const [pattern, replacement] of matchReplacements(hyphenation)) out = out.replace(pattern, replacement);
  return out
    .replace(/[^\s]/gu, (ch) => ch.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The looser form for punctuation the model may drop or change: runs of other characters become one space,
 * except where they touch a number, which stays exact ("8.7", "1,234", "-0.25%", "(12)" keep their marks).
 */
export function looseForm(normalized: MappedText): MappedText {
  return normalized
    .replace(/[^\p{L}\p{N}]+/gu, (run, { offset, whole }) => {
      const digitBefore = isDigit(whole[offset - 1] ?? '');
      const digitAfter = isDigit(whole[offset + run.length] ?? '');
      if (digitBefore && digitAfter) return run.replace(/\s+/g, '');
      const percent = digitBefore && /^\s*%/.test(run) ? '%' : '';
      const sign = digitAfter ? (/[-+($]\s*$/.exec(run)?.[0].trim() ?? '') : '';
      return `${percent} ${sign}`;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** looseForm of a plain string (no position map): what the verifier matches on. */
export function loosePlain(text: string): string {
  return looseForm(MappedText.source(text, 0, false)).text;
}

/** Enough to be evidence: two words, or one word of at least 8 letters or digits. */
export function isSubstantial(quote: string): boolean {
  const words = quote.split(/\s+/).filter((w) => isLetterOrDigit(w));
  return words.length >= 2 || (words[0] ?? '').replace(/[^\p{L}\p{N}]/gu, '').length >= 8;
}

/** `part` occurs in `text` from `from` on, starting and ending on word boundaries; returns its start or -1. */
export function findWhole(text: string, part: string, from = 0): number {
  const wordStart = isLetterOrDigit(part[0] ?? '');
  const wordEnd = isLetterOrDigit(part[part.length - 1] ?? '');
  for (let at = text.indexOf(part, from); at >= 0; at = text.indexOf(part, at + 1)) {
    const end = at + part.length;
    if (wordStart && isLetterOrDigit(text[at - 1] ?? '')) continue;
    if (wordEnd && isLetterOrDigit(text[end] ?? '')) continue;
    return at;
  }
  return -1;
}

/** The quote as it is matched: normalised, outer quote marks dropped, every ellipsis written "...". */
export function cleanQuote(quote: string): string {
  return unifyEllipses(
    normalizeForMatch(quote)
      .replace(/^["']+|["']+$/g, '')
      .trim(),
  );
}

/** "a . . . b" and "a [...] b" -> "a...b": the spaced and bracketed ellipses are omissions too. */
function unifyEllipses(quote: string): string {
  return quote.replace(/\[\s*\.\.\.\s*\]|\.(?:\s\.){2}/g, '...');
}

/** Units [start, end) of a derived form as a span of the original text (every MappedText maps to its first source). */
function spanIn(form: MappedText, start: number, end: number): TextSpan | null {
  const span = form.span(start, end);
  return span ? { start: span[0], end: span[1] } : null;
}

/**
 * Where `quote` occurs in `text` (exactly after normalisation, or with loose punctuation between words; an
 * ellipsis splits it into parts found in order): one span per part, or null when it does not occur or is
 * too short to be evidence. Occurs exactly when the verifier's quoteOccursIn says so.
 */
export function locateQuote(quote: string, text: string): TextSpan[] | null {
  const q = cleanQuote(quote);
  if (q === '' || !isSubstantial(q.replace(/\.\.\./g, ' '))) return null;
  // a hyphen at a line end is either a split word ("termi-\nnation") or a compound ("long-\nterm"): try both
  for (const mode of HYPHENATION_MODES) {
    const page = normalizeMapped(text, mode);
    const at = findWhole(page.text, q);
    if (at >= 0) {
      const span = spanIn(page, at, at + q.length);
      if (span) return [span];
    }
    const loosePage = looseForm(page);
    const parts = q
      .split('...')
      .map(loosePlain)
      .filter((p) => p !== '');
    if (parts.length === 0) continue;
    const spans: TextSpan[] = [];
    let from = 0;
    for (const part of parts) {
      const start = findWhole(loosePage.text, part, from);
      if (start < 0) break;
      from = start + part.length;
      const span = spanIn(loosePage, start, from);
      if (span) spans.push(span);
    }
    if (spans.length === parts.length) return spans;
  }
  return null;
}

/** How far from the page break the halves of a quote may sit (running footer, page number, header between them). */
const SEAM_REACH = 400;
/** Longer quotes are not tried across a page break (the split search is quadratic in the quote). */
const SEAM_MAX_QUOTE = 600;

/**
 * A quote that runs over the break from page A to page B: its first part near the end of A, the rest near
 * the start of B (the verifier's quoteSpansPageBreak). Returns the span on each page, or null.
 */
export function locateQuoteAcrossBreak(quote: string, pageA: string, pageB: string): { a: TextSpan; b: TextSpan } | null {
  const cleaned = cleanQuote(quote);
  if (cleaned.includes('...')) return null;
  const q = loosePlain(cleaned);
  if (q.length > SEAM_MAX_QUOTE || !isSubstantial(q)) return null;
  for (const mode of HYPHENATION_MODES) {
    const a = looseForm(normalizeMapped(pageA, mode));
    const b = looseForm(normalizeMapped(pageB, mode));
    const tailStart = Math.max(0, a.length - SEAM_REACH);
    const tail = ` ${a.text.slice(tailStart)} `;
    const head = ` ${b.text.slice(0, SEAM_REACH)} `;
    for (let i = 1; i < q.length; i++) {
      const first = q.slice(0, i).trimEnd();
      const rest = q.slice(i).trimStart();
      if (first === '' || rest === '') continue;
      // the needle is padded with spaces: the part itself starts one character later, minus the padding of the page
      const inTail = findWhole(tail, ` ${first} `);
      if (inTail < 0) continue;
      const inHead = findWhole(head, ` ${rest} `);
      if (inHead < 0) continue;
      const spanA = spanIn(a, tailStart + inTail, tailStart + inTail + first.length);
      const spanB = spanIn(b, inHead, inHead + rest.length);
      if (spanA && spanB) return { a: spanA, b: spanB };
    }
  }
  return null;
}
