/**
 * `pagewise compare` end to end: the built CLI, a real library, the real openai SDK over HTTP to the fake server.
 * The JSON shapes (plan and comparison), the compact table a person reads, --out by extension, and
 * `pagewise export <comparison-id>`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeImageOnlyPdf, makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { CLI, cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

let fake: FakeOpenAI;
let env: CliEnvironment;
const files: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  env = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
  const pdfs = {
    lease: await makeTextPdf({ pages: ['Lease 2019.', 'The tenant shall pay rent of 4,000 dollars each month.'], title: 'Lease 2019' }),
    amendment: await makeTextPdf({ pages: ['Amendment 2021.', 'The tenant shall pay rent of 4,400 dollars each month from 2021.'], title: 'Amendment 2021' }),
    scan: await makeImageOnlyPdf(1),
  };
  for (const [name, bytes] of Object.entries(pdfs)) {
    const file = writeTempFixture(`cli-compare-${process.pid}-${name}.pdf`, bytes);
    files.push(file);
    const run = await runCli(env, ['ingest', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
  }
  const made = await runCli(env, ['collection', 'create', 'Leases', 'Lease 2019', 'Amendment 2021']);
  expect(made.code, made.stderr).toBe(0);
});
afterAll(async () => {
  await fake.close();
  rmSync(env.dir, { recursive: true, force: true });
  for (const file of files) rmSync(file, { force: true });
});

const QUESTION = 'How much rent does the tenant pay each month?';

describe('pagewise compare', () => {
  it('--plan --json shows every document\'s plan and the totals, without a request', async () => {
    fake.reset();
    const run = await runCli(env, ['compare', '--collection', 'Leases', QUESTION, '--plan', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { rows: { title: string; plan: { calls: number; promptTokens: number } | null }[]; totals: { calls: number; promptTokens: number; estimatedCostUsd: number } };
    expect(plan.rows.map((r) => r.title)).toEqual(['Lease 2019', 'Amendment 2021']);
    expect(plan.totals.calls).toBe(2);
    expect(plan.totals.promptTokens).toBe(plan.rows.reduce((n, r) => n + (r.plan?.promptTokens ?? 0), 0));
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);
  });

  it('--json prints the comparison: one row per document, each an answer with verified citations; exact prompt tokens', async () => {
    fake.reset();
    const run = await runCli(env, ['compare', '--collection', 'Leases', QUESTION, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Document 1 of 2: Lease 2019');
    const [c] = jsonLines(run.stdout) as {
      id: string;
      scopeLabel: string;
      documentCount: number;
      rows: { docId: string; title: string; error: null; answer: { docId: string; text: string; predictedPromptTokens: number; usage: { promptTokens: number }; citations: { page: number; verified: boolean }[] } }[];
      usage: { promptTokens: number };
      costUsd: number;
    }[];
    expect(c?.scopeLabel).toBe('Leases');
    expect(c?.documentCount).toBe(2);
    expect(c?.rows.map((r) => r.title)).toEqual(['Lease 2019', 'Amendment 2021']);
    for (const row of c?.rows ?? []) {
      expect(row.answer.docId).toBe(row.docId);
      expect(row.answer.citations.length).toBeGreaterThan(0);
      expect(row.answer.citations.every((x) => x.verified && x.page === 2)).toBe(true);
      expect(row.answer.usage.promptTokens).toBe(row.answer.predictedPromptTokens);
    }
    expect(c?.rows[1]?.answer.text).toMatch(/4,400 dollars/);
    const served = fake.requests.filter((r) => r.path.endsWith('/chat/completions') && r.status === 200);
    expect(served).toHaveLength(2);
    expect(c?.usage.promptTokens).toBe(served.reduce((n, r) => n + (r.promptTokens ?? 0), 0));
    expect(c?.costUsd).toBeGreaterThan(0);
  });

  it('prints a compact table a person reads, a failed row beside the answered ones, and writes --out by its extension', async () => {
    const out = join(env.dir, 'table.csv');
    const run = await runCli(env, ['compare', '--docs', `Lease 2019,Amendment 2021,cli-compare-${process.pid}-scan.pdf`, QUESTION, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1\. Lease 2019$/m);
    expect(run.stdout).toMatch(/✓ p\. 2 "The tenant shall pay rent of 4,000 dollars/);
    expect(run.stdout).toMatch(/from the cache, no cost/); // asked in the test before
    expect(run.stdout).toMatch(/^3\. .*\n {3}✗ not answered: .*text/m);
    expect(run.stdout).toMatch(/2 answered, 1 not/);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFdocument,doc_id,status,answer,citations,verified_citations,total_citations,prompt_tokens,completion_tokens,cached_tokens,cost_usd,error');
    expect(csv).toContain(',failed,');
  });

  it('lists past comparisons and exports one by its id', async () => {
    const list = await runCli(env, ['compare', '--history', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const { items } = JSON.parse(list.stdout) as { items: { id: string; documentCount: number }[] };
    expect(items.length).toBe(2);
    const id = items[1]?.id ?? '';
    const out = join(env.dir, 'cmp.md');
    const exp = await runCli(env, ['export', id.slice(0, 8), '--format', 'md', '--out', out]);
    expect(exp.code, exp.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Comparison: How much rent/);
    expect(md).toMatch(/\| 2 \| Amendment 2021 \|.*4,400 dollars/);
  });

  it('--all plans every document of the library; the scanned one says it cannot be asked', async () => {
    const run = await runCli(env, ['compare', '--all', QUESTION, '--plan']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Comparing across All documents \(3 documents\)/);
    expect(run.stdout).toMatch(/cannot be asked: .*text/);
    expect(run.stdout).toMatch(/^requests\s+2$/m);
  });

  it('says what to give when the documents are missing or named twice', async () => {
    const none = await runCli(env, ['compare', QUESTION]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/--collection NAME, --docs REF1,REF2 or --all/);
    const both = await runCli(env, ['compare', '--all', '--collection', 'Leases', QUESTION]);
    expect(both.code).not.toBe(0);
  });

  it('a run killed after its first document keeps that row (one transaction per finished document)', async () => {
    // a slow model: the second answer is still streaming when the process is killed
    const slow = await startFakeOpenAI({ chunkDelayMs: 150, wordsPerChunk: 1 });
    try {
      const slowEnv = { ...env.env, OPENAI_BASE_URL: slow.baseUrl };
      const child = spawn(process.execPath, [CLI, 'compare', '--collection', 'Leases', 'Who is the landlord of the lease?', '--concurrency', '1', '--fresh'], { env: slowEnv, cwd: env.dir });
      let stderr = '';
      await new Promise<void>((resolveKill, reject) => {
        child.on('error', reject);
        child.on('close', () => resolveKill());
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          // the first document is stored; the second has just started
          if (/Document 1 of 2: Lease 2019: answered/.test(stderr) && /Document 2 of 2/.test(stderr.split('answered').slice(1).join(''))) child.kill('SIGKILL');
        });
      });
      expect(stderr).toContain('Document 1 of 2: Lease 2019: answered');
      expect(stderr).not.toContain('Document 2 of 2: Amendment 2021: answered');
      const list = await runCli(env, ['compare', '--history', '--json']);
      const { items } = JSON.parse(list.stdout) as { items: { id: string; question: string; documentCount: number; finishedRows: number }[] };
      const killed = items.find((c) => c.question === 'Who is the landlord of the lease?');
      expect(killed).toMatchObject({ documentCount: 2, finishedRows: 1 });
      const shown = await runCli(env, ['export', killed?.id ?? '', '--format', 'json', '--out', join(env.dir, 'killed.json')]);
      expect(shown.code, shown.stderr).toBe(0);
      const json = JSON.parse(readFileSync(join(env.dir, 'killed.json'), 'utf8')) as { rows: { title: string; status: string }[] };
      expect(json.rows).toEqual([expect.objectContaining({ title: 'Lease 2019', status: 'answered' })]);
    } finally {
      await slow.close();
    }
  });
});
