// A page of absurdly much text (a small file holding 20 MB of text without whitespace) is read up to
// MAX_PAGE_TEXT_CHARS, marked truncated, and the ingest records it for `info`; ordinary pages are whole.
// (Time and memory are measured in bench/hostile-pdfs.ts, not here.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_TEXT_CHARS } from '../../../shared/api/domain';
import { makeLongLinePdf } from '../../../tests/fixtures/make-hostile-fixtures';
import { makeTextPdf } from '../../../tests/fixtures/make-fixtures';
import { ingestFile } from '../ingest';
import { openLibrary } from '../store';
import { countTokens } from '../tokens';
import { extractPdf } from './extract';
import type { ExtractedPage } from './types';

let dir: string;
let longLine: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-long-page-'));
  longLine = await makeLongLinePdf(20_000_000); // the bench runs the 50 MB case
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pagesOf(data: Uint8Array): Promise<ExtractedPage[]> {
  const pages: ExtractedPage[] = [];
  await extractPdf(data, (page) => void pages.push(page), { workers: 1 });
  return pages;
}

describe('a page of absurdly much text', () => {
  it('keeps the first MAX_PAGE_TEXT_CHARS characters and says the page was truncated', async () => {
    expect(longLine.byteLength).toBeLessThan(256 * 1024);
    const [page] = await pagesOf(longLine);
    expect(page?.truncated).toBe(true);
    expect(page?.failed).toBe(false);
    expect(page?.text.length).toBe(MAX_PAGE_TEXT_CHARS);
    expect(page?.text.startsWith('AbAbAb')).toBe(true);
    expect(page?.text).not.toMatch(/\s/);
  });

  it('a cut page never keeps the document from closing (pdf.js waits on its paused text task)', async () => {
    // before closeDocument, about one extraction in six hung in doc.destroy() here
    for (let i = 0; i < 6; i++) {
      const [page] = await pagesOf(longLine);
      expect(page?.truncated).toBe(true);
    }
  }, 45_000);

  it('an ordinary page is whole and not marked', async () => {
    const [page] = await pagesOf(await makeTextPdf({ pages: ['A short page of ordinary text.'] }));
    expect(page?.text).toBe('A short page of ordinary text.');
    expect(page?.truncated).toBeUndefined();
  });

  it('ingest stores the cut text, counts it, and lists the page as truncated', async () => {
    const file = path.join(dir, 'blob.pdf');
    writeFileSync(file, longLine);
    const library = openLibrary(path.join(dir, 'library.db'));
    try {
      const { document } = await ingestFile(library, file, { workers: 1 });
      expect(document.truncatedPages).toEqual([1]);
      expect(document.failedPages).toEqual([]);
      const [stored] = library.getPages(document.id);
      expect(stored?.text.length).toBe(MAX_PAGE_TEXT_CHARS);
      expect(document.totalTokens).toBe(countTokens(stored?.text ?? ''));
    } finally {
      library.close();
    }
  });
});
