/**
 * Structured extraction (issue 12) against the fake OpenAI server: real SQLite, real generated PDFs, the real
 * openai SDK over HTTP with response_format json_schema. Exact prompt counts (schema included), validation of
 * the model's JSON, verification of every field's quote, focused groups, storage and the table exports.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionSchema, type TemplateField } from '../../shared/api/extract';
import { planExtraction } from '../../electron/core/extract/plan';
import { runExtraction } from '../../electron/core/extract/run';
import { BATCH_PRICE_FACTOR, buildExtractionSpecs, extractionBatchKind } from '../../electron/core/extract/batch-kind';
import { costUsd } from '../../electron/core/llm/models';
import { extractionJsonSchema, responseFormatTokens, responseFormatFor } from '../../electron/core/extract/schema';
import { BUILT_IN_TEMPLATES, parseInlineFields, parseTemplateFile, templateFileJson } from '../../electron/core/extract/templates';
import { valueInQuote, verifyFields } from '../../electron/core/extract/verify';
import { renderCsv, renderHtml, renderMarkdown, renderXlsx } from '../../electron/core/extract/table';
import { makeContractPdf, makeTextPdf } from '../fixtures/make-fixtures';
import { MISQUOTE_SENTENCE } from '../fake-openai/structured';
import { pagesIn, startHarness, TEST_8K, type Harness } from './analysis-helpers';

let h: Harness;
let contractId: string;
let reportId: string;

const contract = BUILT_IN_TEMPLATES.find((t) => t.id === 'contract');
const financials = BUILT_IN_TEMPLATES.find((t) => t.id === 'financials');
if (!contract || !financials) throw new Error('built-in templates missing');
const contractTemplate = { id: contract.id, name: contract.name, fields: contract.fields };
const financialsTemplate = { id: financials.id, name: financials.name, fields: financials.fields };

/** A 30-page "annual report": prose everywhere, the statements on pages 18 (income), 20 (balance), 22 (cash flows). */
const REPORT_PAGES = 30;
const INCOME_PAGE = 18;
const BALANCE_PAGE = 20;
const CASH_PAGE = 22;
function reportPage(n: number): string {
  if (n === INCOME_PAGE) {
    return 'CONSOLIDATED STATEMENTS OF OPERATIONS\n(in millions, except per share amounts)\nFiscal year ended December 31, 2022\nTotal net revenues 81,462 53,823\nOperating income 13,656 6,523\nNet income 12,587 5,519\nDiluted earnings per share 3.62 1.63';
  }
  if (n === BALANCE_PAGE) return 'CONSOLIDATED BALANCE SHEETS\n(in millions)\nDecember 31, 2022\nTotal current assets 40,917\nTotal assets 82,338 62,131\nTotal liabilities 36,440';
  if (n === CASH_PAGE) {
    return 'CONSOLIDATED STATEMENTS OF CASH FLOWS\n(in millions)\nNet cash provided by operating activities 14,724 11,497\nPurchases of property and equipment (7,158) (6,482)\nNet cash used in investing activities (11,973)';
  }
  const words = ['market', 'customers', 'strategy', 'risk', 'employees', 'suppliers', 'growth', 'regulation', 'products', 'competition'];
  const lines: string[] = [`Part ${n}. Business discussion`];
  for (let i = 0; i < 22; i++) lines.push(`Our ${words[(n + i) % words.length]} and ${words[(n * 3 + i) % words.length]} shaped section ${n}.${i} of this report in many ways that matter.`);
  return lines.join('\n');
}

beforeAll(async () => {
  h = await startHarness();
  contractId = await h.ingest('extract-contract.pdf', await makeContractPdf());
  reportId = await h.ingest('extract-report.pdf', await makeTextPdf({ title: 'Annual report 2022', pages: Array.from({ length: REPORT_PAGES }, (_, i) => reportPage(i + 1)) }));
});
afterAll(async () => {
  await h?.close();
});

