/**
 * Printed page labels inferred from running page numbers, for PDFs without /PageLabels
 * (most filings and contracts): pure functions over each page's first and last lines.
 *
 * A number is a page's label only when it behaves like a running page number:
 *  - it stands in one of the first or last EDGE_ROWS (3) non-blank rows of the page (by position), either as the
 *    whole line ("37", "- 37 -", "Page 37", "Page 37 of 80", "iv", "F-12") or at one end of a line
 *    whose other words recur on other pages as running text ("2019 FORM 10-K 37",
 *    "50 NIKE, INC.", "Verizon 2021 Annual Report on Form 10-K 5");
 *  - and it keeps step with the physical page: another page within NEIGHBOUR_PAGES has a candidate
 *    of the same kind (arabic, roman, or the same prefix such as "F-") at the same offset from its
 *    physical number. That rules out years, dates, note numbers and table values, which do not
 *    advance one a page.
 * Pages with no such number (covers, dividers, exhibits without numbers) get null.
 */
import type { PageEdges } from './types';

export type { PageEdges };

/** A candidate needs a same-kind, same-offset candidate at most this many pages away. */
export const NEIGHBOUR_PAGES = 4;
/** Running text (what is left of an edge line without its number) must recur on at least this many pages. */
export const MIN_RUNNING_PAGES = 3;

/** Rows kept at the top and at the bottom of a page. */
export const EDGE_ROWS = 3;
/** An edge row is cut to this many characters (a page-number row is short; a one-line page must not be copied whole). */
export const EDGE_ROW_CHARS = 200;

/** The first and last EDGE_ROWS non-blank rows of a page (rows top to bottom, by position: layout.ts positionalRows). */
export function edgesOfRows(rows: readonly string[]): PageEdges {
  const lines: string[] = [];
  for (const raw of rows) {
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    const line = raw.slice(0, 2 * EDGE_ROW_CHARS).replace(/[\u0000-\u001F\u007F\u00AD]/g, '').replace(/\s+/g, ' ').trim().slice(0, EDGE_ROW_CHARS);
    if (line !== '') lines.push(line);
  }
  const top = lines.slice(0, EDGE_ROWS);
  const bottom = lines.length > EDGE_ROWS ? lines.slice(Math.max(EDGE_ROWS, lines.length - EDGE_ROWS)) : [];
  return { top, bottom };
}

/** The edge lines of a page from its text alone (lines separated by '\n'), for pages that come without positions (tests, OCR text). */
export function pageEdges(text: string): PageEdges {
  return edgesOfRows(text.split('\n'));
}

type Kind = 'arabic' | 'roman' | `prefix:${string}`;

interface Candidate {
  /** What the page prints ("37", "iv", "F-12"). */
  label: string;
  kind: Kind;
  value: number;
  /** The number is the whole line (stronger than one at the end of running text). */
  whole: boolean;
  /** For a number at one end of a line: the rest of the line, digits masked (running-text key). */
  rest: string | null;
}

