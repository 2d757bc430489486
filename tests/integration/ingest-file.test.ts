// ingestFile on real generated PDFs into a real SQLite library in a temp folder:
// the happy path, content addressing, and every bad input leaving the library unchanged.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../shared/api/domain';
import { PagewiseError } from '../../electron/core/errors';
import { ingestFile } from '../../electron/core/ingest';
import { openLibrary } from '../../electron/core/store';
import type { Library } from '../../electron/core/store';
import { countTokens } from '../../electron/core/tokens';
import {
  ENCRYPTED_TEXT,
  TERMINATION_PAGE,
  makeContractPdf,
  makeBrokenPagePdf,
  makeEmptyPdf,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  makeLargePdf,
  makeMixedPdf,
  makeNotAPdf,
  makeTextPdf,
  makeTruncatedPdf,
} from '../fixtures/make-fixtures';

let fixtures: string;
let dir: string;
let library: Library;
const files: Record<string, string> = {};

beforeAll(async () => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'pagewise-ingest-fixtures-'));
  const write = (name: string, bytes: Uint8Array): void => {
    files[name] = path.join(fixtures, name);
    writeFileSync(files[name], bytes);
  };
  write('contract.pdf', await makeContractPdf());
  write('Quarterly Notes.pdf', await makeTextPdf({ pages: ['First page of notes.', 'Second page of notes.'] }));
  write('scans.pdf', await makeImageOnlyPdf(3));
  write('mixed.pdf', await makeMixedPdf());
  write('secret.pdf', await makeEncryptedPdf('s3cret'));
  write('truncated.pdf', await makeTruncatedPdf());
  write('empty.pdf', makeEmptyPdf());
  write('archive.pdf', makeNotAPdf());
  write('zero.pdf', new Uint8Array());
  write('long.pdf', await makeLargePdf(300));
  write('broken-page.pdf', await makeBrokenPagePdf());
  mkdirSync(path.join(fixtures, 'folder.pdf'));
});

afterAll(() => {
  rmSync(fixtures, { recursive: true, force: true });
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pagewise-ingest-'));
  library = openLibrary(path.join(dir, 'library.db'));
});

afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Everything a failed ingest must not have touched. */
function snapshot(): unknown {
  const stored = readdirSync(library.filesDir).filter((f) => f !== '.staging');
  const staging = path.join(library.filesDir, '.staging');
  return {
    counts: library.counts(),
    stored,
    staging: existsSync(staging) ? readdirSync(staging) : [],
    integrity: library.integrityCheck(),
  };
}

async function expectFailure(file: string, code: string, options: Parameters<typeof ingestFile>[2] = {}): Promise<PagewiseError> {
  const before = snapshot();
  let caught: unknown;
  try {
    await ingestFile(library, file, options);
  } catch (error) {
    caught = error;
  }
  expect(caught, `${path.basename(file)} should fail with ${code}`).toBeInstanceOf(PagewiseError);
  const error = caught as PagewiseError;
  expect(error.code).toBe(code);
  expect(error.message).toContain(path.basename(file));
  expect(snapshot()).toEqual(before);
  return error;
}

