/**
 * Comparison exports (Compare, issue 10): golden files for Markdown, HTML, CSV and JSON, the DOCX table, and
 * the escaping of model text: Markdown and HTML never let it become markup, CSV never lets it become a formula.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../../shared/api/compare';
import type { AnswerRecord } from '../../../shared/api/domain';
import { comparisonFileName, renderComparison } from './comparison-file';
import { csvField } from './comparison-text';
import type { ComparisonBundle } from './comparison-view';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function answer(over: Partial<AnswerRecord>): AnswerRecord {
  return {
    id: 'ans-x', docId: 'doc-x', kind: 'answer', question: 'What is the monthly rent?', threadId: null, text: '', citations: [],
    verifiedShare: 1, model: 'gpt-4o-mini', strategy: 'whole', extractive: false,
    usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 }, predictedPromptTokens: 0, calls: 1, costUsd: 0,
    status: 'complete', errorMessage: null, cached: false, createdAt: '2026-03-14T09:26:53.000Z', ...over,
  };
}

const comparison: Comparison = {
  id: 'cmp-0001',
  question: 'What is the monthly rent?',
  scopeLabel: 'Acme lease set',
  collectionId: 'col-1',
  createdAt: '2026-03-14T09:26:50.000Z',
  documentCount: 4,
  usage: { promptTokens: 1_700, completionTokens: 60, cachedTokens: 0, totalTokens: 1_760 },
  costUsd: 0.000291,
  rows: [
    {
      docId: 'doc-lease',
      title: 'Lease 2019',
      error: null,
      answer: answer({
        id: 'ans-1', docId: 'doc-lease',
        text: 'The tenant pays **4,000 dollars** a month [p. 2].\n\n- "The tenant shall pay rent of 4,000 dollars each month" [p. 2]',
        citations: [{ page: 2, pageLabel: '1', quote: 'The tenant shall pay rent of 4,000 dollars each month', verified: true }],
        usage: { promptTokens: 850, completionTokens: 30, cachedTokens: 0, totalTokens: 880 }, costUsd: 0.0001455,
      }),
    },
    {
      docId: 'doc-hostile',
      title: 'Amendment | <b>2021</b>',
      error: null,
      answer: answer({
        id: 'ans-2', docId: 'doc-hostile',
        text: '=HYPERLINK("http://evil.example","click") and <script>alert(1)</script> [click](javascript:alert(2)) | pipe',
        citations: [
          { page: 3, pageLabel: null, quote: '+rent rises to 4,400 dollars', verified: false },
          { page: 4, pageEnd: 5, pageLabel: null, pageEndLabel: null, quote: null, verified: true },
        ],
        verifiedShare: 0.5,
        usage: { promptTokens: 850, completionTokens: 30, cachedTokens: 0, totalTokens: 880 }, costUsd: 0.0001455,
      }),
    },
    {
      docId: 'doc-cached',
      title: 'Lease 2019 (copy)',
      error: null,
      answer: answer({ id: 'ans-3', docId: 'doc-cached', text: 'Rent is 4,000 dollars [p. 2].', citations: [{ page: 2, quote: null, verified: true }], cached: true, costUsd: 0.0001 }),
    },
    {
      docId: 'doc-scan',
      title: '-Scanned lease',
      answer: null,
      error: { type: 'PagewiseError', code: 'NO_TEXT_LAYER', message: 'This document has no text layer (it looks scanned): run OCR on it first.' },
    },
  ],
};

const bundle: ComparisonBundle = {
  comparison,
  generatedAt: '2026-03-15T10:00:00.000Z',
  appVersion: '0.1.0',
  pageLabels: { 'doc-lease': [null, '1', '2'] },
};

function golden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    if (!UPDATE) throw new Error(`golden file ${name} was missing and has been written; re-run the test`);
  }
  expect(actual, `golden ${name} differs (re-run with UPDATE_GOLDEN=1 after checking the change)`).toBe(readFileSync(file, 'utf8'));
}

async function text(format: 'md' | 'html' | 'csv' | 'json'): Promise<string> {
  return (await renderComparison(bundle, format)).toString('utf8');
}

/** RFC 4180 reader (enough for the test): fields, quoted fields with "" and newlines. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('comparison export golden files', () => {
  it('Markdown', async () => golden('comparison.md', await text('md')));
  it('HTML', async () => golden('comparison.html', await text('html')));
  it('CSV', async () => golden('comparison.csv', await text('csv')));
  it('JSON', async () => golden('comparison.json', await text('json')));
});

describe('comparison exports', () => {
  it('one table row per document: document, answer, citations with marks and labels, tokens, cost; a failed row says why', async () => {
    const md = await text('md');
    const tableRows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(tableRows).toHaveLength(4);
    expect(tableRows[0]).toContain('| Lease 2019 |');
    expect(tableRows[0]).toContain('p. 1 (pdf 2) ✓ “The tenant shall pay rent of 4,000 dollars each month”');
    expect(tableRows[0]).toContain('850 prompt (0 cached), 30 completion');
    expect(tableRows[0]).toContain('$0.0001');
    expect(tableRows[2]).toContain('$0.00 (cached)');
    expect(tableRows[3]).toContain('Not answered: This document has no text layer');
  });

  it('Markdown and HTML keep model text as text', async () => {
    const md = await text('md');
    expect(md).not.toMatch(/<script|<b>|(?<!\\)\]\(javascript/);
    expect(md).toContain('Amendment \\| &lt;b&gt;2021&lt;/b&gt;');
    const html = await text('html');
    expect(html).not.toMatch(/<script|<b>2021/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<table class="compare">');
    expect(html.match(/<tr id="row-/g)).toHaveLength(4);
  });

  it('CSV: a header and one record per document; formulas defused; quotes, commas and newlines survive', async () => {
    const csv = await text('csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(5);
    const [header, lease, hostile, , scan] = rows;
    expect(header?.slice(0, 5)).toEqual(['document', 'doc_id', 'status', 'answer', 'citations']);
    expect(lease?.[4]).toBe('p. 1 (pdf 2) ✓ “The tenant shall pay rent of 4,000 dollars each month”');
    expect(lease?.slice(5)).toEqual(['1', '1', '850', '30', '0', '0.000146', '']);
    expect(hostile?.[3]?.startsWith("'=HYPERLINK(\"http://evil.example\",\"click\")")).toBe(true);
    expect(hostile?.[4]).toBe('p. 3 ✗ “+rent rises to 4,400 dollars”\npp. 4–5 ✓');
    expect(scan?.[0]).toBe("'-Scanned lease");
    expect(scan?.[2]).toBe('failed');
    expect(scan?.[11]).toMatch(/^Not answered: This document has no text layer/);
  });

  it('csvField prefixes every formula start and quotes what needs it', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1+1`).replace(/^"/, '').startsWith(`'`)).toBe(true);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField('line\r\nbreak')).toBe('"line\nbreak"');
    expect(csvField(-3)).toBe('-3');
  });

  it('DOCX holds the table with every document and answer', async () => {
    const docx = await renderComparison(bundle, 'docx');
    // document.xml is a deflated zip entry: find its local header and inflate it
    const name = Buffer.from('word/document.xml');
    const at = docx.indexOf(name);
    expect(at).toBeGreaterThan(0);
    const header = at - 30;
    const compressed = docx.readUInt32LE(header + 18);
    const start = at + name.length + docx.readUInt16LE(header + 28);
    const xml = inflateRawSync(docx.subarray(start, start + compressed)).toString('utf8');
    for (const s of ['Lease 2019', 'Amendment | &lt;b&gt;2021&lt;/b&gt;', '4,000 dollars', 'Not answered: This document has no text layer', '✓', '✗']) expect(xml).toContain(s);
    expect((xml.match(/<w:tr>|<w:tr /g) ?? []).length).toBe(5);
  });

  it('names the file after the question and the date', () => {
    expect(comparisonFileName(bundle, 'csv')).toBe('comparison-what-is-the-monthly-rent-2026-03-15.csv');
  });
});
