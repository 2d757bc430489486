/**
 * Does an OCR page read as one block hold two columns of running text side by side?
 *
 * We read a page as one block first (tesseract's PSM 6): on filings, exhibit lists and
 * statements its own layout analysis (PSM 3) drops whole lines and splits a table's
 * labels from its figures, while one block keeps every row, in order. One block is wrong
 * only for text set in columns: each line would run across the gutter. This finds such a
 * gutter in the one-block result (a vertical gap, wider than a word space, that most lines
 * cross with words on both sides), and the caller then reads the page again with layout
 * analysis. A table is not "columns": its figures have no words on both sides.
 */
import type { OcrWord } from '../store';

/** A gutter is at least this wide (share of the page width; a word space is ~0.5%). */
const MIN_GUTTER = 0.012;
/** Share of the text lines that must cross the gutter with words on both sides. */
const MIN_CROSSING_LINES = 0.3;
/** Fewer text lines than this say nothing about columns. */
const MIN_LINES = 8;

const WORDY = /[A-Za-z]{3}/;

/** lines: the words of each line, as OCR returned them (boxes as fractions of the page). */
export function hasTextColumns(lines: readonly (readonly OcrWord[])[]): boolean {
  const textLines = lines.filter((line) => line.length >= 4);
  if (textLines.length < MIN_LINES) return false;
  let left = 1;
  let right = 0;
  for (const line of textLines) for (const word of line) {
    left = Math.min(left, word[1]);
    right = Math.max(right, word[3]);
  }
  let best = 0;
  // candidate gutters across the middle 40% of the text width
  for (let step = 30; step <= 70; step++) {
    const x = left + ((right - left) * step) / 100;
    let crossing = 0;
    for (const line of textLines) if (crossesAt(line, x)) crossing++;
    best = Math.max(best, crossing);
  }
  return best / textLines.length >= MIN_CROSSING_LINES;
}

/** The line has a gap at x wider than MIN_GUTTER, with two or more words on each side. */
function crossesAt(line: readonly OcrWord[], x: number): boolean {
  let leftEdge = -Infinity;
  let rightEdge = Infinity;
  let wordyLeft = 0;
  let wordyRight = 0;
  for (const [text, x0, , x1] of line) {
    if (x0 < x && x < x1) return false;
    if (x1 <= x) {
      leftEdge = Math.max(leftEdge, x1);
      if (WORDY.test(text)) wordyLeft++;
    } else {
      rightEdge = Math.min(rightEdge, x0);
      if (WORDY.test(text)) wordyRight++;
    }
  }
  return wordyLeft >= 2 && wordyRight >= 2 && rightEdge - leftEdge >= MIN_GUTTER;
}
