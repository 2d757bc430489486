/**
 * Two real libraries in one folder (library.db and work.db) holding the same PDF: each keeps its own
 * copy, so removing the document from one leaves the other's file in place; a library that used the
 * old shared files/ folder adopts its own files from it on open, leaving files/ as it was.
 */
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../electron/core/ingest';
import { openLibrary } from '../../electron/core/store';
import { makeContractPdf } from '../fixtures/make-fixtures';

let dir: string;
let pdf: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-two-libraries-'));
  pdf = path.join(dir, 'lease.pdf');
  writeFileSync(pdf, await makeContractPdf());
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('two libraries in one folder', () => {
  it('removing a document from one keeps the file the other lists, both ways', async () => {
    const home = openLibrary(path.join(dir, 'library.db'));
    const work = openLibrary(path.join(dir, 'work.db'));
    try {
      expect(home.filesDir).toBe(path.join(dir, 'files'));
      expect(work.filesDir).toBe(path.join(dir, 'work.db.files'));
      const id = (await ingestFile(home, pdf, { workers: 1 })).document.id;
      expect((await ingestFile(work, pdf, { workers: 1 })).document.id).toBe(id);

      expect(work.removeDocument(id)).toBe(true);
      expect(existsSync(work.originalFilePath(id))).toBe(false);
      expect(existsSync(home.originalFilePath(id))).toBe(true); // the other library's copy stays

      await ingestFile(work, pdf, { workers: 1 });
      expect(home.removeDocument(id)).toBe(true);
      expect(existsSync(work.originalFilePath(id))).toBe(true);
    } finally {
      home.close();
      work.close();
    }
  });

  it('a library that shared files/ gets its own copies on open; files/ keeps what others list', async () => {
    const dbPath = path.join(dir, 'work.db');
    let id: string;
    {
      const work = openLibrary(dbPath);
      id = (await ingestFile(work, pdf, { workers: 1 })).document.id;
      work.close();
    }
    // the old layout: work.db's file in the shared files/ folder, no work.db.files/
    rmSync(path.join(dir, 'files'), { recursive: true, force: true });
    renameSync(path.join(dir, 'work.db.files'), path.join(dir, 'files'));
    expect(existsSync(path.join(dir, 'files', `${id}.pdf`))).toBe(true);

    const work = openLibrary(dbPath);
    try {
      expect(existsSync(work.originalFilePath(id))).toBe(true);
      expect(work.removeDocument(id)).toBe(true);
      expect(existsSync(work.originalFilePath(id))).toBe(false);
      // another library (library.db) may still list the shared copy: it is left alone
      expect(existsSync(path.join(dir, 'files', `${id}.pdf`))).toBe(true);
    } finally {
      work.close();
    }
  });
});
