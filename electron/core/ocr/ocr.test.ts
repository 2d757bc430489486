// The OCR building blocks on real inputs: tesseract TSV -> text in reading order and word boxes;
// grayscale conversion and blank detection; the render cap on a huge page drawn by pdf.js.
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { ocrSummary } from './job';
import { MAX_RENDER_PIXELS, OCR_DPI, openForRender, renderPage, renderScale, toGrayPgm } from './render';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableOcrLanguages, languageData, languageDataPath, requireOcrLanguage } from './languages';
import { ocrPoolSize } from './tesseract';
import { parseTsv } from './tsv';
import { hasTextColumns } from './columns';
import type { OcrWord } from '../store';

const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  '1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t',
  '2\t1\t1\t0\t0\t0\t100\t100\t800\t200\t-1\t',
  '5\t1\t1\t1\t1\t1\t100\t100\t200\t40\t90\tTotal',
  '5\t1\t1\t1\t1\t2\t320\t100\t300\t40\t60\trevenue',
  '5\t1\t1\t1\t2\t1\t100\t150\t200\t40\t95\t4,217',
  '5\t1\t1\t2\t1\t1\t100\t300\t200\t40\t-1\t ',
  '5\t1\t1\t2\t1\t2\t100\t300\t200\t40\t80\tNotes',
  '5\t1\t2\t1\t1\t1\t100\t900\t100\t40\t70\tEnd',
].join('\n');

describe('parseTsv', () => {
  it('keeps tesseract reading order: words by a space, lines by a newline, a blank line between paragraphs', () => {
    const page = parseTsv(TSV, 'engine x');
    expect(page.text).toBe('Total revenue\n4,217\n\nNotes\n\nEnd');
    expect(page.engine).toBe('engine x');
  });

  it('gives word boxes as fractions of the image and a character-weighted confidence', () => {
    const page = parseTsv(TSV, 'e');
    expect(page.words[0]).toEqual(['Total', 0.1, 0.05, 0.3, 0.07, 90]);
    expect(page.words.map((w) => w[0])).toEqual(['Total', 'revenue', '4,217', 'Notes', 'End']);
    const chars = 5 + 7 + 5 + 5 + 3;
    expect(page.confidence).toBeCloseTo((90 * 5 + 60 * 7 + 95 * 5 + 80 * 5 + 70 * 3) / chars, 1);
  });

  it('reads nothing from an empty result', () => {
    expect(parseTsv('', 'e')).toMatchObject({ text: '', confidence: null, words: [] });
  });
});

describe('grayscale and blank pages', () => {
  const white = (w: number, h: number): Uint8ClampedArray => new Uint8ClampedArray(w * h * 4).fill(255);

  it('an all-white render is blank, a few specks of dust too; a line of print is not', () => {
    const w = 1000;
    const h = 1000;
    expect(toGrayPgm(white(w, h), w, h).blank).toBe(true);
    const dusty = white(w, h);
    for (const i of [10, 5000, 90_000]) dusty.fill(0, i * 4, i * 4 + 3);
    expect(toGrayPgm(dusty, w, h).blank).toBe(true);
    const printed = white(w, h);
    printed.fill(0, 400_000 * 4, 400_000 * 4 + 3000 * 4); // a dark stroke of 3,000 pixels
    expect(toGrayPgm(printed, w, h).blank).toBe(false);
  });

  it('writes a binary PGM: header, then one luma byte per pixel', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 0, 255]);
    const { pgm } = toGrayPgm(rgba, 2, 1);
    const header = 'P5\n2 1\n255\n';
    expect(Buffer.from(pgm.slice(0, header.length)).toString('latin1')).toBe(header);
    expect([...pgm.slice(header.length)]).toEqual([76, 0]);
  });
});

describe('render size', () => {
  it('renders a letter page at the OCR resolution', () => {
    expect(renderScale(612, 792)).toBeCloseTo(OCR_DPI / 72, 6);
  });

  it('caps a huge page (a 200 x 200 inch poster) to a bounded number of pixels when pdf.js draws it', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([14_400, 14_400]);
    page.drawRectangle({ x: 1000, y: 1000, width: 6000, height: 800 });
    const pdf = await openForRender(await doc.save());
    try {
      const rendered = await renderPage(pdf, 1);
      expect(rendered.width * rendered.height).toBeLessThanOrEqual(MAX_RENDER_PIXELS);
      expect(rendered.dpi).toBeLessThan(OCR_DPI);
      expect(rendered.blank).toBe(false);
    } finally {
      await pdf.destroy();
    }
  }, 60_000);

  it('a page number past the end fails with a message naming the page', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const pdf = await openForRender(await doc.save());
    try {
      await expect(renderPage(pdf, 3)).rejects.toThrow(/page 3 could not be drawn for OCR/);
    } finally {
      await pdf.destroy();
    }
  });
});

