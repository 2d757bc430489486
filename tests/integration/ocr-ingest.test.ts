// Scanned pages end to end on real generated PDFs and a real SQLite library: ingest OCRs only the pages
// without a text layer, finds the blank page, keeps word boxes, and the text is searchable and counted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestWithOcr } from '../../electron/core/ingest/ocr-step';
import { openLibrary, type Library } from '../../electron/core/store';
import { countTokens } from '../../electron/core/tokens';
import { makeScannedPdf, MIXED_SCAN_PAGES, SCAN_LINES } from '../fixtures/make-scans';

let dir: string;
let library: Library;
let mixedPath: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pagewise-ocr-'));
  mixedPath = path.join(dir, 'Signed agreement.pdf');
  writeFileSync(mixedPath, await makeScannedPdf(MIXED_SCAN_PAGES));
  library = openLibrary(path.join(dir, 'library.db'));
});

afterAll(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Lower-case words and numbers of a text, for "contains the known words" checks. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9][a-z0-9.,]*[a-z0-9]|[a-z0-9]/g) ?? [];
}

describe('ingest with OCR (auto)', () => {
  let result: Awaited<ReturnType<typeof ingestWithOcr>>;
  const stages: string[] = [];

  beforeAll(async () => {
    result = await ingestWithOcr(library, mixedPath, { ocrWorkers: 2, onProgress: (p) => stages.push(p.message ?? p.stage) });
  }, 120_000);

  it('OCRs only the scanned pages, finds the blank one, and leaves no page without text', () => {
    expect(result.ocr.ocrPages).toEqual([2, 4]);
    expect(result.ocr.blankPages).toEqual([3]);
    expect(result.ocr.pending).toEqual([]);
    expect(result.document.textlessPages).toEqual([]);
    expect(stages).toContain('OCR page 1 of 3');
  });

  it('reads the known words and numbers, the rotated page included', () => {
    const pages = library.ocr.pageTexts(result.document.id);
    const byPage = new Map(pages.map((p) => [p.page, p]));
    for (const [page, lines] of [[2, SCAN_LINES.revenue], [4, SCAN_LINES.rotated]] as const) {
      const read = words(byPage.get(page)?.text ?? '');
      for (const expected of words(lines.join(' '))) expect(read, `page ${page}: "${expected}"`).toContain(expected);
      expect(byPage.get(page)?.source).toBe('ocr');
      expect(byPage.get(page)?.confidence).toBeGreaterThan(80);
    }
    expect(byPage.get(1)).toMatchObject({ source: 'text', confidence: null });
    expect(byPage.get(3)).toMatchObject({ text: '', source: 'text', confidence: null });
  });

  it('counts the OCR text in the document tokens and makes it searchable', () => {
    const pages = library.getPages(result.document.id);
    const sum = pages.reduce((total, p) => total + p.tokens, 0);
    expect(result.document.totalTokens).toBe(sum);
    expect(pages[1]?.tokens).toBe(countTokens(pages[1]?.text ?? ''));
    const hits = library.searchPages(result.document.id, 'Rotterdam witness');
    expect(hits.map((h) => h.pageNumber)).toEqual([4]);
    expect(library.integrityCheck()).toBe('ok');
  });

  it('keeps word boxes with confidences, in reading order, inside the page', () => {
    const boxes = library.ocr.pageWords(result.document.id, 2);
    expect(boxes.map((w) => w[0]).slice(0, 3)).toEqual(['Quarterly', 'Report', 'of']);
    for (const [, x0, y0, x1, y1, confidence] of boxes) {
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(1);
      expect(x0).toBeLessThan(x1);
      expect(y0).toBeLessThan(y1);
      expect(confidence).toBeGreaterThan(0);
    }
    // the first line sits above the second
    const quarterly = boxes.find((w) => w[0] === 'Quarterly');
    const total = boxes.find((w) => w[0] === 'Total');
    expect(quarterly![2]).toBeLessThan(total![2]);
  });

  it('ingesting the same file again does not OCR anything again', async () => {
    const again = await ingestWithOcr(library, mixedPath);
    expect(again.alreadyPresent).toBe(true);
    expect(again.ocr.readNow).toEqual([]);
    expect(again.ocr.ocrPages).toEqual([2, 4]);
  });
});

describe('ingest with OCR off', () => {
  it('stores the document with the scanned pages pending; a later run reads them', async () => {
    const file = path.join(dir, 'lease.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.lease] }, { kind: 'text', text: 'Typed cover letter.' }]));
    const off = await ingestWithOcr(library, file, { ocr: 'off' });
    expect(off.ocr.pending).toEqual([1]);
    expect(off.document.textlessPages).toEqual([1]);
    const { runOcr } = await import('../../electron/core/ocr');
    const later = await runOcr(library, off.document.id, { workers: 1 });
    expect(later.readNow).toEqual([1]);
    expect(library.getDocument(off.document.id)?.textlessPages).toEqual([]);
    expect(words(library.getPage(off.document.id, 1)?.text ?? '')).toEqual(expect.arrayContaining(['12,500', '2027', 'amendment']));
  }, 120_000);

  it('in vision mode reads nothing and returns the scanned pages for the caller to cost and send', async () => {
    const file = path.join(dir, 'fax.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'text', text: 'Typed cover letter.' }, { kind: 'scan', lines: [...SCAN_LINES.revenue] }]));
    const vision = await ingestWithOcr(library, file, { ocr: 'vision' });
    expect(vision.ocrMode).toBe('vision');
    expect(vision.visionPages).toEqual([2]);
    expect(vision.ocr.readNow).toEqual([]);
    expect(library.ocr.pendingPages(vision.document.id)).toEqual([2]);
    expect(library.getPage(vision.document.id, 2)?.text).toBe('');
    // in the other modes there is nothing for the model
    expect((await ingestWithOcr(library, file, { ocr: 'off' })).visionPages).toEqual([]);
  });
});

describe('cancelling OCR', () => {
  it('keeps the pages already read, leaves the rest pending, and a later run finishes only those', async () => {
    const file = path.join(dir, 'three scans.pdf');
    const lines = [SCAN_LINES.revenue, SCAN_LINES.lease, SCAN_LINES.rotated];
    writeFileSync(file, await makeScannedPdf(lines.map((l) => ({ kind: 'scan' as const, lines: [...l] }))));
    const { runOcr } = await import('../../electron/core/ocr');
    const off = await ingestWithOcr(library, file, { ocr: 'off' });
    const controller = new AbortController();
    await expect(
      runOcr(library, off.document.id, {
        workers: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 1) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringContaining('the pages read are kept') });
    const state = library.ocr.state(off.document.id);
    expect(state.ocrPages.length).toBeGreaterThanOrEqual(1);
    expect(state.pending.length).toBeGreaterThanOrEqual(1);
    expect([...state.ocrPages, ...state.pending].sort()).toEqual([1, 2, 3]);
    expect(library.getDocument(off.document.id)?.textlessPages).toEqual(state.pending);

    const rest = await runOcr(library, off.document.id, { workers: 1 });
    expect(rest.readNow).toEqual(state.pending);
    expect(rest.ocrPages).toEqual([1, 2, 3]);
  }, 180_000);
});
