/**
 * Where a cited quote stands on a scanned page: a scan has no pdf.js text
 * layer, so the quote is located in the page's stored OCR text by the
 * verifier's rules (shared/text/locate.ts) and mapped back to the words OCR
 * read, whose boxes (fractions of the page image) are then drawn over it.
 */
import { locateQuote, locateQuoteAcrossBreak, type TextSpan } from '../../../shared/text/locate';

/** One recognised word as ocr.words gives it: text, box (x0, y0, x1, y1 as fractions, origin top left), confidence. */
export type OcrWordBox = readonly [text: string, x0: number, y0: number, x1: number, y1: number, confidence: number];

export interface OcrPageWords {
  pageNumber: number;
  /** the stored page text (the OCR words joined in reading order) */
  text: string;
  words: readonly OcrWordBox[];
}

export interface Box {
  /** the word OCR read there */
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The start offset of each word in the page text (the text is the words joined by spaces and line breaks). */
function wordOffsets(page: OcrPageWords): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const [word] of page.words) {
    const found = page.text.indexOf(word, at);
    offsets.push(found);
    if (found >= 0) at = found + word.length;
  }
  return offsets;
}

/** The boxes of the words a span of the page text touches. */
function boxesForSpans(page: OcrPageWords, spans: readonly TextSpan[]): Box[] {
  const offsets = wordOffsets(page);
  const out: Box[] = [];
  page.words.forEach(([word, x0, y0, x1, y1], i) => {
    const start = offsets[i] ?? -1;
    if (start < 0) return;
    const end = start + word.length;
    if (spans.some((s) => s.start < end && s.end > start)) out.push({ text: word, x0, y0, x1, y1 });
  });
  return out;
}

/** Boxes per page for the quote over the cited page(s), joined as the verifier joins a range, else across a page break. */
export function ocrQuoteBoxes(pages: readonly OcrPageWords[], quote: string): Map<number, Box[]> | null {
  if (pages.length === 0) return null;
  const joined = pages.map((p) => p.text).join('\n');
  const spans = locateQuote(quote, joined);
  const out = new Map<number, Box[]>();
  if (spans) {
    let at = 0;
    for (const page of pages) {
      const end = at + page.text.length;
      const own = spans.map((s) => ({ start: Math.max(s.start, at) - at, end: Math.min(s.end, end) - at })).filter((s) => s.end > s.start);
      const boxes = boxesForSpans(page, own);
      if (boxes.length > 0) out.set(page.pageNumber, boxes);
      at = end + 1;
    }
    return out.size > 0 ? out : null;
  }
  for (let i = 0; i + 1 < pages.length; i++) {
    const a = pages[i] as OcrPageWords;
    const b = pages[i + 1] as OcrPageWords;
    const found = locateQuoteAcrossBreak(quote, a.text, b.text);
    if (!found) continue;
    for (const [page, span] of [[a, found.a], [b, found.b]] as const) {
      const boxes = boxesForSpans(page, [span]);
      if (boxes.length > 0) out.set(page.pageNumber, boxes);
    }
    return out.size > 0 ? out : null;
  }
  return null;
}
