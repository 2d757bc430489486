/**
 * Renaming a document: the title a reader sees changes everywhere it is read
 * from the library (list, info, search hits, resolution by title), on a real
 * SQLite file with a real PDF; and the `pagewise rename` command does the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/core/engine';
import { dispatch } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli } from './cli-helpers';

let dir: string;
let engine: Engine;
let docId: string;
let contractFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-rename-'));
  engine = await createEngine({ libraryPath: path.join(dir, 'library.db'), secrets: memorySecretStore(), env: {} });
  contractFile = writeTempFixture(`rename-${process.pid}-lease.pdf`, await makeContractPdf());
  const ingest = await dispatch(engine, 'library.ingest', { source: { kind: 'path', path: contractFile } });
  if (!ingest.ok) throw new Error(ingest.error.message);
  docId = ingest.value.document.id;
});

afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('library.rename', () => {
  it('stores the new title, tidied, and every read shows it', async () => {
    const renamed = await dispatch(engine, 'library.rename', { docId: docId.slice(0, 8), title: '  Harbour Street   lease\n2025 ' });
    expect(renamed).toMatchObject({ ok: true, value: { document: { id: docId, title: 'Harbour Street lease 2025' } } });

    const list = await dispatch(engine, 'library.list', {});
    expect(list.ok && list.value.documents.find((d) => d.id === docId)?.title).toBe('Harbour Street lease 2025');
    const info = await dispatch(engine, 'library.info', { docId });
    expect(info.ok && info.value.document.title).toBe('Harbour Street lease 2025');
    const hits = await dispatch(engine, 'library.search', { docId: null, query: 'terminate lease' });
    expect(hits.ok && hits.value.hits[0]?.docTitle).toBe('Harbour Street lease 2025');
    // the new title names the document from now on
    expect(engine.library.resolveDocument('Harbour Street lease 2025').id).toBe(docId);
  });

  it('refuses an empty title and an unknown document without changing anything', async () => {
    const empty = await dispatch(engine, 'library.rename', { docId, title: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!empty.ok) expect(empty.error.message).toMatch(/type a title/);
    const unknown = await dispatch(engine, 'library.rename', { docId: 'f'.repeat(64), title: 'Anything' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'DOC_NOT_FOUND' } });
    expect(engine.library.getDocument(docId)?.title).toBe('Harbour Street lease 2025');
  });
});

describe('pagewise rename', () => {
  it('renames by id prefix and prints the new title; list shows it', async () => {
    const environment = cliEnvironment();
    try {
      const ingested = await runCli(environment, ['ingest', contractFile, '--json']);
      expect(ingested.code).toBe(0);
      const [line] = jsonLines(ingested.stdout) as { id: string }[];
      const id = line?.id ?? '';
      const renamed = await runCli(environment, ['rename', id.slice(0, 10), 'Lease — Harbour Street']);
      expect(renamed.stderr).toBe('');
      expect(renamed.code).toBe(0);
      expect(renamed.stdout).toContain('"Lease — Harbour Street"');
      const listed = await runCli(environment, ['list', '--json']);
      expect(listed.stdout).toContain('Lease — Harbour Street');

      const usage = await runCli(environment, ['rename', id.slice(0, 10)]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/new title/);
    } finally {
      rmSync(environment.dir, { recursive: true, force: true });
    }
  });
});
