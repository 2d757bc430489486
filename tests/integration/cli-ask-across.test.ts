/**
 * `pagewise ask --all / --collection / --docs` end to end (issue 10): the built CLI, a real library, the real
 * openai SDK over HTTP to the fake server, which answers per document with [Dk, p. N] citations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

interface PlanJson {
  strategy: string;
  calls: number;
  pages: number[];
  sources: { docId: string; title: string; pages: number[]; reasons: string[] }[];
  promptTokens: number;
  reservedOutputTokens: number;
  contextWindow: number;
  model: string;
  estimatedCostUsd: number;
  scopeLabel?: string;
}

interface AnswerJson {
  id: string;
  docIds: string[];
  scopeLabel: string | null;
  citations: { page: number; quote: string | null; verified: boolean; docId?: string }[];
  usage: { promptTokens: number };
  predictedPromptTokens: number;
  cached: boolean;
}

let fake: FakeOpenAI;
let environment: CliEnvironment;
const ids: Record<string, string> = {};

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
  const docs: Record<string, { title: string; pages: string[] }> = {
    lease: { title: 'Lease 2019', pages: ['Lease of the warehouse at 12 Dock Street.', 'Rent. The tenant shall pay a monthly rent of 4,000 dollars on the first day of each month.'] },
    amendment: { title: 'Amendment 2021', pages: ['First amendment to the lease.', 'Rent. From 1 January 2021 the monthly rent rises to 4,400 dollars for the remaining term.'] },
    report: { title: 'Annual report 2022', pages: ['Revenue grew by 12 percent to 88 million dollars, led by the northern division.'] },
  };
  for (const [name, doc] of Object.entries(docs)) {
    const file = writeTempFixture(`cli-across-${process.pid}-${name}.pdf`, await makeTextPdf(doc));
    const run = await runCli(environment, ['ingest', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    ids[name] = (jsonLines(run.stdout)[0] as { id: string }).id;
  }
  const made = await runCli(environment, ['collection', 'create', 'Warehouse', 'Lease 2019', 'Amendment 2021']);
  expect(made.code, made.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await fake.close();
});

describe('pagewise ask over several documents', () => {
  it('--docs --plan --json: one plan with a source per document, counted exactly when asked', async () => {
    const plan = await runCli(environment, ['ask', '--docs', `${ids.lease!.slice(0, 8)},Amendment 2021`, 'What is the monthly rent?', '--plan', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const p = jsonLines(plan.stdout)[0] as PlanJson;
    expect(Object.keys(p)).toEqual(expect.arrayContaining(['strategy', 'calls', 'sources', 'promptTokens', 'reservedOutputTokens', 'contextWindow', 'model', 'estimatedCostUsd']));
    expect(p.strategy).toBe('whole');
    expect(p.sources.map((s) => [s.docId, s.title, s.pages])).toEqual([
      [ids.lease, 'Lease 2019', [1, 2]],
      [ids.amendment, 'Amendment 2021', [1, 2]],
    ]);
    expect(fake.requests.filter((r) => r.messages !== null)).toHaveLength(0);

    const ask = await runCli(environment, ['ask', '--docs', `${ids.lease!.slice(0, 8)},Amendment 2021`, 'What is the monthly rent?', '--json']);
    expect(ask.code, ask.stderr).toBe(0);
    const a = jsonLines(ask.stdout)[0] as AnswerJson;
    expect(a.usage.promptTokens).toBe(p.promptTokens);
    expect(a.docIds).toEqual([ids.lease, ids.amendment]);
    expect(a.citations.map((c) => [c.docId, c.page, c.verified])).toEqual(expect.arrayContaining([[ids.lease, 2, true], [ids.amendment, 2, true]]));
  });

  it('--collection: names each citation`s document, and the answer is in the collection`s history', async () => {
    const ask = await runCli(environment, ['ask', '--collection', 'warehouse', 'What does the monthly rent rise to?']);
    expect(ask.code, ask.stderr).toBe(0);
    expect(ask.stdout).toMatch(/✓ Lease 2019 p\. 2 /);
    expect(ask.stdout).toMatch(/✓ Amendment 2021 p\. 2 /);
    expect(ask.stdout).toMatch(/pagewise ask --collection "warehouse" --thread/);
    const history = await runCli(environment, ['history', '--collection', 'Warehouse', '--json']);
    expect(history.code, history.stderr).toBe(0);
    const items = jsonLines(history.stdout)[0] as AnswerJson[];
    expect(items).toHaveLength(1);
    expect(items[0]?.scopeLabel).toBe('Warehouse');
    // and in the history of each of its documents
    const ofAmendment = await runCli(environment, ['history', 'Amendment 2021', '--json']);
    expect((jsonLines(ofAmendment.stdout)[0] as AnswerJson[]).map((i) => i.id)).toContain(items[0]?.id);
  });

  it('--all plans over every document; two scope flags or none with no document are usage errors', async () => {
    const plan = await runCli(environment, ['ask', '--all', 'What is the monthly rent?', '--plan', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const p = jsonLines(plan.stdout)[0] as PlanJson;
    expect(p.scopeLabel).toBe('All documents');
    expect(p.sources.map((s) => s.docId).sort()).toEqual([ids.lease, ids.amendment, ids.report].sort());
    const human = await runCli(environment, ['ask', '--all', 'What is the monthly rent?', '--plan']);
    expect(human.stdout).toMatch(/documents\s+3 \(All documents\)/);
    const both = await runCli(environment, ['ask', '--all', '--collection', 'Warehouse', 'What?']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/one of --all, --collection or --docs/);
    const unknown = await runCli(environment, ['ask', '--collection', 'Nothing like it', 'What?']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/collection/i);
  });
});
