// The viewer's find: every matching page of one document, in page order, with how often the word occurs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openLibrary } from '../../electron/core/store';
import type { Library, NewPage } from '../../electron/core/store';

let dir: string;
let library: Library;
const DOC = 'b'.repeat(64);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pagewise-search-order-'));
  library = openLibrary(path.join(dir, 'library.db'));
});

afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

function addBook(pages: string[]): void {
  const stored: NewPage[] = pages.map((text, i) => ({ pageNumber: i + 1, label: String(i + 1), text, tokens: 10, noText: false, failed: false }));
  library.storeDocument(
    { id: DOC, title: 'Book', fileName: 'book.pdf', author: null, pageCount: pages.length, totalTokens: 10 * pages.length, byteSize: 1, outline: [], textlessPages: [], failedPages: [], parser: 'test' },
    stored,
  );
}

it('returns every matching page in page order, past the ranked search cap, with occurrences', () => {
  // 600 pages; the word is on every page but each fifth, twice on even pages, and in a stemmed form on page 3
  const pages = Array.from({ length: 600 }, (_, i) => {
    const n = i + 1;
    if (n % 5 === 0) return `Page ${n} speaks of other things entirely.`;
    if (n === 3) return 'The Copyrighted work of page three.';
    return n % 2 === 0 ? `Copyright notice on page ${n}. Copyright applies.` : `A copyright line on page ${n}.`;
  });
  addBook(pages);
  const hits = library.searchDocumentInPageOrder(DOC, 'copyright');
  expect(hits).toHaveLength(480);
  expect(hits.map((h) => h.pageNumber)).toEqual(pages.map((_, i) => i + 1).filter((n) => n % 5 !== 0));
  expect(hits[0]).toMatchObject({ pageNumber: 1, occurrences: 1, matches: ['copyright'] });
  expect(hits[1]).toMatchObject({ pageNumber: 2, occurrences: 2, matches: ['Copyright'] });
  expect(hits[2]).toMatchObject({ pageNumber: 3, occurrences: 1, matches: ['Copyrighted'] });
  expect(library.searchPages(DOC, 'copyright', 1000)).toHaveLength(480); // ranked: same pages, another order
  expect(library.searchDocumentInPageOrder(DOC, 'nowhere')).toEqual([]);
});
