/**
 * Tesseract's TSV output -> page text in reading order + word boxes.
 *
 * Tesseract's layout analysis already orders blocks, paragraphs, lines and
 * words for reading (columns before the next column); we keep that order:
 * words joined by a space, lines by '\n', a blank line between paragraphs,
 * the same convention as the text-layer extractor.
 */
import type { OcrWord } from '../store';

export interface RecognisedPage {
  text: string;
  /** Character-weighted mean word confidence 0..100; null when no word was read. */
  confidence: number | null;
  /** Boxes as fractions of the image (0..1, origin top left). */
  words: OcrWord[];
  /** The same words grouped by line (for the column check, ./columns.ts). */
  lines: OcrWord[][];
  engine: string;
}

const LEVEL_PAGE = 1;
const LEVEL_WORD = 5;

/** Rounds a box coordinate to 5 decimals (0.01 px on a 1,700 px page): keeps the stored JSON small. */
function round(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

export function parseTsv(tsv: string, engine: string): RecognisedPage {
  let pageWidth = 1;
  let pageHeight = 1;
  const words: OcrWord[] = [];
  const paragraphs: string[][] = [];
  let lineWords: string[] = [];
  let lineBoxes: OcrWord[] = [];
  const lines: OcrWord[][] = [];
  let paragraph: string[] = [];
  let lineKey = '';
  let paragraphKey = '';
  let weighted = 0;
  let characters = 0;

  const endLine = (): void => {
    if (lineWords.length > 0) paragraph.push(lineWords.join(' '));
    if (lineBoxes.length > 0) lines.push(lineBoxes);
    lineWords = [];
    lineBoxes = [];
  };
  const endParagraph = (): void => {
    endLine();
    if (paragraph.length > 0) paragraphs.push(paragraph);
    paragraph = [];
  };

  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12) continue;
    const level = Number(cells[0]);
    const [block, par, line] = [cells[2], cells[3], cells[4]];
    const left = Number(cells[6]);
    const top = Number(cells[7]);
    const width = Number(cells[8]);
    const height = Number(cells[9]);
    if (level === LEVEL_PAGE) {
      pageWidth = Math.max(1, width);
      pageHeight = Math.max(1, height);
      continue;
    }
    if (level !== LEVEL_WORD) continue;
    const text = cells.slice(11).join('\t').trim();
    if (text === '') continue;
    const confidence = Number(cells[10]);
    const thisParagraph = `${block}.${par}`;
    const thisLine = `${thisParagraph}.${line}`;
    if (thisParagraph !== paragraphKey) endParagraph();
    else if (thisLine !== lineKey) endLine();
    paragraphKey = thisParagraph;
    lineKey = thisLine;
    lineWords.push(text);
    const conf = Number.isFinite(confidence) && confidence >= 0 ? confidence : 0;
    weighted += conf * text.length;
    characters += text.length;
    const word: OcrWord = [
      text,
      round(left / pageWidth),
      round(top / pageHeight),
      round((left + width) / pageWidth),
      round((top + height) / pageHeight),
      Math.round(conf * 10) / 10,
    ];
    words.push(word);
    lineBoxes.push(word);
  }
  endParagraph();
  return {
    text: paragraphs.map((lines) => lines.join('\n')).join('\n\n'),
    confidence: characters > 0 ? Math.round((weighted / characters) * 10) / 10 : null,
    words,
    lines,
    engine,
  };
}