describe('ingest: a good PDF', () => {
  it('stores the document, its pages with exact token counts, and a copy of the file; reports progress', async () => {
    const events: Progress[] = [];
    const result = await ingestFile(library, files['contract.pdf']!, { onProgress: (p) => events.push(p) });
    const id = sha256(files['contract.pdf']!);
    expect(result.alreadyPresent).toBe(false);
    expect(result.document).toMatchObject({
      id,
      title: 'Commercial Lease Agreement',
      author: 'Harbor Properties Ltd',
      fileName: 'contract.pdf',
      pageCount: 6,
      textlessPages: [],
      failedPages: [],
      byteSize: readFileSync(files['contract.pdf']!).length,
    });
    const pages = library.getPages(id);
    expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const page of pages) expect(page.tokens).toBe(countTokens(page.text));
    expect(result.document.totalTokens).toBe(pages.reduce((s, p) => s + p.tokens, 0));
    expect(library.getPage(id, TERMINATION_PAGE)?.text).toContain('ninety days written notice');
    expect(library.getOutline(id).map((o) => o.pageNumber)).toEqual([2, 3, TERMINATION_PAGE, 6]);

    // the library's own copy, content-addressed
    expect(readFileSync(library.originalFilePath(id))).toEqual(readFileSync(files['contract.pdf']!));
    expect(library.originalFilePath(id)).toBe(path.join(dir, 'files', `${id}.pdf`));

    const parse = events.filter((e) => e.stage === 'parse');
    const store = events.filter((e) => e.stage === 'store');
    expect(parse.at(-1)).toMatchObject({ done: 6, total: 6 });
    // the progress bar only moves forward, page by page
    const parsed = parse.map((e) => e.done);
    expect(parsed).toEqual([...parsed].sort((a, b) => a - b));
    expect(new Set(parsed).size).toBeGreaterThan(1);
    expect(store.at(-1)).toMatchObject({ done: 6, total: 6 });
    expect(events.findIndex((e) => e.stage === 'store')).toBeGreaterThan(events.findIndex((e) => e.stage === 'parse'));

    // found by the ways a user refers to it, and by search
    expect(library.listDocuments().map((d) => d.id)).toEqual([id]);
    expect(library.resolveDocument('contract.pdf').id).toBe(id);
    expect(library.resolveDocument(id.slice(0, 8)).id).toBe(id);
    const hits = library.searchPages(id, 'termination notice');
    expect(hits[0]?.pageNumber).toBe(TERMINATION_PAGE);
    expect(hits[0]?.snippet).toContain('[[');
    expect(library.integrityCheck()).toBe('ok');

    // remove: rows and the stored file
    expect(library.removeDocument(id)).toBe(true);
    expect(existsSync(library.originalFilePath(id))).toBe(false);
    expect(library.counts()).toEqual({ documents: 0, pages: 0, answers: 0, citations: 0 });
    expect(library.searchPages(null, 'termination')).toEqual([]);
  });

  it('titles a PDF without a metadata title by its file name', async () => {
    const { document } = await ingestFile(library, files['Quarterly Notes.pdf']!);
    expect(document.title).toBe('Quarterly Notes');
    expect(document.fileName).toBe('Quarterly Notes.pdf');
  });

  it('a second ingest of the same bytes (any path or name) is instant: already present, no parsing', async () => {
    const first = await ingestFile(library, files['contract.pdf']!);
    const copy = path.join(dir, 'renamed copy.pdf');
    writeFileSync(copy, readFileSync(files['contract.pdf']!));
    const before = library.counts();
    const events: Progress[] = [];
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await ingestFile(library, copy, { onProgress: (p) => events.push(p) });
    expect(second.alreadyPresent).toBe(true);
    expect(second.document.id).toBe(first.document.id);
    expect(second.document.fileName).toBe('contract.pdf');
    expect(events).toEqual([]); // nothing was parsed
    expect(library.counts()).toEqual(before);
    expect(second.document.lastUsedAt > first.document.lastUsedAt).toBe(true);
  });

  it('restores a lost copy of the original on re-ingest', async () => {
    const { document } = await ingestFile(library, files['contract.pdf']!);
    rmSync(library.originalFilePath(document.id));
    const again = await ingestFile(library, files['contract.pdf']!);
    expect(again.alreadyPresent).toBe(true);
    expect(existsSync(library.originalFilePath(document.id))).toBe(true);
  });

  it('ingests a PDF whose pages are all images, listing every page as needing OCR', async () => {
    const { document } = await ingestFile(library, files['scans.pdf']!);
    expect(document.pageCount).toBe(3);
    expect(document.textlessPages).toEqual([1, 2, 3]);
    expect(library.getPages(document.id).every((p) => p.noText && p.text.trim() === '')).toBe(true);
    expect(document.totalTokens).toBe(0);
  });

  it('lists only the image pages of a mixed PDF', async () => {
    const { document } = await ingestFile(library, files['mixed.pdf']!);
    expect(document.textlessPages).toEqual([2, 4]);
    expect(library.getPage(document.id, 3)?.text).toContain('Text resumes on page three');
  });

  it('stores a page pdf.js cannot parse as failed and ingests the rest', async () => {
    const { document } = await ingestFile(library, files['broken-page.pdf']!);
    expect(document.failedPages.length).toBeGreaterThan(0);
    expect(document.failedPages).not.toContain(1);
    const pages = library.getPages(document.id);
    expect(pages).toHaveLength(document.pageCount);
    expect(pages[0]).toMatchObject({ failed: false, text: 'First page is fine.' });
    for (const n of document.failedPages) expect(pages[n - 1]).toMatchObject({ failed: true, text: '' });
    expect(document.textlessPages).toEqual([]);
  });

  it('opens an encrypted PDF with the right password', async () => {
    const { document } = await ingestFile(library, files['secret.pdf']!, { password: 's3cret' });
    expect(library.getPage(document.id, 1)?.text).toContain(ENCRYPTED_TEXT.slice(0, 30));
  });
});

