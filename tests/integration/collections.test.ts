/**
 * Collections (issue 10): named sets of documents on a real SQLite file with real PDFs, through dispatch and
 * through the `pagewise collection` command as a user types it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/core/engine';
import { resolveScope } from '../../electron/core/collections/scope';
import { dispatch } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, runCli } from './cli-helpers';

let dir: string;
let engine: Engine;
const ids: Record<string, string> = {};
const files: Record<string, string> = {};

const DOCS: Record<string, string> = {
  lease: 'Lease 2019. The tenant shall pay rent of 4,000 dollars each month. Either party may terminate with ninety days notice.',
  amendment: 'First amendment to the lease of 2019. The rent rises to 4,400 dollars each month from 1 January 2021.',
  report: 'Annual report. Revenue grew by 12 percent to 88 million dollars, led by the northern division.',
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-collections-'));
  engine = await createEngine({ libraryPath: path.join(dir, 'library.db'), secrets: memorySecretStore(), env: {} });
  for (const [name, text] of Object.entries(DOCS)) {
    files[name] = writeTempFixture(`collections-${process.pid}-${name}.pdf`, await makeTextPdf({ pages: [text, `${name} second page`], title: `${name} title` }));
    const ingest = await dispatch(engine, 'library.ingest', { source: { kind: 'path', path: files[name] } });
    if (!ingest.ok) throw new Error(ingest.error.message);
    ids[name] = ingest.value.document.id;
  }
});

afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('collection.* operations', () => {
  it('makes a collection from documents named by id prefix or title, in the order given, each once', async () => {
    const made = await dispatch(engine, 'collection.create', { name: '  Acme lease set ', docIds: [ids.lease!.slice(0, 10), 'amendment title', ids.lease!] });
    expect(made).toMatchObject({ ok: true, value: { collection: { name: 'Acme lease set', docIds: [ids.lease, ids.amendment] } } });
    const list = await dispatch(engine, 'collection.list', {});
    expect(list.ok && list.value.collections.map((c) => c.name)).toEqual(['Acme lease set']);
  });

  it('finds a collection by any case or a unique prefix, and says when a name is taken or unknown', async () => {
    const byPrefix = await dispatch(engine, 'collection.get', { collection: 'acme' });
    expect(byPrefix.ok && byPrefix.value.collection.docIds).toHaveLength(2);
    const clash = await dispatch(engine, 'collection.create', { name: 'ACME LEASE SET' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!clash.ok) expect(clash.error.message).toMatch(/already exists/);
    const unknown = await dispatch(engine, 'collection.get', { collection: 'Nothing like it' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'COLLECTION_NOT_FOUND' } });
  });

  it('a document can be in several collections; adding twice keeps it once; removing keeps the document', async () => {
    await dispatch(engine, 'collection.create', { name: 'Everything 2021', docIds: [ids.report!, ids.amendment!] });
    const added = await dispatch(engine, 'collection.add', { collection: 'Everything', docIds: [ids.report!, ids.lease!] });
    expect(added.ok && added.value.collection.docIds).toEqual([ids.report, ids.amendment, ids.lease]);
    expect(engine.library.collections.ofDocument(ids.amendment!).map((c) => c.name)).toEqual(['Acme lease set', 'Everything 2021']);
    const removed = await dispatch(engine, 'collection.remove', { collection: 'Everything', docIds: [ids.lease!.slice(0, 8)] });
    expect(removed.ok && removed.value.collection.docIds).toEqual([ids.report, ids.amendment]);
    expect(engine.library.getDocument(ids.lease!)).not.toBeNull();
  });

  it('removing a document from the library takes it out of every collection', async () => {
    const extraFile = writeTempFixture(`collections-${process.pid}-extra.pdf`, await makeTextPdf({ pages: ['An extra memo about parking spaces.'] }));
    const ingest = await dispatch(engine, 'library.ingest', { source: { kind: 'path', path: extraFile } });
    if (!ingest.ok) throw new Error(ingest.error.message);
    const extra = ingest.value.document.id;
    await dispatch(engine, 'collection.add', { collection: 'Acme', docIds: [extra] });
    await dispatch(engine, 'library.remove', { docId: extra });
    const after = await dispatch(engine, 'collection.get', { collection: 'Acme' });
    expect(after.ok && after.value.collection.docIds).toEqual([ids.lease, ids.amendment]);
  });

  it('resolves scopes: documents, a collection, the whole library', () => {
    expect(resolveScope(engine.library, { collection: 'acme lease' }).documents.map((d) => d.id)).toEqual([ids.lease, ids.amendment]);
    const all = resolveScope(engine.library, { all: true });
    expect(all.label).toBe('All documents');
    expect(new Set(all.documents.map((d) => d.id))).toEqual(new Set(Object.values(ids)));
    expect(() => resolveScope(engine.library, { docIds: ['no-such-document-anywhere'] })).toThrow(/No document|no document/);
  });

  it('renames and deletes; the documents stay', async () => {
    const renamed = await dispatch(engine, 'collection.rename', { collection: 'Everything 2021', name: 'Review 2021' });
    expect(renamed.ok && renamed.value.collection.name).toBe('Review 2021');
    const deleted = await dispatch(engine, 'collection.delete', { collection: 'Review 2021' });
    expect(deleted).toMatchObject({ ok: true, value: { deleted: true } });
    expect(engine.library.getDocument(ids.report!)).not.toBeNull();
    const empty = await dispatch(engine, 'collection.create', { name: '\u0007bell' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('pagewise collection', () => {
  it('create, add, show, list, remove and delete as a user types them', async () => {
    const env = cliEnvironment();
    try {
      for (const name of ['lease', 'amendment', 'report']) {
        const r = await runCli(env, ['ingest', files[name]!]);
        expect(r.code, r.stderr).toBe(0);
      }
      const create = await runCli(env, ['collection', 'create', 'Acme lease set', 'lease title', 'amendment title']);
      expect(create.code, create.stderr).toBe(0);
      expect(create.stdout).toContain('Made the collection "Acme lease set" with 2 documents.');
      const add = await runCli(env, ['collection', 'add', 'acme', 'report title']);
      expect(add.stdout).toContain('Added 1 document to "Acme lease set" (3 now).');
      const show = await runCli(env, ['collection', 'show', 'Acme lease set']);
      expect(show.stdout).toMatch(/Acme lease set: 3 documents/);
      expect(show.stdout).toContain('report title');
      const json = await runCli(env, ['collection', 'show', 'acme', '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ name: 'Acme lease set', documents: [{ title: 'lease title' }, { title: 'amendment title' }, { title: 'report title' }] });
      const remove = await runCli(env, ['collection', 'remove', 'acme', 'report title']);
      expect(remove.stdout).toContain('Took 1 document out of "Acme lease set" (2 now).');
      const list = await runCli(env, ['collection', 'list']);
      expect(list.stdout).toMatch(/Acme lease set\s+2/);
      const unknown = await runCli(env, ['collection', 'show', 'Nope']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('No collection named "Nope"');
      const del = await runCli(env, ['collection', 'delete', 'acme']);
      expect(del.stdout).toContain('Deleted the collection "Acme lease set" (its documents stay in the library).');
      const listed = await runCli(env, ['list']);
      expect(listed.stdout).toContain('report title');
    } finally {
      rmSync(env.dir, { recursive: true, force: true });
    }
  });
});
