// Bad input for OCR on real generated PDFs: a page whose embedded image is corrupt, beside a good scanned
// page. The run ends with the good page read and kept, and the bad page named in a clear message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { concatTransformationMatrix, drawObject, PDFDocument, PDFName, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestWithOcr } from '../../electron/core/ingest/ocr-step';
import { runOcr } from '../../electron/core/ocr';
import { openLibrary, type Library } from '../../electron/core/store';
import { PAGE_HEIGHT, PAGE_WIDTH } from '../fixtures/make-fixtures';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';

let dir: string;
let library: Library;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pagewise-ocr-bad-'));
  library = openLibrary(path.join(dir, 'library.db'));
});
afterAll(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A good scanned page, then a page drawing an image whose JPEG data is garbage after a valid-looking header. */
async function withCorruptImage(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.lease] }]));
  const garbage = new Uint8Array(40_000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
  garbage.set([0xff, 0xd8, 0xff, 0xe0], 0); // a JPEG start, then nothing a decoder can read
  const image = doc.context.register(
    doc.context.stream(garbage, { Type: 'XObject', Subtype: 'Image', Width: 1275, Height: 1650, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'DCTDecode' }),
  );
  const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  page.node.setXObject(PDFName.of('Im0'), image);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(PAGE_WIDTH, 0, 0, PAGE_HEIGHT, 0, 0), drawObject('Im0'), popGraphicsState());
  return doc.save({ useObjectStreams: false });
}

describe('OCR on bad input', () => {
  it('a corrupt embedded image: the good page is read and kept, the bad one is named as unreadable, not passed off as blank', async () => {
    const file = path.join(dir, 'Damaged fax.pdf');
    writeFileSync(file, await withCorruptImage());
    const result = await ingestWithOcr(library, file, { ocrWorkers: 1 });
    expect(result.ocr.ocrPages).toEqual([1]);
    const pages = library.ocr.pageTexts(result.document.id);
    expect(pages[0]?.text).toContain('12,500');
    expect(pages[1]).toMatchObject({ text: '', source: 'text' });
    expect(result.ocr.blankPages).toEqual([]);
    expect(result.ocr.failedPages).toEqual([2]);
    expect(result.ocr.errors).toEqual([{ page: 2, message: expect.stringMatching(/^page 2 could not be drawn for OCR \(.+\)\.$/) }]);
    // still without text, so it is listed as such and cannot be quoted
    expect(result.document.textlessPages).toEqual([2]);
  }, 120_000);

  it('a stored copy that has gone missing: OCR says so in words, nothing is stored, the pages stay pending', async () => {
    const file = path.join(dir, 'Vanished scan.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.lease] }]));
    const added = await ingestWithOcr(library, file, { ocr: 'off' });
    rmSync(library.originalFilePath(added.document.id));
    await expect(runOcr(library, added.document.id, { workers: 1 })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringMatching(/stored copy of this PDF could not be read .*add the file again/),
    });
    expect(library.ocr.pendingPages(added.document.id)).toEqual([1]);
  }, 60_000);
});