const ROMAN = /^(?=[ivxlc]+$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;
const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** "xiv" -> 14; null when it is not a well-formed roman numeral below 400. */
export function romanValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === '' || !ROMAN.test(lower)) return null;
  let total = 0;
  for (let i = 0; i < lower.length; i++) {
    const value = ROMAN_VALUES[lower.charAt(i)] ?? 0;
    const next = ROMAN_VALUES[lower.charAt(i + 1)] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** Page numbers above this are not taken (years like 2019 are weeded out by the step rule; this bounds the rest). */
const MAX_PAGE_NUMBER = 5000;
const DASHES = '[-\u2010-\u2015\u2212]';

/** A bare page-number token: "37", "iv" (roman, one case), "F-12", "A3". */
function parseToken(token: string): Omit<Candidate, 'whole' | 'rest'> | null {
  if (/^\d{1,4}$/.test(token)) {
    const value = Number(token);
    if (value < 1 || value > MAX_PAGE_NUMBER || token.startsWith('0')) return null;
    return { label: token, kind: 'arabic', value };
  }
  if (/^[ivxlc]+$/.test(token) || /^[IVXLC]+$/.test(token)) {
    const value = romanValue(token);
    return value === null ? null : { label: token, kind: 'roman', value };
  }
  const prefixed = new RegExp(`^([A-Z]{1,2})${DASHES}?(\\d{1,3})$`).exec(token);
  if (prefixed) {
    const [, prefix = '', digits = ''] = prefixed;
    const value = Number(digits);
    if (value < 1 || digits.startsWith('0')) return null;
    return { label: `${prefix}-${digits}`, kind: `prefix:${prefix}`, value };
  }
  return null;
}

/** The whole line is a page number: "37", "- 37 -", "Page 37", "Page 37 of 80", "p. iv", "F-12". */
const WHOLE_LINE = new RegExp(
  `^(?:${DASHES}\\s*)?(?:(?:page|pg\\.?|p\\.)\\s*)?([A-Za-z]{0,2}${DASHES}?\\d{1,4}|[ivxlcIVXLC]{1,8})(?:\\s*${DASHES})?(?:\\s+of\\s+\\d{1,4})?$`,
  'i',
);
/** "... Page 5 of 80 ..." anywhere in an edge line. */
const PAGE_OF = /\bpage\s+(\d{1,4})\s+of\s+\d{1,4}\b/i;
/** A number at the start or the end of a line, set off from words by space or a bar. */
const LEADING = /^(\d{1,4}|[A-Z]{1,2}-\d{1,3})(?:\s*[|\u2022\u00b7]\s*|\s{1,})(.*[A-Za-z].*)$/;
const TRAILING = /^(.*[A-Za-z].*?)(?:\s*[|\u2022\u00b7]\s*|\s{1,})(?:page\s+)?(\d{1,4}|[A-Z]{1,2}-\d{1,3})$/i;

/** The running-text key of what surrounds a number: lower case, digits masked, spaces collapsed. */
function runningKey(text: string): string {
  return text.toLowerCase().replace(/\d/g, '#').replace(/[^\p{L}#]+/gu, ' ').trim();
}

/** Page-number candidates in one edge line (none for ordinary text). */
export function lineCandidates(line: string): Candidate[] {
  const text = line.trim();
  const whole = WHOLE_LINE.exec(text);
  if (whole?.[1]) {
    const token = parseToken(whole[1]);
    return token ? [{ ...token, whole: true, rest: null }] : [];
  }
  const out: Candidate[] = [];
  const pageOf = PAGE_OF.exec(text);
  if (pageOf?.[1]) {
    const token = parseToken(pageOf[1]);
    const rest = runningKey(text.replace(PAGE_OF, ' '));
    if (token) out.push({ ...token, whole: rest === '', rest: rest === '' ? null : rest });
    return out;
  }
  // A number at an end of the line counts only with its running text (checked across pages later).
  const leading = LEADING.exec(text);
  if (leading?.[1] && leading[2] !== undefined) {
    const token = parseToken(leading[1]);
    if (token) out.push({ ...token, whole: false, rest: runningKey(leading[2]) });
  }
  const trailing = TRAILING.exec(text);
  if (trailing?.[1] !== undefined && trailing[2]) {
    const token = parseToken(trailing[2]);
    if (token) out.push({ ...token, whole: false, rest: runningKey(trailing[1]) });
  }
  return out.filter((c) => c.rest !== null && c.rest.length >= 3 && c.rest.length <= 80 && !CAPTION.test(c.rest));
}

/** "Exhibit 21", "Note 4", "Item 7": a caption's number, not a page's, however regularly it recurs. */
const CAPTION = /^(exhibit|ex|note|item|schedule|annex|appendix|section|article|part|chapter|table|figure|step|rule|form)$/;

/**
 * The printed page label of every page (index 0 = physical page 1), inferred from running page
 * numbers in the pages' edge lines; null where a page prints none.
 */
export function inferPageLabels(pages: readonly PageEdges[]): (string | null)[] {
  const perPage: Candidate[][] = pages.map((edges) => {
    const seen = new Set<string>();
    const out: Candidate[] = [];
    for (const line of [...edges.top, ...edges.bottom]) {
      for (const c of lineCandidates(line)) {
        const key = `${c.kind}|${c.label}|${c.rest ?? ''}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(c);
        }
      }
    }
    return out;
  });

  // Running text: the words beside a number must recur on several pages ("2019 FORM 10-K").
  const runningPages = new Map<string, number>();
  for (const candidates of perPage) {
    for (const rest of new Set(candidates.map((c) => c.rest).filter((r): r is string => r !== null))) {
      runningPages.set(rest, (runningPages.get(rest) ?? 0) + 1);
    }
  }
  const usable = perPage.map((candidates) =>
    candidates.filter((c) => c.rest === null || (runningPages.get(c.rest) ?? 0) >= MIN_RUNNING_PAGES),
  );

  // Step rule: same kind, same offset (physical - printed) on a page nearby.
  const offsetKey = (c: Candidate, index: number): string => `${c.kind}|${index - c.value}`;
  const keysByPage = usable.map((candidates, index) => new Set(candidates.map((c) => offsetKey(c, index))));
  return usable.map((candidates, index) => {
    let best: { candidate: Candidate; support: number } | null = null;
    for (const candidate of candidates) {
      const key = offsetKey(candidate, index);
      let support = 0;
      for (let other = Math.max(0, index - NEIGHBOUR_PAGES); other <= Math.min(usable.length - 1, index + NEIGHBOUR_PAGES); other++) {
        if (other !== index && keysByPage[other]?.has(key)) support += 1;
      }
      if (support === 0) continue;
      const better =
        best === null ||
        support > best.support ||
        (support === best.support && candidate.whole && !best.candidate.whole);
      if (better) best = { candidate, support };
    }
    return best ? best.candidate.label : null;
  });
}

/**
 * The labels to store: the PDF's own /PageLabels when it has meaningful ones; otherwise the
 * inferred running numbers. A /PageLabels that only repeats the physical numbers (1, 2, 3...)
 * says nothing, so inference gets a chance there; when it finds nothing the PDF's labels stay.
 */
export function choosePageLabels(pdfLabels: readonly (string | null)[] | null, inferred: readonly (string | null)[]): (string | null)[] {
  const fromPdf = pdfLabels ?? [];
  const pdfIsPhysical = fromPdf.every((label, index) => label === null || label === String(index + 1));
  const pdfHasAny = fromPdf.some((label) => label !== null);
  if (pdfHasAny && !pdfIsPhysical) return inferred.map((_, index) => fromPdf[index] ?? null);
  if (inferred.some((label) => label !== null)) return [...inferred];
  return inferred.map((_, index) => fromPdf[index] ?? null);
}
