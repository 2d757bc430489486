/**
 * `pagewise extract --batch` over a collection as a user runs it (built CLI, real library and PDFs, the real
 * openai SDK to the fake server's Batch API with structured outputs): the job printed at once; each line's
 * prompt tokens predicted as the server counts them; `jobs wait --json` printing the documents and their
 * fields in the shape of a direct `extract --json`; the extractions stored, marked batch, at half the price.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { isJsonSchemaFormat, responseFormatTokens } from '../fake-openai/structured';
import { chatPromptTokens } from '../fake-openai/tokenize';
import { makeContractPdf, makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

interface DocJson { docId: string; title: string; extractionId: string; status: string; fields: { name: string; value: unknown; quote: string | null; page: number | null; verified: boolean }[] }

let fake: FakeOpenAI;
let env: CliEnvironment;
const files: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 0 });
  env = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl, PAGEWISE_BATCH_POLL_MS: '20' });
  files.push(writeTempFixture(`batch-extract-${process.pid}-lease.pdf`, await makeContractPdf()));
  files.push(
    writeTempFixture(
      `batch-extract-${process.pid}-supply.pdf`,
      await makeTextPdf({
        title: 'Supply Agreement',
        pages: [
          'SUPPLY AGREEMENT\nThis supply agreement is made between Acme Components Inc and Borealis Tools GmbH.',
          'Invoices are payable within thirty days of receipt.\nThis agreement is governed by the laws of Germany.',
        ],
      }),
    ),
  );
  const ids: string[] = [];
  for (const f of files) {
    const run = await runCli(env, ['ingest', f, '--json']);
    expect(run.code, run.stderr).toBe(0);
    ids.push((jsonLines(run.stdout)[0] as { id: string }).id);
  }
  expect((await runCli(env, ['collection', 'create', 'Contracts', ...ids])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await fake.close();
  rmSync(env.dir, { recursive: true, force: true });
  for (const f of files) rmSync(f, { force: true });
});

describe('pagewise extract --batch', () => {
  it('sends one job, counts each line as the server does, and jobs wait prints the table rows of a direct run at half the price', async () => {
    const direct = await runCli(env, ['extract', '--collection', 'Contracts', '--template', 'contract', '--json']);
    expect(direct.code, direct.stderr).toBe(0);
    const directRun = JSON.parse(direct.stdout) as { documents: DocJson[]; costUsd: number; usage: { promptTokens: number } };

    const sent = await runCli(env, ['extract', '--collection', 'Contracts', '--template', 'contract', '--batch', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { job } = jsonLines(sent.stdout)[0] as { job: { id: string; status: string; requests: number; estimatedCostUsd: number } };
    expect(job.status).toBe('validating');
    expect(job.requests).toBeGreaterThanOrEqual(2);
    expect(job.estimatedCostUsd).toBeGreaterThan(0);

    // each uploaded line: the stored prediction = the server's tokenizer on the line's messages, with a json_schema
    const input = fake.batches.files().find((f) => f.purpose === 'batch')!;
    const lines = input.content.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { messages: { role: string; content: string }[]; response_format?: unknown } });
    const shown = await runCli(env, ['jobs', 'show', job.id, '--json']);
    const { requests } = JSON.parse(shown.stdout) as { requests: { customId: string; predictedPromptTokens: number }[] };
    expect(lines.map((l) => l.custom_id)).toEqual(requests.map((r) => r.customId));
    for (const [i, line] of lines.entries()) {
      const format = line.body.response_format;
      if (!isJsonSchemaFormat(format)) throw new Error(`line ${line.custom_id} has no json_schema response_format`);
      expect(requests[i]!.predictedPromptTokens).toBe(chatPromptTokens(line.body.messages) + responseFormatTokens(format));
    }

    const waited = await runCli(env, ['jobs', 'wait', job.id.slice(0, 8), '--json']);
    expect(waited.code, waited.stderr).toBe(0);
    // the server's own count of each line (its output file) = the prediction
    const { job: shownJob } = JSON.parse((await runCli(env, ['jobs', 'show', job.id, '--json'])).stdout) as { job: { batchId: string } };
    const get = async (p: string): Promise<Response> => fetch(`${fake.baseUrl.replace(/\/v1\/?$/, '')}/v1${p}`, { headers: { Authorization: 'Bearer sk-test' } });
    const batch = (await (await get(`/batches/${shownJob.batchId}`)).json()) as { output_file_id: string };
    const outputText = await (await get(`/files/${batch.output_file_id}/content`)).text();
    const usage = new Map(outputText.trim().split('\n').map((l) => {
      const v = JSON.parse(l) as { custom_id: string; response: { body: { usage: { prompt_tokens: number } } } };
      return [v.custom_id, v.response.body.usage.prompt_tokens] as const;
    }));
    for (const r of requests) expect(usage.get(r.customId)).toBe(r.predictedPromptTokens);

    const out = JSON.parse(waited.stdout) as { job: { status: string; costUsd: number; predictedPromptTokens: number }; documents: (DocJson & { batch: boolean; costUsd: number })[] };
    expect(out.job.status).toBe('completed');
    expect(out.documents.map((d) => d.title).sort()).toEqual(directRun.documents.map((d) => d.title).sort());
    for (const d of out.documents) {
      const same = directRun.documents.find((x) => x.docId === d.docId)!;
      expect(d.status).toBe('complete');
      expect(d.batch).toBe(true);
      expect(d.extractionId).not.toBe(same.extractionId);
      expect(d.fields).toEqual(same.fields); // the same table row as the direct run
    }
    expect(out.documents.flatMap((d) => d.fields).some((f) => f.verified)).toBe(true);
    expect(out.job.costUsd).toBeCloseTo(directRun.costUsd / 2, 10);
    expect(out.job.predictedPromptTokens).toBe(directRun.usage.promptTokens);

    // in history as extractions marked batch
    const list = await runCli(env, ['extract', '--list', '--json']);
    const stored = JSON.parse(list.stdout) as { id: string; batch: boolean; costUsd: number }[];
    const batched = stored.filter((e) => e.batch);
    expect(batched.map((e) => e.id).sort()).toEqual(out.documents.map((d) => d.extractionId).sort());
  }, 90_000);

  it('a document whose fields go out in several requests is one row, filled by each of its lines', async () => {
    // a longer agreement, its clauses on different pages, with a small budget: focused, one request per group
    const filler = 'The parties record the background of the services in this section of the agreement. '.repeat(18);
    const file = writeTempFixture(
      `batch-extract-${process.pid}-long.pdf`,
      await makeTextPdf({
        title: 'Master Services Agreement',
        pages: [
          `MASTER SERVICES AGREEMENT\nThis agreement is made between Northwind Traders Ltd and Contoso Logistics LLC.\n${filler}`,
          `Invoices are payable within forty-five days of receipt.\n${filler}`,
          `This agreement is governed by the laws of the State of New York.\n${filler}`,
          `The liability of each party is limited to one million dollars.\n${filler}`,
        ],
      }),
    );
    files.push(file);
    const ingested = await runCli(env, ['ingest', file, '--json']);
    expect(ingested.code, ingested.stderr).toBe(0);
    expect((await runCli(env, ['collection', 'create', 'Long', (jsonLines(ingested.stdout)[0] as { id: string }).id])).code).toBe(0);
    const budget = '500';
    const plan = await runCli(env, ['extract', '--collection', 'Long', '--template', 'contract', '--budget', budget, '--plan', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout) as { calls: number; documents: { title: string; groups: { fields: string[] }[] }[] };
    const split = planned.documents.filter((d) => d.groups.length > 1);
    expect(split.length, JSON.stringify(planned.documents.map((d) => [d.title, d.groups.length]))).toBeGreaterThan(0);

    const sent = await runCli(env, ['extract', '--collection', 'Long', '--template', 'contract', '--budget', budget, '--batch', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { job } = jsonLines(sent.stdout)[0] as { job: { id: string; requests: number } };
    expect(job.requests).toBe(planned.calls);
    const waited = await runCli(env, ['jobs', 'wait', job.id, '--json']);
    expect(waited.code, waited.stderr).toBe(0);
    const out = JSON.parse(waited.stdout) as { job: { predictedPromptTokens: number }; documents: (DocJson & { batch: boolean })[] };
    // one entry per document, every template field present once, counted calls = its groups
    expect(out.documents).toHaveLength(planned.documents.length);
    const list = JSON.parse((await runCli(env, ['extract', '--list', '--json'])).stdout) as { id: string; calls: number; usage: { promptTokens: number }; predictedPromptTokens: number }[];
    for (const d of out.documents) {
      const p = planned.documents.find((x) => x.title === d.title)!;
      expect(d.fields.map((f) => f.name).sort()).toEqual(p.groups.flatMap((g) => g.fields).sort());
      const stored = list.find((e) => e.id === d.extractionId)!;
      expect(stored.calls).toBe(p.groups.length);
      expect(stored.usage.promptTokens).toBe(stored.predictedPromptTokens);
    }
    expect(out.documents.flatMap((d) => d.fields).some((f) => f.value !== null && f.verified)).toBe(true);
  }, 90_000);

  it('a failed line fails its document only; retry --direct says how, a retry as a batch fills the row', async () => {
    const file = writeTempFixture(
      `batch-extract-${process.pid}-flaky.pdf`,
      // the fake server fails a line carrying this directive the first time it runs it
      await makeTextPdf({ title: 'Flaky Agreement', pages: ['FLAKY AGREEMENT\nThis agreement is governed by the laws of France. [fake:batch-fail-line]'] }),
    );
    files.push(file);
    const ingested = await runCli(env, ['ingest', file, '--json']);
    expect(ingested.code, ingested.stderr).toBe(0);
    const flaky = (jsonLines(ingested.stdout)[0] as { id: string }).id;
    const sent = await runCli(env, ['extract', '--docs', `${flaky},Supply Agreement`, '--template', 'contract', '--batch', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { job } = jsonLines(sent.stdout)[0] as { job: { id: string } };
    const waited = await runCli(env, ['jobs', 'wait', job.id, '--json']);
    expect(waited.code).toBe(1);
    const out = JSON.parse(waited.stdout) as { documents: { title: string; status: string; error: string | null; fields: unknown[] }[] };
    expect(out.documents.map((d) => [d.title, d.status])).toEqual([
      ['Flaky Agreement', 'failed'],
      ['Supply Agreement', 'complete'],
    ]);
    expect(out.documents[0]!.error).toBeTruthy();

    const direct = await runCli(env, ['jobs', 'retry', job.id, '--direct']);
    expect(direct.stdout + direct.stderr).toMatch(/run the document's extraction directly \(pagewise extract/);

    const retried = await runCli(env, ['jobs', 'retry', job.id, '--json']);
    expect(retried.code, retried.stderr).toBe(0);
    const next = (JSON.parse(retried.stdout) as { job: { id: string } }).job.id;
    const again = await runCli(env, ['jobs', 'wait', next, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const filled = JSON.parse(again.stdout) as { documents: { title: string; status: string; batch: boolean; fields: { name: string; value: unknown; verified: boolean }[] }[] };
    expect(filled.documents).toHaveLength(1);
    expect(filled.documents[0]).toMatchObject({ title: 'Flaky Agreement', status: 'complete', batch: true });
    expect(filled.documents[0]!.fields.find((f) => f.name === 'Governing law')?.value).toMatch(/France/);
  }, 90_000);

  it('asks for several documents: --batch with one document is a usage error', async () => {
    const one = await runCli(env, ['extract', 'Supply Agreement', '--template', 'contract', '--batch']);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toMatch(/--batch runs over several documents/);
  });
});