describe('ingest: bad input leaves the library unchanged', () => {
  beforeEach(async () => {
    // a library that already holds something, which must survive every failure
    await ingestFile(library, files['Quarterly Notes.pdf']!);
  });

  it('a path that does not exist', async () => {
    await expectFailure(path.join(fixtures, 'missing.pdf'), 'FILE_NOT_FOUND');
    await expectFailure(path.join(fixtures, 'contract.pdf', 'inner.pdf'), 'FILE_NOT_FOUND');
  });

  it('a folder', async () => {
    const error = await expectFailure(path.join(fixtures, 'folder.pdf'), 'FILE_UNREADABLE');
    expect(error.message).toMatch(/folder/);
    await expectFailure('/dev/null', 'FILE_UNREADABLE'); // a device, not a regular file
  });

  it.skipIf(process.getuid?.() === 0)('a file that is not readable (chmod 000)', async () => {
    const locked = path.join(dir, 'locked.pdf');
    writeFileSync(locked, readFileSync(files['contract.pdf']!));
    chmodSync(locked, 0o000);
    await expectFailure(locked, 'FILE_UNREADABLE');
  });

  it('not a PDF, and an empty file', async () => {
    await expectFailure(files['archive.pdf']!, 'NOT_A_PDF');
    await expectFailure(files['zero.pdf']!, 'NOT_A_PDF');
  });

  it('a truncated PDF', async () => {
    await expectFailure(files['truncated.pdf']!, 'CORRUPT_PDF');
  });

  it('an encrypted PDF without a password, and with a wrong one', async () => {
    const missing = await expectFailure(files['secret.pdf']!, 'ENCRYPTED_PDF');
    expect(missing.message).toMatch(/^secret\.pdf: /);
    expect(missing.message).toMatch(/password/i);
    const wrong = await expectFailure(files['secret.pdf']!, 'WRONG_PASSWORD', { password: 'nope' });
    expect(wrong.message).toMatch(/^secret\.pdf: /);
  });

  it('a PDF with zero pages', async () => {
    await expectFailure(files['empty.pdf']!, 'EMPTY_PDF');
  });

  it('cancelled before it starts, and halfway through parsing', async () => {
    const early = new AbortController();
    early.abort();
    await expectFailure(files['contract.pdf']!, 'CANCELLED', { signal: early.signal });

    const halfway = new AbortController();
    const error = await expectFailure(files['long.pdf']!, 'CANCELLED', {
      signal: halfway.signal,
      onProgress: (p) => {
        if (p.stage === 'parse' && p.done >= 20) halfway.abort();
      },
    });
    expect(error.message).toMatch(/^long\.pdf: /);
    // and the same file ingests fine afterwards
    const { document } = await ingestFile(library, files['long.pdf']!);
    expect(library.getPages(document.id)).toHaveLength(300);
  });
});
