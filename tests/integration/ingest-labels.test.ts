// Printed page labels and recognisable titles, through ingestFile on generated PDFs into a real
// SQLite library: what `info`, search hits and the viewer's page data then carry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../electron/core/ingest';
import { openLibrary } from '../../electron/core/store';
import type { Library } from '../../electron/core/store';
import { formatPageRef } from '../../shared/text/page-labels';
import { makeTextPdf } from '../fixtures/make-fixtures';

let dir: string;
let library: Library;

/** A cover, a table of contents, then body pages printing "1", "2", ... at the foot (pdf 3 = p. 1). */
function filingPages(): string[] {
  const cover = [
    'UNITED STATES SECURITIES AND EXCHANGE COMMISSION',
    'FORM 10-K',
    'For the fiscal year ended December 31, 2019',
    'ACME WIDGETS, INC.',
    '(Exact name of registrant as specified in its charter)',
  ].join('\n');
  const contents = 'TABLE OF CONTENTS\nItem 1. Business 1\nItem 7. Results 4';
  const body = Array.from({ length: 6 }, (_, i) => `Acme Widgets, Inc. sells widgets. Section ${i + 1} of the report discusses revenue.\nMore text about the year 2019.\n${i + 1}`);
  return [cover, contents, ...body];
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pagewise-labels-'));
  library = openLibrary(path.join(dir, 'library.db'));
});

afterAll(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest: printed page labels and titles', () => {
  it('stores the running page numbers as labels and takes the title from the cover when the metadata title is an id', async () => {
    const file = path.join(dir, '0001018724-20-000004.pdf');
    writeFileSync(file, await makeTextPdf({ pages: filingPages(), title: '0001018724-20-000004' }));
    const { document } = await ingestFile(library, file);
    expect(document.title).toBe('Acme Widgets, Inc. — Form 10-K, fiscal year ended December 31, 2019');
    const labels = library.pageStats(document.id).map((p) => p.label);
    expect(labels).toEqual([null, null, '1', '2', '3', '4', '5', '6']);
    const hit = library.searchPages(document.id, 'Section 4', 5)[0];
    expect(hit?.pageNumber).toBe(6);
    expect(formatPageRef({ page: hit?.pageNumber ?? 0, pageLabel: hit?.label ?? null })).toBe('p. 4 (pdf 6)');
  });

  it("keeps the PDF's own /PageLabels and a real metadata title", async () => {
    const file = path.join(dir, 'book.pdf');
    writeFileSync(
      file,
      await makeTextPdf({
        pages: ['Preface text.', 'Chapter one text.', 'Chapter two text.'],
        title: 'A Real Book',
        pageLabels: [{ startPage: 1, style: 'r' }, { startPage: 2, style: 'D' }],
      }),
    );
    const { document } = await ingestFile(library, file);
    expect(document.title).toBe('A Real Book');
    expect(library.pageStats(document.id).map((p) => p.label)).toEqual(['i', '1', '2']);
  });
});