describe('engine setup', () => {
  it('finds the English data in node_modules and names the package for a language it lacks', () => {
    expect(languageDataPath('eng')).toMatch(/@tesseract\.js-data[/\\]eng[/\\]4\.0\.0_best_int$/);
    expect(() => languageDataPath('xyz')).toThrow(/npm package @tesseract\.js-data\/xyz is needed \(npm install @tesseract\.js-data\/xyz\)/);
    expect(() => languageDataPath('../eng')).toThrow(/not an OCR language code/);
  });

  it('offers the installed languages only, and refuses another naming its package', () => {
    expect(availableOcrLanguages()).toContainEqual({ code: 'eng', name: 'English', package: '@tesseract.js-data/eng' });
    expect(availableOcrLanguages().map((l) => l.code)).not.toContain('deu');
    expect(() => requireOcrLanguage('eng')).not.toThrow();
    expect(() => requireOcrLanguage('deu')).toThrow(/@tesseract\.js-data\/deu, which is not installed \(npm install @tesseract\.js-data\/deu\)\. Installed: eng/);
  });

  it('with PAGEWISE_OCR_TESSDATA, offers the languages of that folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pw-tessdata-'));
    try {
      for (const name of ['deu.traineddata', 'osd.traineddata', 'notes.txt']) writeFileSync(join(folder, name), '');
      process.env.PAGEWISE_OCR_TESSDATA = folder;
      expect(availableOcrLanguages().map((l) => l.code)).toEqual(['deu']);
      expect(languageData('deu')).toMatchObject({ path: folder, gzip: false, model: `language deu from ${folder}` });
      expect(() => requireOcrLanguage('eng')).toThrow(/holds no eng\.traineddata/);
    } finally {
      delete process.env.PAGEWISE_OCR_TESSDATA;
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads a tessdata folder named by PAGEWISE_OCR_TESSDATA, and says what to install when it holds no model', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pw-tessdata-'));
    try {
      process.env.PAGEWISE_OCR_TESSDATA = empty;
      expect(() => languageData('eng')).toThrow(/holds no eng\.traineddata.*apt install tesseract-ocr-eng/);
      delete process.env.PAGEWISE_OCR_TESSDATA;
      expect(languageData('eng')).toMatchObject({ gzip: true, model: expect.stringContaining('@tesseract.js-data/eng') });
    } finally {
      delete process.env.PAGEWISE_OCR_TESSDATA;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('sizes the pool to at least one worker and honours an explicit size', () => {
    expect(ocrPoolSize()).toBeGreaterThanOrEqual(1);
    expect(ocrPoolSize(3)).toBe(3);
  });

  it('lists OCR pages under the confidence threshold as low confidence', () => {
    const summary = ocrSummary({
      pending: [],
      ocrPages: [14, 15, 20],
      blankPages: [],
      failedPages: [],
      confidences: [
        { page: 14, confidence: 41 },
        { page: 15, confidence: 74.9 },
        { page: 20, confidence: 93 },
      ],
    });
    expect(summary.lowConfidencePages).toEqual([14, 15]);
  });
});

describe('hasTextColumns (one block first; layout analysis only for text set in columns)', () => {
  // a line of words laid out from x, each word `width` wide with `space` between (fractions of the page)
  const line = (texts: string[], x: number, y: number, width = 0.06, space = 0.006): OcrWord[] =>
    texts.map((text, i) => [text, x + i * (width + space), y, x + i * (width + space) + width, y + 0.01, 90] as OcrWord);
  const prose = ['the', 'company', 'reported', 'revenue', 'growth', 'during'];

  it('finds two columns of running text side by side', () => {
    const lines = Array.from({ length: 20 }, (_, i) => [...line(prose, 0.1, 0.1 + i * 0.02), ...line(prose, 0.53, 0.1 + i * 0.02)]);
    expect(hasTextColumns(lines)).toBe(true);
  });

  it('does not take a table (labels, then figures) or one column of prose for columns', () => {
    const table = Array.from({ length: 20 }, (_, i) => [...line(['net', 'sales', 'of', 'products'], 0.1, 0.1 + i * 0.02), ...line(['4,217', '3,905', '12.5'], 0.6, 0.1 + i * 0.02)]);
    expect(hasTextColumns(table)).toBe(false);
    const column = Array.from({ length: 20 }, (_, i) => line([...prose, ...prose.slice(0, 6)], 0.1, 0.1 + i * 0.02));
    expect(hasTextColumns(column)).toBe(false);
    expect(hasTextColumns([line(prose, 0.1, 0.1)])).toBe(false);
  });

  it('groups the words of each TSV line', () => {
    expect(parseTsv(TSV, 'e').lines.map((words) => words.map((word) => word[0]))).toEqual([['Total', 'revenue'], ['4,217'], ['Notes'], ['End']]);
  });
});