describe('the response format', () => {
  it('is a strict schema: every property required, no additional properties, nullable values as type unions', () => {
    const schema = extractionJsonSchema(contract.fields) as { properties: Record<string, { required: string[]; additionalProperties: boolean; properties: Record<string, { type?: unknown }> }>; required: string[]; additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(Object.keys(schema.properties));
    expect(schema.required).toContain('governing_law');
    for (const field of Object.values(schema.properties)) {
      expect(field.required).toEqual(['value', 'quote', 'page']);
      expect(field.additionalProperties).toBe(false);
      expect(field.properties.quote?.type).toEqual(['string', 'null']);
      expect(field.properties.page?.type).toEqual(['integer', 'null']);
    }
  });
});

describe('value and quote', () => {
  it('a figure must be one its quote prints (a true quote with another figure is not verified)', () => {
    const fields: TemplateField[] = [{ name: 'Revenue', type: 'money', description: 'total net revenues' }];
    const quote = 'Total net revenues 81,462 53,823';
    const ok = verifyFields(h.library, reportId, fields, [{ value: { amount: 81462, currency: 'USD' }, quote, page: INCOME_PAGE }], [INCOME_PAGE]);
    expect(ok[0]?.verified).toBe(true);
    const wrong = verifyFields(h.library, reportId, fields, [{ value: { amount: 81_462_000_000, currency: 'USD' }, quote, page: INCOME_PAGE }], [INCOME_PAGE]);
    expect(wrong[0]?.verified).toBe(false);
    expect(wrong[0]?.value).toEqual({ amount: 81_462_000_000, currency: 'USD' });
    // the page must have been sent
    expect(verifyFields(h.library, reportId, fields, [{ value: { amount: 81462, currency: 'USD' }, quote, page: INCOME_PAGE }], [1, 2])[0]?.verified).toBe(false);
    // words, not digits: the quote alone decides
    expect(valueInQuote(30000, 'The deposit of thirty thousand dollars is returned')).toBe(true);
    expect(valueInQuote(-7158, 'Purchases of property and equipment (7,158) (6,482)')).toBe(true);
    expect(valueInQuote(3.62, 'Diluted earnings per share 3.62 1.63')).toBe(true);
    expect(valueInQuote(3.6, 'Diluted earnings per share 3.62 1.63')).toBe(false);
  });
});

describe('extraction over one document that fits', () => {
  it('sends the whole document once, counts the prompt (schema included) exactly, and verifies the quotes', async () => {
    const ctx = h.ctx();
    const plan = planExtraction(ctx, contractId, contract.fields);
    expect(plan.plan.strategy).toBe('whole');
    expect(plan.groups).toHaveLength(1);
    const before = h.chatRequests().length;
    const run = await runExtraction(ctx, [contractId], contractTemplate, 'Commercial Lease Agreement');
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    const rf = sent[0]?.params?.response_format as { type: string; json_schema: { name: string; strict: boolean; schema: unknown } };
    expect(rf.type).toBe('json_schema');
    expect(rf.json_schema.strict).toBe(true);
    // what the plan counted is what the server counted, and the schema is part of it
    expect(sent[0]?.promptTokens).toBe(plan.plan.promptTokens);
    expect(run.predictedPromptTokens).toBe(plan.plan.promptTokens);
    expect(run.usage.promptTokens).toBe(plan.plan.promptTokens);
    expect(responseFormatTokens(responseFormatFor(contract.fields))).toBeGreaterThan(100);

    const [e] = run.documents;
    expect(e && ExtractionSchema.parse(e)).toEqual(e);
    expect(e?.status).toBe('complete');
    const law = e?.fields.find((f) => f.name === 'Governing law');
    expect(law?.page).toBe(6);
    expect(law?.quote).toContain('governed by the laws of the State of New York');
    expect(law?.verified).toBe(true);
    const notice = e?.fields.find((f) => f.name === 'Termination notice');
    expect(notice?.page).toBe(4);
    expect(notice?.verified).toBe(true);
    // every value the fake gave is quoted from the pages, so each verifies
    for (const f of e?.fields ?? []) if (f.value !== null) expect(f.verified, f.name).toBe(true);
    expect(e?.costUsd).toBeGreaterThan(0);
    // stored, in history
    expect(h.library.extractions.get(e?.id ?? '')).toEqual(e);
    expect(h.library.extractions.list({ docId: contractId }).map((x) => x.id)).toContain(e?.id);
  });

  it('marks a misquoted field unverified and keeps the others verified', async () => {
    const fields: TemplateField[] = [
      { name: 'Governing law', type: 'text', description: 'The law that governs the lease [fake:misquote]' },
      { name: 'Deposit', type: 'text', description: 'The deposit returned after the end of the lease' },
    ];
    const run = await runExtraction(h.ctx(), [contractId], { id: null, name: 'Two', fields }, 'x');
    const e = run.documents[0];
    const law = e?.fields[0];
    expect(law?.quote).toBe(MISQUOTE_SENTENCE);
    expect(law?.value).not.toBeNull();
    expect(law?.verified).toBe(false);
    expect(e?.fields[1]?.verified).toBe(true);
    expect(e?.status).toBe('complete');
  });

  it('a reply that is not JSON fails the document with a clear message and the raw text kept, nothing else', async () => {
    const fields: TemplateField[] = [{ name: 'Governing law', type: 'text', description: 'The law that governs [fake:invalid-json]' }];
    const run = await runExtraction(h.ctx(), [contractId], { id: null, name: 'Broken', fields }, 'x');
    const e = run.documents[0];
    expect(e?.status).toBe('failed');
    expect(e?.errorMessage).toMatch(/did not answer with valid JSON/);
    expect(e?.rawOutput).toMatch(/^Here are the fields/);
    expect(e?.fields[0]?.value).toBeNull();
    expect(e?.fields[0]?.verified).toBe(false);
    expect(h.library.extractions.get(e?.id ?? '')?.rawOutput).toBe(e?.rawOutput);
  });

  it('JSON that misses a field is refused by the zod check (not half kept)', async () => {
    const fields: TemplateField[] = [
      { name: 'Governing law', type: 'text', description: 'The law that governs [fake:wrong-shape]' },
      { name: 'Deposit', type: 'text', description: 'The deposit' },
    ];
    const run = await runExtraction(h.ctx(), [contractId], { id: null, name: 'Shape', fields }, 'x');
    const e = run.documents[0];
    expect(e?.status).toBe('failed');
    expect(e?.errorMessage).toMatch(/does not fit the fields/);
    expect(e?.fields.every((f) => f.value === null)).toBe(true);
  });
});

describe('extraction over a document that does not fit', () => {
  it('groups the fields, sends each group the pages its fields rank best, and counts every request exactly', async () => {
    const ctx = h.ctx({ model: TEST_8K, settings: { answerReserveTokens: 1000 } });
    const plan = planExtraction(ctx, reportId, financials.fields);
    expect(plan.plan.strategy).toBe('focused');
    expect(plan.plan.documentTokens).toBeGreaterThan(8192);
    const sentPages = new Set(plan.groups.flatMap((g) => g.pages));
    for (const p of [INCOME_PAGE, BALANCE_PAGE, CASH_PAGE]) expect(sentPages.has(p), `page ${p}`).toBe(true);
    // the group holding revenue was sent the income statement
    const revenueGroup = plan.groups.find((g) => g.fields.some((f) => f.name === 'Revenue'));
    expect(revenueGroup?.pages).toContain(INCOME_PAGE);
    const cashGroup = plan.groups.find((g) => g.fields.some((f) => f.name === 'Cash from operations'));
    expect(cashGroup?.pages).toContain(CASH_PAGE);

    const before = h.chatRequests().length;
    const run = await runExtraction(ctx, [reportId], financialsTemplate, 'Annual report 2022');
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(plan.groups.length);
    sent.forEach((r, i) => {
      expect(r.promptTokens).toBe(plan.groups[i]?.promptTokens);
      expect(pagesIn(r)).toEqual(plan.groups[i]?.pages);
      expect((r.promptTokens ?? 0) + 1000).toBeLessThanOrEqual(8192);
    });
    expect(run.usage.promptTokens).toBe(plan.plan.promptTokens);
    const e = run.documents[0];
    const cfo = e?.fields.find((f) => f.name === 'Cash from operations');
    expect(cfo?.page).toBe(CASH_PAGE);
    expect(cfo?.verified).toBe(true);
    expect(e?.fields.find((f) => f.name === 'Total assets')?.page).toBe(BALANCE_PAGE);
  });
});

describe('extraction as a batch kind', () => {
  it('builds counted specs per group, and the results of all groups land in one extraction at half price, once each', async () => {
    const ctx = h.ctx({ model: TEST_8K, settings: { answerReserveTokens: 1000 } });
    const specs = buildExtractionSpecs(ctx, reportId, financialsTemplate);
    expect(specs.length).toBeGreaterThan(1);
    expect(new Set(specs.map((s) => s.customId)).size).toBe(specs.length);
    const provider = ctx.provider;
    if (!provider) throw new Error('no provider');
    let last = null;
    for (const spec of specs) {
      // what the batch engine would send, line by line
      const result = await provider.chat({ messages: spec.messages, maxOutputTokens: spec.maxOutputTokens, responseFormat: spec.responseFormat });
      expect(result.usage.promptTokens).toBe(spec.predictedPromptTokens);
      last = extractionBatchKind.complete(ctx, spec, result);
      // a result delivered twice (a resumed job) is not counted twice
      expect(extractionBatchKind.complete(ctx, spec, result).calls).toBe(last.calls);
    }
    expect(last?.calls).toBe(specs.length);
    expect(last?.batch).toBe(true);
    expect(last?.status).toBe('complete');
    expect(last?.predictedPromptTokens).toBe(specs.reduce((n, s) => n + s.predictedPromptTokens, 0));
    expect(last?.usage.promptTokens).toBe(last?.predictedPromptTokens);
    expect(last?.costUsd).toBeCloseTo(costUsd(ctx.model, last?.usage ?? { promptTokens: 0, completionTokens: 0, cachedTokens: 0 }) * BATCH_PRICE_FACTOR, 12);
    expect(last?.fields.find((f) => f.name === 'Cash from operations')?.verified).toBe(true);
    expect(last?.fields.find((f) => f.name === 'Revenue')?.page).toBe(INCOME_PAGE);
    expect(h.library.extractions.list({ docId: reportId }).filter((x) => x.id === last?.id)).toHaveLength(1);
  });
});

describe('templates', () => {
  it('reads --fields inline, with types', () => {
    const def = parseInlineFields('Governing law: the law that governs; Liability cap (money): the cap; Parties (list)');
    expect(def.fields).toEqual([
      { name: 'Governing law', description: 'the law that governs', type: 'text' },
      { name: 'Liability cap', description: 'the cap', type: 'money' },
      { name: 'Parties', description: '', type: 'list' },
    ]);
    expect(() => parseInlineFields('A (colour): x')).toThrow(/Unknown field type/);
    expect(() => parseInlineFields(' ; ')).toThrow(/at least one field/);
  });

  it('round-trips through the JSON file form and the library table', () => {
    const json = templateFileJson({ name: 'Leases', fields: [{ name: 'Rent', description: 'annual rent', type: 'money' }] });
    const def = parseTemplateFile(json);
    const saved = h.library.extractions.saveTemplate(def);
    expect(saved.fields).toEqual(def.fields);
    expect(h.library.extractions.listTemplates().map((t) => t.name)).toContain('Leases');
    expect(() => h.library.extractions.saveTemplate(def)).toThrow(/already exists/);
    const edited = h.library.extractions.saveTemplate({ name: 'Leases', fields: [...def.fields, { name: 'Term', description: '', type: 'text' }] }, saved.id);
    expect(edited.fields).toHaveLength(2);
    expect(() => parseTemplateFile('{"name":"x","fields":[]}')).toThrow(/at least one field/);
    expect(() => parseTemplateFile('not json')).toThrow(/not JSON/);
    expect(h.library.extractions.deleteTemplate(saved.id)).toBe(true);
  });
});

describe('the table exports', () => {
  it('CSV holds a row per document and a formula-safe cell; XLSX reads back with the same values; HTML/Markdown escape', async () => {
    const run = await runExtraction(h.ctx(), [contractId], contractTemplate, 'x');
    const e = run.documents[0];
    if (!e) throw new Error('no extraction');
    const hostile = { ...e, title: '=HYPERLINK("http://evil")<b>', fields: e.fields.map((f, i) => (i === 0 ? { ...f, value: '@SUM(A1)' } : f)) };
    const csv = renderCsv([e, hostile]);
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Document,Parties,Parties \(page\),Parties \(check\),Parties \(quote\),Effective date/);
    expect(lines[1]).toContain('State of New York');
    expect(lines[2]?.startsWith(`"'=HYPERLINK(""http://evil"")<b>"`)).toBe(true);
    expect(lines[2]).toContain(`'@SUM(A1)`);

    const book = new ExcelJS.Workbook();
    // exceljs types its Buffer as the older Node Buffer; the bytes are the same
    await book.xlsx.load(Buffer.from(await renderXlsx([e])) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Extraction');
    expect(sheet?.getRow(1).getCell(1).value).toBe('Document');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const lawCol = header.indexOf('Governing law') + 1;
    const lawCell = sheet?.getRow(2).getCell(lawCol);
    expect(String(lawCell?.value)).toContain('State of New York');
    expect(JSON.stringify(lawCell?.note)).toContain('Verified');
    expect(book.getWorksheet('Quotes')?.rowCount).toBe(1 + e.fields.length);

    const html = renderHtml([hostile]);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;');
    expect(renderMarkdown([hostile])).toContain('\\<b\\>');
  });
});
