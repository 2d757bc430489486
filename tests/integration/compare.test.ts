/**
 * Compare (issue 10): one question asked of each document separately, on a real library with real PDFs and the
 * real openai SDK against the fake server. Each row is the engine's ordinary answer (verified citations, cache,
 * history); a failed row sits beside complete ones; the table exports to five formats.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../shared/api/compare';
import { resolveScope } from '../../electron/core/collections/scope';
import { runCompare } from '../../electron/core/compare/compare';
import { createEngine, type Engine } from '../../electron/core/engine';
import { dispatch } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeImageOnlyPdf, makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { startHarness } from './analysis-helpers';

let dir: string;
let fake: FakeOpenAI;
let engine: Engine;
const ids: Record<string, string> = {};
const written: string[] = [];

const DOCS: Record<string, string[]> = {
  lease: ['Lease 2019 between Harbor Properties and Acme.', 'The tenant shall pay rent of 4,000 dollars each month to the landlord.'],
  amendment: ['First amendment to the lease of 2019.', 'From 1 January 2021 the tenant shall pay rent of 4,400 dollars each month.'],
};
const QUESTION = 'How much rent does the tenant pay each month?';

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function chatCount(): number {
  return fake.requests.filter((r) => r.messages !== null && r.status === 200).length;
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  dir = mkdtempSync(path.join(tmpdir(), 'pw-compare-'));
  engine = await createEngine({
    libraryPath: path.join(dir, 'library.db'),
    secrets: memorySecretStore('sk-test'),
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl },
  });
  const pdfs: Record<string, Uint8Array> = {
    lease: await makeTextPdf({ pages: DOCS.lease ?? [], title: 'Lease 2019' }),
    amendment: await makeTextPdf({ pages: DOCS.amendment ?? [], title: 'Amendment 2021' }),
    scan: await makeImageOnlyPdf(2),
  };
  for (const [name, bytes] of Object.entries(pdfs)) {
    const file = writeTempFixture(`compare-${process.pid}-${name}.pdf`, bytes);
    written.push(file);
    ids[name] = (await ok(dispatch(engine, 'library.ingest', { source: { kind: 'path', path: file } }))).document.id;
  }
  await ok(dispatch(engine, 'collection.create', { name: 'Lease set', docIds: [ids.lease ?? '', ids.amendment ?? ''] }));
});

afterAll(async () => {
  engine?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  for (const file of written) rmSync(file, { force: true });
});

describe('analysis.planCompare', () => {
  it('shows each document\'s plan and the totals before anything is sent; a scanned document says why it cannot be asked', async () => {
    const before = chatCount();
    const plan = await ok(dispatch(engine, 'analysis.planCompare', { scope: { docIds: [ids.lease ?? '', ids.amendment ?? '', ids.scan ?? ''] }, question: QUESTION }));
    expect(chatCount()).toBe(before);
    expect(plan.rows.map((r) => r.title)).toEqual(['Lease 2019', 'Amendment 2021', expect.any(String)]);
    expect(plan.rows[0]?.plan?.strategy).toBe('whole');
    expect(plan.rows[2]).toMatchObject({ plan: null, error: { code: 'NO_TEXT_LAYER' } });
    const [a, b] = [plan.rows[0]?.plan, plan.rows[1]?.plan];
    expect(plan.totals.promptTokens).toBe((a?.promptTokens ?? 0) + (b?.promptTokens ?? 0));
    expect(plan.totals.calls).toBe(2);
    expect(plan.totals.estimatedCostUsd).toBeCloseTo((a?.estimatedCostUsd ?? 0) + (b?.estimatedCostUsd ?? 0), 10);
  });
});

describe('analysis.compare', () => {
  let first: Comparison;

  it('answers each document of a collection separately, with citations verified against that document', async () => {
    const events: string[] = [];
    first = await ok(
      dispatch(engine, 'analysis.compare', { scope: { collection: 'lease set' }, question: QUESTION }, { emit: (e) => e.type === 'progress' && events.push(e.progress.message ?? '') }),
    );
    expect(first.scopeLabel).toBe('Lease set');
    expect(first.collectionId).not.toBeNull();
    expect(first.rows.map((r) => r.title)).toEqual(['Lease 2019', 'Amendment 2021']);
    const [lease, amendment] = first.rows;
    expect(lease?.answer?.text).toMatch(/4,000 dollars/);
    expect(amendment?.answer?.text).toMatch(/4,400 dollars/);
    for (const row of first.rows) {
      expect(row.error).toBeNull();
      expect(row.answer?.docId).toBe(row.docId);
      expect(row.answer?.citations.length).toBeGreaterThan(0);
      expect(row.answer?.citations.every((c) => c.verified && c.page === 2)).toBe(true);
    }
    // what the two requests used, exactly as the provider reported it
    expect(first.usage.promptTokens).toBe((lease?.answer?.usage.promptTokens ?? 0) + (amendment?.answer?.usage.promptTokens ?? 0));
    expect(first.costUsd).toBeGreaterThan(0);
    expect(events).toContain('Document 1 of 2: Lease 2019');
    expect(events).toContain('Document 2 of 2: Amendment 2021');
    // each answer is also in its own document's history
    const history = await ok(dispatch(engine, 'history.list', { docId: ids.amendment ?? '' }));
    expect(history.items.map((a) => a.id)).toContain(amendment?.answer?.id);
  });

  it('a second compare answers from the cache: no request, nothing paid; --fresh asks again', async () => {
    const before = chatCount();
    const again = await ok(dispatch(engine, 'analysis.compare', { scope: { collection: 'Lease set' }, question: `  ${QUESTION.toLowerCase()} ` }));
    expect(chatCount()).toBe(before);
    expect(again.id).not.toBe(first.id);
    expect(again.rows.map((r) => r.answer?.cached)).toEqual([true, true]);
    expect(again.rows.map((r) => r.answer?.id)).toEqual(first.rows.map((r) => r.answer?.id));
    expect(again.costUsd).toBe(0);
    const fresh = await ok(dispatch(engine, 'analysis.compare', { scope: { collection: 'Lease set' }, question: QUESTION, fresh: true }));
    expect(chatCount()).toBe(before + 2);
    expect(fresh.rows.map((r) => r.answer?.cached)).toEqual([false, false]);
    // one cache with ordinary questions: asking one document the same question is served from it
    const asked = await ok(dispatch(engine, 'analysis.ask', { docId: ids.lease ?? '', question: QUESTION, strategy: 'auto' }));
    expect(asked).toMatchObject({ cached: true, id: fresh.rows[0]?.answer?.id });
    expect(chatCount()).toBe(before + 2);
  });

  it('a scanned document without text fails its own row in words; the others complete', async () => {
    const cmp = await ok(dispatch(engine, 'analysis.compare', { scope: { docIds: [ids.scan ?? '', ids.lease ?? ''] }, question: 'What is the monthly rent?' }));
    expect(cmp.rows).toHaveLength(2);
    expect(cmp.rows[0]).toMatchObject({ answer: null, error: { code: 'NO_TEXT_LAYER' } });
    expect(cmp.rows[0]?.error?.message).toMatch(/text/i);
    expect(cmp.rows[1]?.answer?.status).toBe('complete');
    expect(cmp.rows[1]?.answer?.citations[0]?.verified).toBe(true);
  });

  it('keeps comparisons: listed newest first, read back with their rows, deleted on request', async () => {
    const list = await ok(dispatch(engine, 'history.comparisons', {}));
    expect(list.items.length).toBeGreaterThanOrEqual(4);
    expect(list.items[0]).toMatchObject({ documentCount: 2, finishedRows: 2, failedRows: 1 });
    const back = await ok(dispatch(engine, 'history.comparison', { comparisonId: first.id.slice(0, 8) }));
    expect(back.rows.map((r) => r.answer?.text)).toEqual(first.rows.map((r) => r.answer?.text));
    expect(back.costUsd).toBeCloseTo(first.costUsd, 10);
    const byCollection = await ok(dispatch(engine, 'history.comparisons', { collectionId: first.collectionId ?? '' }));
    expect(byCollection.items.every((c) => c.scopeLabel === 'Lease set')).toBe(true);
    const extra = await ok(dispatch(engine, 'analysis.compare', { scope: { docIds: [ids.lease ?? ''] }, question: 'Who is the landlord?' }));
    expect(await ok(dispatch(engine, 'history.deleteComparison', { comparisonId: extra.id }))).toEqual({ deleted: true });
    expect(await dispatch(engine, 'history.comparison', { comparisonId: extra.id })).toMatchObject({ ok: false, error: { code: 'ANSWER_NOT_FOUND' } });
  });

  it('exports the table as CSV and JSON through both export operations', async () => {
    const csvFile = await ok(dispatch(engine, 'export.render', { target: { kind: 'comparison', comparisonId: first.id }, format: 'csv' }));
    expect(csvFile.fileName).toMatch(/^comparison-how-much-rent-.*\.csv$/);
    expect(csvFile.mimeType).toMatch(/text\/csv/);
    const csv = Buffer.from(csvFile.dataBase64, 'base64').toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('document,doc_id,status,answer,citations,verified_citations,total_citations,prompt_tokens,completion_tokens,cached_tokens,cost_usd,error');
    expect(csv).toContain('Lease 2019,');
    expect(csv).toMatch(/p\. 2 ✓ “[^”]*4,400 dollars/);
    const jsonFile = await ok(dispatch(engine, 'export.comparison', { comparisonId: first.id, format: 'json' }));
    const json = JSON.parse(Buffer.from(jsonFile.dataBase64, 'base64').toString('utf8')) as { rows: { title: string; answer: { citations: { verified: boolean }[] } }[] };
    expect(json.rows.map((r) => r.title)).toEqual(['Lease 2019', 'Amendment 2021']);
    expect(json.rows.every((r) => r.answer.citations.every((c) => c.verified))).toBe(true);
    const docx = await ok(dispatch(engine, 'export.comparison', { comparisonId: first.id, format: 'docx' }));
    expect(Buffer.from(docx.dataBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // CSV is a table format: an answer asks for another one
    const answerCsv = await dispatch(engine, 'export.render', { target: { kind: 'answer', answerId: first.rows[0]?.answer?.id ?? '' }, format: 'csv' });
    expect(answerCsv).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('a comparison after its documents change', () => {
  it('a document removed later leaves its row saying so; the other rows stay', async () => {
    const extraFile = writeTempFixture(`compare-${process.pid}-extra.pdf`, await makeTextPdf({ pages: ['Side letter.', 'The tenant shall pay rent of 4,100 dollars each month.'], title: 'Side letter' }));
    written.push(extraFile);
    const extra = (await ok(dispatch(engine, 'library.ingest', { source: { kind: 'path', path: extraFile } }))).document.id;
    const cmp = await ok(dispatch(engine, 'analysis.compare', { scope: { docIds: [ids.lease ?? '', extra] }, question: QUESTION }));
    expect(cmp.rows[1]?.answer?.text).toMatch(/4,100 dollars/);
    await ok(dispatch(engine, 'library.remove', { docId: extra }));
    const back = await ok(dispatch(engine, 'history.comparison', { comparisonId: cmp.id }));
    expect(back.rows[0]?.answer?.text).toMatch(/4,000 dollars/);
    expect(back.rows[1]).toMatchObject({ title: 'Side letter', answer: null, error: { code: 'ANSWER_NOT_FOUND' } });
    expect(back.rows[1]?.error?.message).toMatch(/no longer in the library/);
    // and it still exports: the row says why in words
    const md = await ok(dispatch(engine, 'export.comparison', { comparisonId: cmp.id, format: 'md' }));
    expect(Buffer.from(md.dataBase64, 'base64').toString('utf8')).toMatch(/\| Side letter \| \*\*Not answered: This answer is no longer in the library/);
  });
});

describe('offline (no provider)', () => {
  it('every row is an extractive answer quoting its own document, at no cost', async () => {
    const h = await startHarness();
    try {
      const a = await h.ingest('cmp-off-a.pdf', await makeTextPdf({ pages: DOCS.lease ?? [], title: 'Lease 2019' }));
      const b = await h.ingest('cmp-off-b.pdf', await makeTextPdf({ pages: DOCS.amendment ?? [], title: 'Amendment 2021' }));
      const cmp = await runCompare(h.ctx({ offline: true }), resolveScope(h.library, { docIds: [a, b] }), QUESTION);
      expect(cmp.rows.map((r) => r.answer?.extractive)).toEqual([true, true]);
      expect(cmp.rows[0]?.answer?.text).toMatch(/4,000 dollars/);
      expect(cmp.rows[1]?.answer?.text).toMatch(/4,400 dollars/);
      expect(cmp.costUsd).toBe(0);
      expect(h.chatRequests()).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('rows that fail while asking', () => {
  it('a rate limit that outlasts the retries fails its row; the next document is still answered; cancel keeps finished rows', async () => {
    const h = await startHarness();
    try {
      const a = await h.ingest('cmp-a.pdf', await makeTextPdf({ pages: DOCS.lease ?? [], title: 'Lease 2019' }));
      const b = await h.ingest('cmp-b.pdf', await makeTextPdf({ pages: DOCS.amendment ?? [], title: 'Amendment 2021' }));
      const ctx = h.ctx({ settings: { concurrency: 1 } });
      const scope = resolveScope(h.library, { docIds: [a, b] });
      // the first request and its three retries are refused
      h.fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 0, times: 4 });
      const cmp = await runCompare(ctx, scope, QUESTION);
      expect(cmp.rows[0]).toMatchObject({ answer: null, error: { code: 'RATE_LIMITED' } });
      expect(cmp.rows[1]?.answer?.text).toMatch(/4,400 dollars/);
      expect(h.library.comparisons.get(cmp.id)?.rows).toHaveLength(2);

      // cancelled after the first document finished: that row is kept, the run says CANCELLED
      h.fake.setFault(null);
      const controller = new AbortController();
      let error: unknown = null;
      try {
        await runCompare(ctx, scope, 'Who is the landlord?', {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.message?.endsWith(': answered')) controller.abort();
          },
        });
      } catch (caught) {
        error = caught;
      }
      expect((error as { code?: string } | null)?.code).toBe('CANCELLED');
      const kept = h.library.comparisons.list()[0];
      expect(kept).toMatchObject({ question: 'Who is the landlord?', documentCount: 2, finishedRows: 1, failedRows: 0 });
    } finally {
      await h.close();
    }
  });
});
