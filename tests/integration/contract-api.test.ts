/**
 * The one contract: every operation has input/output schemas, the service has
 * exactly one handler per engine operation, and dispatch validates what
 * comes in (a bad payload never reaches a handler) and what goes out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, ENGINE_OP_NAMES, OP_AREA, OP_NAMES, descriptionOf, loadOpDefinition, PublicSettingsSchema, SHELL_OP_NAMES, SettingsUpdateSchema, api, unwrapLazy, type OpEvent } from '../../shared/api';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../electron/core/analysis';
import { createEngine, type Engine } from '../../electron/core/engine';
import { combineHandlers, dispatch, loadAllHandlers } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-contract-'));
  engine = await createEngine({ libraryPath: path.join(dir, 'library.db'), secrets: memorySecretStore(), env: {} });
});
afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the contract', () => {
  it('describes every settings field, and the engine starts from the one set of defaults', async () => {
    for (const [field, schema] of [...Object.entries(unwrapLazy(PublicSettingsSchema).shape), ...Object.entries(unwrapLazy(SettingsUpdateSchema).shape)]) {
      expect(descriptionOf(schema), field).toMatch(/\w{3,}.*\w{3,}/);
    }
    const settings = await dispatch(engine, 'settings.get', {});
    expect(settings).toMatchObject({
      ok: true,
      value: { provider: 'none', model: DEFAULTS.model, answerReserveTokens: DEFAULTS.answerReserveTokens, concurrency: DEFAULTS.concurrency },
    });
    expect(DEFAULT_ANALYSIS_SETTINGS).toMatchObject({ answerReserveTokens: DEFAULTS.answerReserveTokens, concurrency: DEFAULTS.concurrency });
  });

  it('declares the operations the app needs, each with input and output schemas', () => {
    expect(OP_NAMES).toEqual(
      expect.arrayContaining([
        'library.ingest', 'library.list', 'library.info', 'library.remove', 'library.search', 'library.page',
        'analysis.plan', 'analysis.ask', 'analysis.planSummary', 'analysis.summarize',
        'history.list', 'history.get', 'export.render', 'settings.get', 'settings.update', 'app.info',
      ]),
    );
    for (const op of OP_NAMES) {
      const def = api[op];
      expect(typeof def.input.safeParse, op).toBe('function');
      expect(typeof def.output.safeParse, op).toBe('function');
      expect(def.summary.length, op).toBeGreaterThan(10);
      expect(op).toMatch(/^[a-z]+\.[A-Za-z]+$/);
    }
    expect(api['library.ingest'].events).toEqual(['progress']);
    expect([...api['analysis.ask'].events].sort()).toEqual(['delta', 'progress']);
    expect([...api['analysis.summarize'].events].sort()).toEqual(['delta', 'progress']);
  });

  it('has exactly one service handler per engine operation, in the area the contract declares it in, and none for shell-only ones', async () => {
    const { combined, byArea } = await loadAllHandlers();
    const handled = Object.keys(combined);
    expect([...handled].sort()).toEqual([...ENGINE_OP_NAMES].sort());
    for (const op of SHELL_OP_NAMES) expect(handled).not.toContain(op);
    for (const op of ENGINE_OP_NAMES) expect(typeof byArea[OP_AREA[op]][op], `${op} in the ${OP_AREA[op]} handlers`).toBe('function');
  });

  it('loads each operation from the area file the start-up map names (the lazy path dispatch takes)', async () => {
    expect(Object.keys(OP_AREA).sort()).toEqual([...OP_NAMES].sort());
    for (const op of OP_NAMES) expect(await loadOpDefinition(op), op).toBe(api[op]);
  });

  it('refuses to combine two handlers for the same operation', () => {
    const handler = () => ({});
    expect(() => combineHandlers({ 'library.list': handler }, { 'library.list': handler })).toThrow(/Duplicate handler.*library\.list/);
  });
});

describe('dispatch', () => {
  it('rejects a payload that fails the schema with INVALID_INPUT in plain words', async () => {
    const missing = await dispatch(engine, 'analysis.ask', { docId: 'abc', strategy: 'auto' });
    expect(missing).toMatchObject({ ok: false, error: { type: 'PagewiseError', code: 'INVALID_INPUT' } });
    if (!missing.ok) expect(missing.error.message).toMatch(/question/);

    const extra = await dispatch(engine, 'library.list', { sql: 'DROP TABLE documents' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!extra.ok) expect(extra.error.message).toMatch(/unknown field.*sql/);

    const badStrategy = await dispatch(engine, 'analysis.plan', { docId: 'x', question: 'q', strategy: 'everything' });
    expect(badStrategy).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const notObject = await dispatch(engine, 'library.page', 'page 1');
    expect(notObject).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('rejects unknown and desktop-only operations', async () => {
    // @ts-expect-error: not an operation of the contract
    const unknown = await dispatch(engine, 'library.dropAll', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const shell = await dispatch(engine, 'shell.openPdfDialog', {});
    expect(shell).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
    if (!shell.ok) expect(shell.error.message).toMatch(/desktop app/);
  });

  it('ingests a PDF with progress events, then lists, inspects and searches it', async () => {
    const file = writeTempFixture(`contract-${process.pid}-lease.pdf`, await makeContractPdf());
    const events: OpEvent[] = [];
    const ingest = await dispatch(engine, 'library.ingest', { source: { kind: 'path', path: file } }, { emit: (e) => events.push(e) });
    expect(ingest.ok).toBe(true);
    if (!ingest.ok) return;
    expect(ingest.value.alreadyPresent).toBe(false);
    expect(ingest.value.document.pageCount).toBe(6);
    expect(ingest.value.ocrPages).toEqual([]);
    expect(events.some((e) => e.type === 'progress')).toBe(true);

    const list = await dispatch(engine, 'library.list', {});
    expect(list.ok && list.value.documents.map((d) => d.id)).toEqual([ingest.value.document.id]);

    const info = await dispatch(engine, 'library.info', { docId: ingest.value.document.id.slice(0, 10) });
    expect(info.ok).toBe(true);
    if (info.ok) {
      expect(info.value.pages).toHaveLength(6);
      expect(info.value.fit).toMatchObject({ model: 'gpt-4o-mini', contextWindow: 128_000, fitsWhole: true });
      expect(info.value.fit.inputBudget).toBeGreaterThan(100_000);
    }

    const search = await dispatch(engine, 'library.search', { docId: ingest.value.document.id, query: 'terminate lease' });
    expect(search.ok && search.value.hits[0]?.pageNumber).toBe(4);

    const page = await dispatch(engine, 'library.page', { docId: ingest.value.document.id, pageNumber: 99 });
    expect(page).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const missing = await dispatch(engine, 'library.info', { docId: 'f'.repeat(64) });
    expect(missing).toMatchObject({ ok: false, error: { code: 'DOC_NOT_FOUND' } });
  });

  it('answers offline (extractive) through the same dispatch, and keeps it in history', async () => {
    const list = await dispatch(engine, 'library.list', {});
    const docId = list.ok ? list.value.documents[0]!.id : '';
    const answer = await dispatch(engine, 'analysis.ask', { docId, question: 'How can the lease be terminated?', strategy: 'auto' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.extractive).toBe(true);
    const history = await dispatch(engine, 'history.list', { docId });
    expect(history.ok && history.value.items.map((i) => i.id)).toContain(answer.value.id);
    const exported = await dispatch(engine, 'export.render', { target: { kind: 'answer', answerId: answer.value.id }, format: 'md' });
    expect(exported.ok).toBe(true);
    if (exported.ok) {
      expect(exported.value.fileName).toMatch(/\.md$/);
      expect(Buffer.from(exported.value.dataBase64, 'base64').toString('utf8')).toContain('How can the lease be terminated?');
    }
  });

  it('takes the API key in through settings.update and only ever gives back a masked hint', async () => {
    const before = await dispatch(engine, 'settings.get', {});
    expect(before).toMatchObject({ ok: true, value: { provider: 'none', model: 'gpt-4o-mini', answerReserveTokens: 4096, hasApiKey: false } });
    const key = 'sk-test-1234567890abcdefWXYZ';
    const updated = await dispatch(engine, 'settings.update', { provider: 'openai', apiKey: key, concurrency: 2 });
    expect(updated).toMatchObject({ ok: true, value: { provider: 'openai', hasApiKey: true, concurrency: 2 } });
    expect(JSON.stringify(updated)).not.toContain(key);
    if (updated.ok) expect(updated.value.apiKeyHint).toBe('sk-…WXYZ');
    const info = await dispatch(engine, 'app.info', {}, { transport: 'http' });
    expect(info).toMatchObject({ ok: true, value: { transport: 'http', offline: false } });
    // An unknown model needs a context window: refused, nothing stored.
    const bad = await dispatch(engine, 'settings.update', { model: 'my-local-model' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'MODEL_NOT_FOUND' } });
    const cleared = await dispatch(engine, 'settings.update', { provider: 'none', apiKey: null });
    expect(cleared).toMatchObject({ ok: true, value: { provider: 'none', hasApiKey: false, apiKeyHint: null, model: 'gpt-4o-mini' } });
  });

  it('persists settings in the library across engines, with env defaults for the rest', async () => {
    const libraryPath = path.join(dir, 'settings.db');
    const first = await createEngine({ libraryPath, secrets: memorySecretStore(), env: {} });
    await dispatch(first, 'settings.update', { answerReserveTokens: 8000, budgetTokens: 12_000 });
    first.close();
    const second = await createEngine({
      libraryPath,
      secrets: memorySecretStore(),
      env: { OPENAI_API_KEY: 'sk-from-env-000000000000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    const settings = await dispatch(second, 'settings.get', {});
    expect(settings).toMatchObject({ ok: true, value: { answerReserveTokens: 8000, budgetTokens: 12_000, provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1' } });
    second.close();
  });
});
