/**
 * Hostile PDFs against the real ingest, a real SQLite library and (browser mode) the real HTTP
 * server: a FlateDecode, LZWDecode or RunLengthDecode "zip bomb" is refused with PDF_TOO_LARGE naming the file, nothing is
 * stored, and the server keeps answering other requests while it checks the file.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpApiClient } from '../../shared/api';
import { createEngine, type Engine } from '../../electron/core/engine';
import { ingestFile } from '../../electron/core/ingest';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { openLibrary } from '../../electron/core/store';
import { startServer, type RunningServer } from '../../electron/server';
import { makeContentBombPdf, makeLzwBombPdf, makeLzwTextPdf, makeRunLengthBombPdf, makeRunLengthTextPdf } from '../fixtures/make-hostile-fixtures';

let dir: string;
let bomb: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-hostile-'));
  bomb = await makeContentBombPdf(2048); // 2 MB on disk, 2 GiB inflated
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function storedFiles(filesDir: string): string[] {
  return existsSync(filesDir) ? readdirSync(filesDir).filter((name) => name.endsWith('.pdf')) : [];
}

describe('a compressed-stream bomb', () => {
  it('is refused by ingest with PDF_TOO_LARGE naming the file, and nothing is stored', async () => {
    const file = path.join(dir, 'quarterly bomb.pdf');
    writeFileSync(file, bomb);
    const library = openLibrary(path.join(dir, 'cli', 'library.db'));
    try {
      await expect(ingestFile(library, file)).rejects.toMatchObject({
        code: 'PDF_TOO_LARGE',
        message: expect.stringMatching(/^quarterly bomb\.pdf: .*Nothing was stored/),
      });
      expect(library.listDocuments()).toEqual([]);
      expect(storedFiles(library.filesDir)).toEqual([]);
    } finally {
      library.close();
    }
  });

  describe('in browser mode', () => {
    let engine: Engine;
    let server: RunningServer;
    let client: HttpApiClient;

    beforeAll(async () => {
      const staticDir = path.join(dir, 'renderer');
      mkdirSync(staticDir, { recursive: true });
      writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Pagewise</title>');
      engine = await createEngine({
        libraryPath: path.join(dir, 'server', 'library.db'),
        secrets: memorySecretStore('sk-test-000000000000000000'),
        env: { OPENAI_API_KEY: 'sk-test-000000000000000000' },
      });
      server = await startServer({ engine, host: '127.0.0.1', port: 0, staticDir });
      client = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token });
    });

    afterAll(async () => {
      await server?.close();
      engine?.close();
    });

    it('keeps answering library.list while it refuses the bomb', async () => {
      const { uploadId } = await client.upload(new Blob([Buffer.from(bomb)]), 'bomb.pdf');
      let ingestSettled = false;
      const ingest = client.call('library.ingest', { source: { kind: 'upload', uploadId }, fileName: 'bomb.pdf' }).finally(() => {
        ingestSettled = true;
      });
      const caught = ingest.catch((error: unknown) => error);
      // give the server the request first, then ask for the list while it works on the bomb
      await new Promise((resolve) => setTimeout(resolve, 50));
      const listed = await client.call('library.list', {});
      const answeredDuringIngest = !ingestSettled;
      expect(await caught).toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/^bomb\.pdf: /) });
      expect(listed.documents).toEqual([]);
      expect(answeredDuringIngest).toBe(true);
      expect((await client.call('library.list', {})).documents).toEqual([]);
    });
  });
});

describe('an LZW bomb', () => {
  it('is refused by ingest with PDF_TOO_LARGE, alone, inside Flate or behind ASCII85, and nothing is stored; ordinary LZW pages are read', async () => {
    const library = openLibrary(path.join(dir, 'lzw', 'library.db'));
    try {
      for (const chain of ['lzw', 'flate-lzw', 'a85-lzw'] as const) {
        const file = path.join(dir, `old scan ${chain}.pdf`);
        writeFileSync(file, await makeLzwBombPdf(3000, chain)); // decodes to ~3 GB
        await expect(ingestFile(library, file)).rejects.toMatchObject({
          code: 'PDF_TOO_LARGE',
          message: expect.stringMatching(new RegExp(`^old scan ${chain}\\.pdf: .*Nothing was stored`)),
        });
      }
      expect(library.listDocuments()).toEqual([]);
      expect(storedFiles(library.filesDir)).toEqual([]);

      // what the budget counts is what pdf.js decodes: an LZW page written by the same encoder reads back
      for (const chain of ['lzw', 'flate-lzw', 'ahx-lzw', 'a85-lzw', 'a85-flate-lzw'] as const) {
        const file = path.join(dir, `memo ${chain}.pdf`);
        writeFileSync(file, await makeLzwTextPdf(['Memo to the board.', `Revenue grew 12% to $1.2 million (${chain}).`], chain));
        const { document } = await ingestFile(library, file);
        expect(library.getPage(document.id, 1)?.text).toMatch(new RegExp(`Memo to the board\\.\\s+Revenue grew 12% to \\$1\\.2 million \\(${chain}\\)\\.`));
      }
    } finally {
      library.close();
    }
  });
});

describe('a RunLength bomb', () => {
  it('is refused by ingest with PDF_TOO_LARGE, and nothing is stored; ordinary RunLength pages are read', async () => {
    const library = openLibrary(path.join(dir, 'run-length', 'library.db'));
    try {
      const file = path.join(dir, 'fax.pdf');
      writeFileSync(file, await makeRunLengthBombPdf(2560, 'flate-rl')); // ~100 KB that decodes to 2.5 GiB
      await expect(ingestFile(library, file)).rejects.toMatchObject({ code: 'PDF_TOO_LARGE', message: expect.stringMatching(/^fax\.pdf: .*Nothing was stored/) });
      expect(library.listDocuments()).toEqual([]);
      expect(storedFiles(library.filesDir)).toEqual([]);

      for (const chain of ['rl', 'flate-rl', 'a85-rl'] as const) {
        const memo = path.join(dir, `memo ${chain}.pdf`);
        writeFileSync(memo, await makeRunLengthTextPdf(['Memo to the board.', `Revenue grew 12% to $1.2 million, ${chain}.`], chain));
        const { document } = await ingestFile(library, memo);
        expect(library.getPage(document.id, 1)?.text).toMatch(new RegExp(`Memo to the board\\.\\s+Revenue grew 12% to \\$1\\.2 million, ${chain}\\.`));
      }
    } finally {
      library.close();
    }
  });
});
