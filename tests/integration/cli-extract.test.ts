/**
 * `pagewise extract` and `pagewise template` as a user runs them: the built CLI, a real library, the real
 * openai SDK to the fake server (response_format json_schema), a collection of two documents, the table files.
 */
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

interface ExtractJson {
  documents: { docId: string; title: string; status: string; fields: { name: string; value: unknown; quote: string | null; page: number | null; verified: boolean }[] }[];
  usage: { promptTokens: number; completionTokens: number };
  predictedPromptTokens: number;
  costUsd: number;
}

let fake: FakeOpenAI;
let contractPath: string;
let supplyPath: string;

const SUPPLY_PAGES = [
  'SUPPLY AGREEMENT\nThis supply agreement is made between Acme Components Inc and Borealis Tools GmbH.',
  'Invoices are payable within thirty days of receipt.\nThe liability of each party is limited to the fees paid in the preceding twelve months.',
  'This agreement is governed by the laws of Germany.\nEach party keeps the other party information confidential for five years.',
];

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  contractPath = writeTempFixture('cli-extract-lease.pdf', await makeContractPdf());
  supplyPath = writeTempFixture('cli-extract-supply.pdf', await makeTextPdf({ title: 'Supply Agreement', pages: SUPPLY_PAGES }));
});
afterAll(async () => {
  await fake.close();
});

async function ingest(environment: CliEnvironment, file: string): Promise<string> {
  const run = await runCli(environment, ['ingest', file, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (jsonLines(run.stdout)[0] as { id: string }).id;
}

describe('pagewise extract', () => {
  it('builds a table over a collection: cost first, every value quoted and verified, exact counts, CSV and XLSX files', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const lease = await ingest(environment, contractPath);
    const supply = await ingest(environment, supplyPath);
    expect((await runCli(environment, ['collection', 'create', 'Contracts', lease, supply])).code).toBe(0);

    const plan = await runCli(environment, ['extract', '--collection', 'Contracts', '--template', 'contract', '--plan', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout) as { documents: unknown[]; calls: number; promptTokens: number; estimatedCostUsd: number };
    expect(planned.documents).toHaveLength(2);
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);

    fake.reset();
    const csvPath = join(environment.dir, 'table.csv');
    const run = await runCli(environment, ['extract', '--collection', 'Contracts', '--template', 'contract', '--json', '--out', csvPath]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Extracting 11 fields \(contract\) from 2 documents: 2 requests, [\d,]+ prompt tokens, at most \$/);
    const out = JSON.parse(run.stdout) as ExtractJson;
    expect(out.documents.map((d) => d.docId).sort()).toEqual([lease, supply].sort());
    expect(out.predictedPromptTokens).toBe(planned.promptTokens);
    expect(out.usage.promptTokens).toBe(out.predictedPromptTokens);
    expect(fake.requests.reduce((n, r) => n + (r.promptTokens ?? 0), 0)).toBe(out.predictedPromptTokens);
    expect(out.costUsd).toBeGreaterThan(0);
    const supplyDoc = out.documents.find((d) => d.docId === supply);
    const law = supplyDoc?.fields.find((f) => f.name === 'Governing law');
    expect(law).toMatchObject({ page: 3, verified: true });
    expect(law?.quote).toContain('governed by the laws of Germany');
    for (const d of out.documents) for (const f of d.fields) if (f.value !== null) expect(f.verified, `${d.title} ${f.name}`).toBe(true);

    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv).toContain('governed by the laws of Germany');

    // XLSX from the stored extractions, read back
    const xlsxPath = join(environment.dir, 'table.xlsx');
    const again = await runCli(environment, ['extract', lease, '--template', 'contract', '--out', xlsxPath]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Governing law {2,}.*governed by the laws of the State of New.*\(p\. 6 ✓\)/);
    expect(again.stdout).toMatch(/values verified on their page\. Sent ([\d,]+) prompt tokens \(predicted \1\)/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxPath);
    const sheet = book.getWorksheet('Extraction');
    expect(sheet?.rowCount).toBe(2);
    expect(String(sheet?.getRow(2).getCell(1).value)).toBe('Commercial Lease Agreement');
  });

  it('takes --fields inline and a template file; a misquoted field is shown unverified; template import/export', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const supply = await ingest(environment, supplyPath);
    const inline = await runCli(environment, ['extract', supply, '--fields', 'Payment terms: when invoices are payable; Governing law: the law that governs [fake:misquote]', '--json']);
    expect(inline.code, inline.stderr).toBe(0);
    const fields = (JSON.parse(inline.stdout) as ExtractJson).documents[0]?.fields ?? [];
    expect(fields.map((f) => [f.name, f.verified])).toEqual([
      ['Payment terms', true],
      ['Governing law', false],
    ]);

    const file = join(environment.dir, 'leases.json');
    writeFileSync(file, JSON.stringify({ name: 'Liability', fields: [{ name: 'Liability cap', type: 'text', description: 'the limit of liability' }] }));
    const fromFile = await runCli(environment, ['extract', supply, '--template', file, '--json']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect((JSON.parse(fromFile.stdout) as ExtractJson).documents[0]?.fields[0]).toMatchObject({ name: 'Liability cap', page: 2, verified: true });

    expect((await runCli(environment, ['template', 'import', file])).stdout).toContain('Saved template "Liability"');
    const listed = await runCli(environment, ['template', 'list', '--json']);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['contract', 'financials', 'Liability']);
    const exported = join(environment.dir, 'out.json');
    expect((await runCli(environment, ['template', 'export', 'Liability', '--out', exported])).code).toBe(0);
    expect(JSON.parse(readFileSync(exported, 'utf8'))).toMatchObject({ pagewise: 'extraction-template', name: 'Liability' });
    const byName = await runCli(environment, ['extract', supply, '--template', 'liability', '--json']);
    expect(byName.code, byName.stderr).toBe(0);

    const history = await runCli(environment, ['extract', '--list', supply, '--json']);
    expect(history.code, history.stderr).toBe(0);
    expect((JSON.parse(history.stdout) as { templateName: string }[]).map((e) => e.templateName)).toEqual(['Liability', 'Liability', 'Custom fields']);

    const bad = await runCli(environment, ['extract', supply, '--template', 'nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/No template named "nope"/);
  });

  it('without a provider: the plan and cost still show, a run says it needs a model and sends nothing', async () => {
    const environment = cliEnvironment();
    const supply = await ingest(environment, supplyPath);
    const plan = await runCli(environment, ['extract', supply, '--template', 'financials', '--plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(/Extracting 8 fields \(financials\) from 1 document: 1 request/);
    const run = await runCli(environment, ['extract', supply, '--template', 'financials']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Extraction needs a model/);
    expect((await runCli(environment, ['extract', '--list', '--json'])).stdout.trim()).toBe('[]');
  });
});
