/**
 * Batch jobs (issue 12) through dispatch, on a real library with real PDFs, the real openai SDK and the fake
 * server's Batch API: every line counted as the server counts it, results stored as ordinary answers marked
 * batch at half price (and served from the cache to a direct run), a failed line re-run, an expired batch,
 * cancel, and a provider without a Batch API refused in one line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/core/engine';
import { prepareJob } from '../../electron/core/batch/build';
import { batchApiOf, createJob } from '../../electron/core/batch/submit';
import { planSummaryRequest } from '../../electron/core/batch/summary-kind';
import { costUsd, resolveModel } from '../../electron/core/llm/models';
import { call, dispatch } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { chatPromptTokens } from '../fake-openai/tokenize';
import { makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';

let dir: string;
let fake: FakeOpenAI;
let engine: Engine;
const ids: Record<string, string> = {};

const DOCS: Record<string, string[]> = {
  lease: ['Lease 2019. The tenant shall pay rent of 4,000 dollars each month.', 'Either party may terminate the lease with ninety days notice.'],
  amendment: ['First amendment to the lease. The rent rises to 4,400 dollars each month from 1 January 2021.', 'All other terms stay in force.'],
  report: ['Annual report. Revenue grew by 12 percent to 88 million dollars.', 'The northern division led the growth in revenue.'],
  // the fake server's faults ride in a document's own text, so they hit that document's line only
  flaky: ['Parking agreement. The rent for each parking space is 150 dollars each month. [fake:batch-fail-line]', 'Spaces are numbered.'],
  expiring: ['Storage lease. The rent for the storage unit is 90 dollars each month. [fake:batch-expire]', 'Keys are kept at the desk.'],
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-batch-'));
  fake = await startFakeOpenAI({ chunkDelayMs: 0 });
  engine = await createEngine({
    libraryPath: path.join(dir, 'library.db'),
    secrets: memorySecretStore('sk-test'),
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl },
  });
  for (const [name, pages] of Object.entries(DOCS)) {
    const file = writeTempFixture(`batch-${process.pid}-${name}.pdf`, await makeTextPdf({ pages, title: `${name} title` }));
    const ingest = await call(engine, 'library.ingest', { source: { kind: 'path', path: file } });
    ids[name] = ingest.document.id;
  }
});

afterAll(async () => {
  engine.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.batches.options.enabled = true;
  fake.batches.options.hold = false;
});

const FAST = { pollMs: 1, maxPollMs: 5 };
const uploads = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files');

describe('summaries of each document as a batch', () => {
  it('counts every line exactly as the server does, stores ordinary summaries marked batch at half price', async () => {
    const before = uploads().length;
    const { job } = await call(engine, 'jobs.summarizeEach', { scope: { docIds: [ids.lease!, ids.report!] }, kind: 'brief' });
    expect(job).toMatchObject({ status: 'validating', requests: 2, pending: 2, label: 'Brief summaries of 2 documents' });
    expect(job.estimatedCostUsd).toBeGreaterThan(0);
    expect(uploads().length).toBe(before + 1);

    // the uploaded file: each line's messages counted by the server's own tokenizer = the stored prediction
    const input = fake.batches.files().at(-1)!;
    const lines = input.content.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { messages: { role: string; content: string }[] } });
    const { requests } = await call(engine, 'jobs.get', { id: job.id });
    expect(lines.map((l) => l.custom_id)).toEqual(requests.map((r) => r.customId));
    for (const [i, line] of lines.entries()) expect(requests[i]!.predictedPromptTokens).toBe(chatPromptTokens(line.body.messages));
    expect(job.predictedPromptTokens).toBe(requests.reduce((n, r) => n + r.predictedPromptTokens, 0));

    const events: string[] = [];
    const done = await call(engine, 'jobs.wait', { id: job.id.slice(0, 8), ...FAST }, { emit: (e) => e.type === 'progress' && events.push(e.progress.stage) });
    expect(events).toContain('batch');
    expect(done.job).toMatchObject({ status: 'completed', done: 2, failed: 0, collected: true });
    const model = resolveModel('gpt-4o-mini');
    for (const d of done.documents) {
      expect(d.status).toBe('done');
      const answer = d.answer!;
      expect(answer).toMatchObject({ kind: 'summary', question: 'brief', batch: true, status: 'complete' });
      expect(answer.usage.promptTokens).toBe(answer.predictedPromptTokens);
      expect(answer.costUsd).toBeCloseTo(costUsd(model, answer.usage) / 2, 12);
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(answer.citations.every((c) => c.verified)).toBe(true);
    }
    expect(done.job.costUsd).toBeCloseTo(done.documents.reduce((n, d) => n + d.answer!.costUsd, 0), 12);

    // in history, and the cache answers a later direct run without a model call
    const history = await call(engine, 'history.list', { docId: ids.lease! });
    expect(history.items.find((a) => a.id === done.documents[0]!.answer!.id)?.batch).toBe(true);
    const chatsBefore = fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const direct = await call(engine, 'analysis.summarize', { docId: ids.lease!, kind: 'brief' });
    expect(direct).toMatchObject({ cached: true, batch: true, id: done.documents[0]!.answer!.id });
    expect(fake.requests.filter((r) => r.path === '/v1/chat/completions').length).toBe(chatsBefore);

    // a second wait does not poll or download again
    const requestsBefore = fake.requests.length;
    expect((await call(engine, 'jobs.wait', { id: job.id })).job.status).toBe('completed');
    expect(fake.requests.length).toBe(requestsBefore);
  });
});

describe('the same question to each document', () => {
  it('a partial failure is reported per request, and re-runs as a new batch of just that request', async () => {
    const { job } = await call(engine, 'jobs.askEach', { scope: { docIds: [ids.lease!, ids.flaky!, ids.amendment!] }, question: 'How much is the rent each month?' });
    expect(job.label).toBe('"How much is the rent each month?" asked of 3 documents');
    const done = await call(engine, 'jobs.wait', { id: job.id, ...FAST });
    expect(done.job).toMatchObject({ status: 'completed', done: 2, failed: 1 });
    expect(done.documents.map((d) => [d.docId, d.status])).toEqual([[ids.lease, 'done'], [ids.flaky, 'failed'], [ids.amendment, 'done']]);
    expect(done.documents[1]!.error).toMatch(/server had an error.*HTTP 500/);
    expect(done.documents[0]!.answer).toMatchObject({ kind: 'answer', batch: true });
    expect(done.documents[0]!.answer!.text).toMatch(/4,000 dollars/);

    const before = uploads().length;
    const retry = await call(engine, 'jobs.retryFailed', { id: job.id, batch: true });
    expect(retry.job).toMatchObject({ requests: 1, retryOf: job.id });
    expect(uploads().length).toBe(before + 1);
    const again = await call(engine, 'jobs.wait', { id: retry.job.id, ...FAST });
    expect(again.job).toMatchObject({ done: 1, failed: 0 });
    expect(again.documents[0]).toMatchObject({ docId: ids.flaky, status: 'done', answer: { batch: true } });
  });

  it('an expired batch: finished lines are kept, the rest re-run directly at the normal price', async () => {
    const { job } = await call(engine, 'jobs.askEach', { scope: { docIds: [ids.lease!, ids.expiring!, ids.report!] }, question: 'What does the document say about money?' });
    const done = await call(engine, 'jobs.wait', { id: job.id, ...FAST });
    expect(done.job).toMatchObject({ status: 'expired', done: 1, failed: 2 });
    expect(done.documents.slice(1).every((d) => /completion window expired.*batch_expired/.test(d.error ?? ''))).toBe(true);
    const direct = await call(engine, 'jobs.retryFailed', { id: job.id, batch: false });
    expect(direct.job).toMatchObject({ status: 'expired', done: 3, failed: 0 });
    const rerun = direct.documents[2]!.answer!;
    expect(rerun.batch).toBeUndefined();
    expect(rerun.costUsd).toBeCloseTo(costUsd(resolveModel('gpt-4o-mini'), rerun.usage), 12);
  });

  it('cancel: the provider is told, the status is kept, requests not run are reported', async () => {
    fake.batches.options.hold = true;
    const { job } = await call(engine, 'jobs.askEach', { scope: { docIds: [ids.lease!, ids.report!] }, question: 'Who signed it?' });
    const cancelled = await call(engine, 'jobs.cancel', { id: job.id });
    expect(cancelled.job.status).toBe('cancelling');
    expect(fake.requests.some((r) => r.path === `/v1/batches/${job.batchId}/cancel`)).toBe(true);
    const done = await call(engine, 'jobs.wait', { id: job.id, ...FAST });
    expect(done.job).toMatchObject({ status: 'cancelled', failed: 2, collected: true });
    expect(done.documents[0]!.error).toBe('The batch was cancelled before this request ran.');
    expect((await call(engine, 'jobs.list', {})).jobs.find((j) => j.id === job.id)?.status).toBe('cancelled');

    // a job cancelled once its requests had run: what finished is still stored
    const second = (await call(engine, 'jobs.askEach', { scope: { docIds: [ids.lease!] }, question: 'Who pays the rent?' })).job;
    expect((await call(engine, 'jobs.refresh', { id: second.id })).job.status).toBe('in_progress'); // one look, no waiting
    await call(engine, 'jobs.cancel', { id: second.id });
    const kept = await call(engine, 'jobs.wait', { id: second.id, ...FAST });
    expect(kept.job).toMatchObject({ status: 'cancelled', done: 1, failed: 0 });
    expect(kept.documents[0]!.answer).toMatchObject({ batch: true });
  });
});

describe('resuming a job whose process died while sending it', () => {
  it('adopts the batch created from its input file instead of creating a second one', async () => {
    const ctx = await engine.analysisContext();
    const api = batchApiOf(ctx);
    const prepared = prepareJob(ctx.model, [planSummaryRequest(ctx, ids.report!, 'detailed', { fresh: true })], api.body);
    const job = createJob(ctx, 'crashed', prepared);
    // what the dead process did: uploaded, stored the file id, created the batch, and died before storing its id
    const fileId = await api.upload(prepared.jsonl, 'crashed.jsonl');
    ctx.library.jobs.update(job.id, { inputFileId: fileId });
    await api.create(fileId, {});
    const creates = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches').length;
    const uploadsBefore = uploads().length;
    const done = await call(engine, 'jobs.wait', { id: job.id, ...FAST });
    expect(done.job).toMatchObject({ status: 'completed', done: 1 });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches').length).toBe(creates);
    expect(uploads().length).toBe(uploadsBefore);
  });
});

describe('a provider without a Batch API', () => {
  it('is refused in one line with BATCH_UNSUPPORTED, and no job is stored', async () => {
    const jobsBefore = (await call(engine, 'jobs.list', {})).jobs.length;
    fake.batches.options.enabled = false;
    const refused = await dispatch(engine, 'jobs.summarizeEach', { scope: { all: true }, kind: 'brief', fresh: true });
    expect(refused).toEqual({ ok: false, error: { type: 'PagewiseError', code: 'BATCH_UNSUPPORTED', message: 'This provider has no Batch API: run it directly instead.' } });
    expect((await call(engine, 'jobs.list', {})).jobs.length).toBe(jobsBefore);

    const local = await createEngine({
      libraryPath: path.join(dir, 'library.db'),
      secrets: memorySecretStore(null),
      env: { OPENAI_BASE_URL: fake.baseUrl },
      overrides: { provider: 'compatible', baseUrl: fake.baseUrl },
    });
    try {
      const uploadsBefore = uploads().length;
      const compatible = await dispatch(local, 'jobs.askEach', { scope: { all: true }, question: 'Rent?' });
      expect(compatible).toMatchObject({ ok: false, error: { code: 'BATCH_UNSUPPORTED', message: 'This provider has no Batch API: run it directly instead.' } });
      expect(uploads().length).toBe(uploadsBefore);
    } finally {
      local.close();
    }
  });
});
