/**
 * Batch jobs through the built `pagewise` CLI as a user runs it: `summarize --docs --batch`, `jobs wait` killed
 * with SIGKILL mid-wait and run again (it resumes from the stored job: no second upload or batch, the library
 * intact), and a provider without a Batch API refused in one line.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../electron/core/store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { CLI, cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

let fake: FakeOpenAI;
let env: CliEnvironment;
const files: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 0 });
  env = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl, PAGEWISE_BATCH_POLL_MS: '20' });
  for (const [name, text] of [
    ['lease', 'Lease 2019. The tenant shall pay rent of 4,000 dollars each month.'],
    ['report', 'Annual report. Revenue grew by 12 percent to 88 million dollars.'],
  ] as const) {
    const file = writeTempFixture(`batch-cli-${process.pid}-${name}.pdf`, await makeTextPdf({ pages: [text, `${name} second page`], title: `${name} title` }));
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

const count = (method: string, path: string | RegExp): number =>
  fake.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path))).length;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('pagewise summarize --batch and jobs wait', () => {
  it('resumes a wait killed with SIGKILL: no second upload, results stored once, the library intact', async () => {
    fake.batches.options.hold = true;
    const sent = await runCli(env, ['summarize', '--docs', 'lease title,report title', '--batch', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { job } = jsonLines(sent.stdout)[0] as { job: { id: string; status: string; requests: number; estimatedCostUsd: number } };
    expect(job).toMatchObject({ status: 'validating', requests: 2 });
    expect(job.estimatedCostUsd).toBeGreaterThan(0);
    expect(count('POST', '/v1/files')).toBe(1);

    // the first waiter polls a batch that stays in progress, and is killed
    const before = count('GET', /^\/v1\/batches\//);
    const child = spawn(process.execPath, [CLI, 'jobs', 'wait', job.id, '--json'], { env: env.env, cwd: env.dir });
    let childOut = '';
    child.stdout.on('data', (c: Buffer) => (childOut += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(signal === 'SIGKILL' ? -9 : code)));
    await until(() => count('GET', /^\/v1\/batches\//) >= before + 3, 'the waiter to poll');
    child.kill('SIGKILL');
    expect(await exited).toBe(-9);
    expect(childOut).toBe('');

    // started again, it resumes from the stored job
    fake.batches.options.hold = false;
    const waited = await runCli(env, ['jobs', 'wait', job.id.slice(0, 8), '--json']);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stderr).toMatch(/Batch completed: 2 of 2 requests finished/);
    const out = jsonLines(waited.stdout)[0] as {
      job: { id: string; status: string; requests: number; predictedPromptTokens: number; costUsd: number };
      documents: { title: string; status: string; answer: { batch: boolean; predictedPromptTokens: number; usage: { promptTokens: number } } }[];
    };
    expect(out.job).toMatchObject({ id: job.id, status: 'completed', requests: 2 });
    expect(out.documents.map((d) => [d.title, d.status, d.answer.batch])).toEqual([
      ['lease title', 'done', true],
      ['report title', 'done', true],
    ]);
    for (const d of out.documents) expect(d.answer.usage.promptTokens).toBe(d.answer.predictedPromptTokens);
    expect(out.job.predictedPromptTokens).toBe(out.documents.reduce((n, d) => n + d.answer.predictedPromptTokens, 0));
    expect(count('POST', '/v1/files')).toBe(1);
    expect(count('POST', '/v1/batches')).toBe(1);

    const history = await runCli(env, ['history', '--json']);
    expect((jsonLines(history.stdout)[0] as unknown[]).length).toBe(2);
    const listed = await runCli(env, ['jobs', '--json']);
    expect(jsonLines(listed.stdout)[0]).toMatchObject([{ id: job.id, status: 'completed', done: 2, failed: 0 }]);
    const library = openLibrary(env.db);
    try {
      expect(library.integrityCheck()).toBe('ok');
    } finally {
      library.close();
    }
  }, 60_000);

  it('says in one line that a provider without a Batch API cannot take a batch', async () => {
    const run = await runCli(env, ['--provider', 'compatible', '--base-url', fake.baseUrl, 'summarize', '--all', '--batch']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual(['pagewise: This provider has no Batch API: run it directly instead.']);
    const json = await runCli(env, ['--provider', 'compatible', '--base-url', fake.baseUrl, 'ask', '--all', '--each', '--batch', '--json', 'Rent?']);
    expect(jsonLines(json.stdout)[0]).toEqual({ error: { code: 'BATCH_UNSUPPORTED', message: 'This provider has no Batch API: run it directly instead.' } });
  }, 30_000);
});
