/**
 * `pagewise ask / summarize / history / show / export` end to end: the built
 * CLI, a real library, the real openai SDK over HTTP to the fake server, and
 * offline (no key) in extractive mode.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, makeImageOnlyPdf, TERMINATION_PAGE, TERMINATION_SENTENCE, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

interface AnswerJson {
  id: string;
  text: string;
  citations: { page: number; quote: string | null; verified: boolean }[];
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number };
  predictedPromptTokens: number;
  costUsd: number;
  cached: boolean;
  extractive: boolean;
  calls: number;
  threadId: string | null;
}

let fake: FakeOpenAI;
let contractPath: string;
let scannedPath: string;

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  contractPath = writeTempFixture('cli-ask-contract.pdf', await makeContractPdf());
  scannedPath = writeTempFixture('cli-ask-scanned.pdf', await makeImageOnlyPdf(2));
});
afterAll(async () => {
  await fake.close();
});

async function withDocument(environment: CliEnvironment, file = contractPath): Promise<string> {
  const run = await runCli(environment, ['ingest', file, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (jsonLines(run.stdout)[0] as { id: string }).id;
}

const QUESTION = 'What notice is needed to terminate the lease?';

describe('pagewise ask against an OpenAI-compatible server', () => {
  it('plans without calling the model, then answers with verified citations and exact token counts', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment);
    fake.reset();

    const planRun = await runCli(environment, ['ask', id, QUESTION, '--plan', '--json']);
    expect(planRun.code, planRun.stderr).toBe(0);
    const plan = JSON.parse(planRun.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({ strategy: 'whole', calls: 1, pages: [1, 2, 3, 4, 5, 6], contextWindow: 128_000, model: 'gpt-4o-mini', reservedOutputTokens: 4096 });
    expect(plan.estimatedCostUsd).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);

    const askRun = await runCli(environment, ['ask', id, QUESTION, '--json']);
    expect(askRun.code, askRun.stderr).toBe(0);
    const answer = JSON.parse(askRun.stdout) as AnswerJson;
    expect(answer.text).toContain(TERMINATION_SENTENCE);
    expect(answer.citations).toContainEqual(expect.objectContaining({ page: TERMINATION_PAGE, verified: true }));
    // the count the app made before sending equals what the server counted
    expect(answer.usage.promptTokens).toBe(answer.predictedPromptTokens);
    expect(answer.usage.promptTokens).toBe(plan.promptTokens);
    expect(answer.cached).toBe(false);
    expect(answer.costUsd).toBeGreaterThan(0);

    const requestsBefore = fake.requests.length;
    const again = JSON.parse((await runCli(environment, ['ask', id, `  ${QUESTION.toUpperCase()} `, '--json'])).stdout) as AnswerJson;
    expect(again).toMatchObject({ id: answer.id, cached: true, text: answer.text });
    expect(fake.requests.length).toBe(requestsBefore);

    const fresh = JSON.parse((await runCli(environment, ['ask', id, QUESTION, '--fresh', '--json'])).stdout) as AnswerJson;
    expect(fresh.cached).toBe(false);
    expect(fake.requests.length).toBe(requestsBefore + 1);
  });

  it('streams the answer to the terminal with a citation footer and a follow-up hint', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment);
    const run = await runCli(environment, ['ask', id, QUESTION]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(TERMINATION_SENTENCE);
    expect(run.stdout).toMatch(/Citations: 1 of 1 verified/);
    expect(run.stdout).toMatch(new RegExp(`✓ p\\. ${TERMINATION_PAGE}`));
    expect(run.stdout).toMatch(/--thread \S+/);
    const threadId = /--thread (\S+)/.exec(run.stdout)![1]!;
    const followUp = await runCli(environment, ['ask', id, 'How much is the deposit?', '--thread', threadId, '--json']);
    expect(followUp.code, followUp.stderr).toBe(0);
    const followAnswer = JSON.parse(followUp.stdout) as AnswerJson;
    expect(followAnswer.threadId).toBe(threadId);
    // the earlier turn travelled with the follow-up
    const last = fake.requests.at(-1)!;
    expect(last.messages!.some((m) => m.role === 'assistant' && m.content.includes(TERMINATION_SENTENCE))).toBe(true);
  });

  it('summarizes with citations, keeps history searchable offline and exports Markdown', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment);
    const summaryRun = await runCli(environment, ['summarize', id, '--kind', 'brief', '--json']);
    expect(summaryRun.code, summaryRun.stderr).toBe(0);
    const summary = JSON.parse(summaryRun.stdout) as AnswerJson;
    expect(summary.calls).toBe(1);
    expect(summary.citations.length).toBeGreaterThan(0);
    expect(summary.citations.every((c) => c.verified)).toBe(true);
    await runCli(environment, ['ask', id, QUESTION, '--json']);

    // offline: no key, server gone from the environment
    const offline = cliEnvironment();
    offline.env.PAGEWISE_DB = environment.db;
    const history = await runCli(offline, ['history', '--search', 'terminate', '--json']);
    expect(history.code, history.stderr).toBe(0);
    // the summary quotes the termination clause too, so both match
    const found = JSON.parse(history.stdout) as (AnswerJson & { kind: string })[];
    expect(found.map((item) => item.kind).sort()).toEqual(['answer', 'summary']);
    const items = found.filter((item) => item.kind === 'answer');
    expect(items[0]!.text).toContain(TERMINATION_SENTENCE);
    const none = await runCli(offline, ['history', '--search', 'zeppelin', '--json']);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const shown = await runCli(offline, ['show', items[0]!.id.slice(0, 8)]);
    expect(shown.stdout).toContain(TERMINATION_SENTENCE);
    // the cached answer is served offline too
    const cachedOffline = JSON.parse((await runCli(environment, ['ask', id, QUESTION, '--json'])).stdout) as AnswerJson;
    expect(cachedOffline.cached).toBe(true);

    const out = join(offline.dir, 'qa.md');
    const exported = await runCli(offline, ['export', id.slice(0, 10), '--format', 'md', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('Commercial Lease Agreement');
    expect(markdown).toContain(QUESTION);
    expect(markdown).toContain(TERMINATION_SENTENCE);
    expect(markdown).toMatch(/gpt-4o-mini/);
  });

  it('rides out a 429 and reports a rejected key clearly', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment);
    fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 1, times: 1 });
    const limited = await runCli(environment, ['ask', id, 'Who is the landlord?', '--json']);
    fake.setFault(null);
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stderr).toMatch(/pagewise: The provider at 127\.0\.0\.1:\d+ is rate-limiting requests \(429\)\. Trying again in 1 s \(retry 1\)\./);

    const badKey = cliEnvironment({ OPENAI_API_KEY: 'sk-bad', OPENAI_BASE_URL: fake.baseUrl });
    badKey.env.PAGEWISE_DB = environment.db;
    const rejected = await runCli(badKey, ['ask', id, 'Who is the tenant?']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/key/i);
    expect(rejected.stderr).not.toContain('sk-bad');
  });
});

describe('pagewise ask when things go wrong', () => {
  it('a stream cut midway prints what arrived, says once that it was kept, and history has it as incomplete', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment);
    fake.setFault({ kind: 'cut-stream', afterChunks: 3 });
    const cut = await runCli(environment, ['ask', id, QUESTION, '--fresh']);
    fake.setFault(null);
    expect(cut.code).toBe(1);
    expect(cut.stdout.trim().length).toBeGreaterThan(0);
    expect(cut.stderr).toMatch(/was cut off/);
    expect(cut.stderr.match(/partial answer/gi)).toHaveLength(1);
    expect(cut.stderr).not.toMatch(/Try again\)/);
    const history = JSON.parse((await runCli(environment, ['history', id, '--json'])).stdout) as { status: string; text: string }[];
    expect(history[0]?.status).toBe('incomplete');
    expect(cut.stdout).toContain(history[0]!.text.trim());
  });

  it('caps an answer reserve beyond the model and says so', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment);
    const plan = await runCli(environment, ['ask', id, QUESTION, '--plan', '--json', '--reserve', '200000']);
    expect(plan.code, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { reservedOutputTokens: number }).reservedOutputTokens).toBe(16_384);
    expect(plan.stderr).toContain('answer reserve of 200,000 tokens is more than gpt-4o-mini can write in one answer; using 16,384');
    const small = await runCli(environment, ['ask', id, QUESTION, '--plan', '--reserve', '10']);
    expect(small.code).toBe(2);
    const budget = await runCli(environment, ['ask', id, QUESTION, '--plan', '--budget', '10']);
    expect(budget.code).toBe(2);
    expect(budget.stderr).toMatch(/--budget must be a whole number of at least 500/);
  });

  it('export says plainly when --out cannot be written, and writes into an existing folder', async () => {
    const environment = cliEnvironment();
    const id = await withDocument(environment);
    const missing = join(environment.dir, 'no', 'such', 'qa.md');
    const noFolder = await runCli(environment, ['export', id, '--out', missing]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain(`Cannot write ${missing}: the folder ${join(environment.dir, 'no', 'such')} does not exist`);
    expect(noFolder.stderr).not.toMatch(/Unexpected|ENOENT/);
    const slash = await runCli(environment, ['export', id, '--out', `${join(environment.dir, 'nodir')}/`]);
    expect(slash.code).toBe(1);
    expect(slash.stderr).toMatch(/no such folder/);
    expect(existsSync(join(environment.dir, 'nodir'))).toBe(false);
    const folder = join(environment.dir, 'exports');
    mkdirSync(folder);
    const into = await runCli(environment, ['export', id, '--out', folder, '--json']);
    expect(into.code, into.stderr).toBe(0);
    const written = (JSON.parse(into.stdout) as { file: string }).file;
    expect(written.startsWith(`${folder}/`)).toBe(true);
    expect(readFileSync(written, 'utf8')).toContain('Commercial Lease Agreement');
  });
});

describe('pagewise offline (no provider)', () => {
  it('answers and summarizes extractively, clearly labelled, with verified citations', async () => {
    const environment = cliEnvironment();
    const id = await withDocument(environment);
    const run = await runCli(environment, ['ask', id, QUESTION, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as AnswerJson;
    expect(answer.extractive).toBe(true);
    expect(answer.text).toMatch(/no model used/i);
    expect(answer.costUsd).toBe(0);
    expect(answer.citations).toContainEqual(expect.objectContaining({ page: TERMINATION_PAGE, verified: true }));

    const human = await runCli(environment, ['summarize', id]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/no model used/i);
    expect(human.stdout).toMatch(/\[p\. \d+\]/);
  });

  it('says a scanned document needs OCR instead of sending empty context', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const id = await withDocument(environment, scannedPath);
    const before = fake.requests.length;
    const run = await runCli(environment, ['ask', id, 'What does it say?']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/OCR/);
    expect(fake.requests.length).toBe(before);
  });

  it('refuses an empty or huge question with a usage error', async () => {
    const environment = cliEnvironment();
    const id = await withDocument(environment);
    expect((await runCli(environment, ['ask', id, '   '])).code).toBe(2);
    const huge = await runCli(environment, ['ask', id, 'why '.repeat(3000)]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/question/i);
  });
});
