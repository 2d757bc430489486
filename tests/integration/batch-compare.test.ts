/**
 * `pagewise compare --batch` as a user runs it (built CLI, real library and PDFs, the real openai SDK to the
 * fake server's Batch API): the job printed at once and the comparison in history straight away, its rows
 * filled when `jobs wait` collects the job: answers marked batch at half the price, a failed line as a
 * failed row with the provider's reason.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costUsd, resolveModel } from '../../electron/core/llm/models';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

let fake: FakeOpenAI;
let env: CliEnvironment;
const files: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 0 });
  env = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl, PAGEWISE_BATCH_POLL_MS: '20' });
  for (const [name, text] of [
    ['lease', 'Lease 2019. The tenant shall pay rent of 4,000 dollars each month.'],
    ['amendment', 'First amendment. The rent rises to 4,400 dollars each month from 1 January 2021.'],
    // the fake server fails this document's line only
    ['flaky', 'Parking agreement. The rent for each parking space is 150 dollars each month. [fake:batch-fail-line]'],
  ] as const) {
    const file = writeTempFixture(`batch-compare-${process.pid}-${name}.pdf`, await makeTextPdf({ pages: [text, `${name} second page`], title: `${name} title` }));
    files.push(file);
  }
  const ingest = await runCli(env, ['ingest', ...files]);
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await fake.close();
  rmSync(env.dir, { recursive: true, force: true });
  for (const f of files) rmSync(f, { force: true });
});

interface HistoryItem { id: string; question: string; documentCount: number; finishedRows: number; failedRows: number }
const history = async (): Promise<HistoryItem[]> => {
  const run = await runCli(env, ['compare', '--history', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { items: HistoryItem[] }).items;
};

describe('pagewise compare --batch', () => {
  it('sends one job; the comparison is in history at once and fills in when the job is collected', async () => {
    const question = 'What is the monthly rent?';
    const sent = await runCli(env, ['compare', '--docs', 'lease title,amendment title,flaky title', question, '--batch', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { job, comparisonId } = jsonLines(sent.stdout)[0] as { job: { id: string; status: string; requests: number; estimatedCostUsd: number }; comparisonId: string };
    expect(job).toMatchObject({ status: 'validating', requests: 3 });
    expect(job.estimatedCostUsd).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0);

    const before = (await history()).find((c) => c.id === comparisonId);
    expect(before).toMatchObject({ question, documentCount: 3, finishedRows: 0 });

    const waited = await runCli(env, ['jobs', 'wait', job.id.slice(0, 8), '--json']);
    expect(waited.code).toBe(1); // one line failed
    const out = JSON.parse(waited.stdout) as { documents: { title: string; status: string; error: string | null; answer: { batch: boolean; costUsd: number; usage: { promptTokens: number; completionTokens: number; cachedTokens: number; totalTokens: number }; predictedPromptTokens: number } | null }[] };
    const model = resolveModel('gpt-4o-mini');
    for (const d of out.documents.filter((x) => x.status === 'done')) {
      expect(d.answer!.batch).toBe(true);
      expect(d.answer!.usage.promptTokens).toBe(d.answer!.predictedPromptTokens);
      expect(d.answer!.costUsd).toBeCloseTo(costUsd(model, d.answer!.usage) / 2, 12);
    }
    expect(out.documents.map((d) => [d.title, d.status])).toEqual([
      ['lease title', 'done'],
      ['amendment title', 'done'],
      ['flaky title', 'failed'],
    ]);

    const after = (await history()).find((c) => c.id === comparisonId);
    expect(after).toMatchObject({ documentCount: 3, finishedRows: 3, failedRows: 1 });
    const exported = await runCli(env, ['export', comparisonId.slice(0, 8), '--format', 'json']);
    expect(exported.code, exported.stderr).toBe(0);
    const written = /Wrote (\S+\.json)/.exec(exported.stdout + exported.stderr)?.[1];
    expect(written).toBeDefined();
    const file = JSON.parse(readFileSync(written!, 'utf8')) as { rows: { title: string; answer: { text: string } | null; error: { message: string } | null }[] };
    expect(file.rows.map((r) => r.title)).toEqual(['lease title', 'amendment title', 'flaky title']);
    expect(file.rows[0]!.answer!.text).toMatch(/4,000/);
    expect(file.rows[2]!.answer).toBeNull();
    expect(file.rows[2]!.error!.message.length).toBeGreaterThan(0);
  }, 90_000);

  it('with a provider that has no Batch API: one line, and no comparison is kept', async () => {
    fake.batches.options.enabled = false;
    try {
      const count = (await history()).length;
      const sent = await runCli(env, ['compare', '--docs', 'lease title,amendment title', 'What is the rent?', '--batch']);
      expect(sent.code).not.toBe(0);
      expect(sent.stderr.trim().split('\n')).toHaveLength(1);
      expect((await history()).length).toBe(count);
    } finally {
      fake.batches.options.enabled = true;
    }
  });
});
