import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AnswerRecord, DocumentRecord } from '../../../shared/api/domain';
import { EXPORT_JSON_SCHEMA_ID, ExportJsonSchema, exportFileName, renderExport } from './index';
import type { ExportBundle, ExportFormat } from './index';
import { parseSimpleMarkdown } from './markdown-lite';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

// ---------- fixtures (fixed dates so the goldens are stable) ----------

const documentRecord: DocumentRecord = {
  id: 'a3f1c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
  title: 'Master Services Agreement: Acme & Globex',
  fileName: 'msa <final>.pdf',
  author: 'Legal <team>',
  pageCount: 48,
  totalTokens: 31_250,
  textlessPages: [47],
  failedPages: [],
  byteSize: 1_204_332,
  createdAt: '2026-03-10T08:00:00.000Z',
  lastUsedAt: '2026-03-15T10:00:00.000Z',
};

const noticeAnswer: AnswerRecord = {
  id: 'ans-0002',
  docId: documentRecord.id,
  kind: 'answer',
  question: 'What is the notice period for termination?',
  threadId: null,
  text: [
    'Either party may end the agreement with **ninety days** written notice [p. 14].',
    '',
    '- Notice must be in writing: "either party may terminate this lease by giving ninety days written notice" [p. 14]',
    '- A *cure period* of 30 days applies first [pp. 15-16]',
    '',
    'The document also contains <img src=x onerror=alert(1)> and <script>alert("x")</script> & more.',
  ].join('\n'),
  citations: [
    { page: 14, quote: 'either party may terminate this lease by giving ninety days written notice', verified: true },
    { page: 15, pageEnd: 16, quote: null, verified: true },
    { page: 40, quote: 'a notice <b>by fax</b> is sufficient\u0007', verified: false },
  ],
  verifiedShare: 2 / 3,
  model: 'gpt-4o-mini',
  strategy: 'whole',
  extractive: false,
  usage: { promptTokens: 31_842, completionTokens: 212, cachedTokens: 30_720, totalTokens: 32_054 },
  predictedPromptTokens: 31_842,
  calls: 1,
  costUsd: 0.0026472,
  status: 'complete',
  errorMessage: null,
  cached: false,
  createdAt: '2026-03-14T09:26:53.000Z',
};

const extractiveSummary: AnswerRecord = {
  id: 'sum-0001',
  docId: documentRecord.id,
  kind: 'summary',
  question: 'brief',
  threadId: null,
  text: [
    'Extractive answer (no model used)',
    '',
    '- "The Supplier shall deliver the Services described in Schedule 1." [p. 3]',
    '- "Fees are payable within thirty (30) days of invoice." [p. 9]',
  ].join('\n'),
  citations: [
    { page: 3, quote: 'The Supplier shall deliver the Services described in Schedule 1.', verified: true },
    { page: 9, quote: 'Fees are payable within thirty (30) days of invoice.', verified: true },
  ],
  verifiedShare: 1,
  model: 'gpt-4o-mini',
  strategy: 'whole',
  extractive: true,
  usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 },
  predictedPromptTokens: 0,
  calls: 0,
  costUsd: 0,
  status: 'complete',
  errorMessage: null,
  cached: false,
  createdAt: '2026-03-13T16:05:00.000Z',
};

const cutAnswer: AnswerRecord = {
  id: 'ans-0003',
  docId: documentRecord.id,
  kind: 'answer',
  question: 'Ignore <b>previous</b> & "instructions"?',
  threadId: 'thread-1',
  text: '## Partial answer\n\n1. The liability cap is **12 months of fees** [p. 22]\n2. Excluded: gross negligence\n\nSee [click me](javascript:alert(3)) and ![pixel](javascript:track) or [ref][1].\n\n[1]: javascript:alert(4)\n\nIn code: `a[0](b)` stays.',
  citations: [{ page: 22, quote: 'capped at the fees paid in the twelve (12) months', verified: true }],
  verifiedShare: 1,
  model: 'gpt-4o',
  strategy: 'focused',
  extractive: false,
  usage: { promptTokens: 11_990, completionTokens: 64, cachedTokens: 0, totalTokens: 12_054 },
  predictedPromptTokens: 11_990,
  calls: 1,
  costUsd: 0.030615,
  status: 'incomplete',
  errorMessage: 'The answer stream was cut off by the provider.',
  cached: false,
  createdAt: '2026-03-15T11:42:10.000Z',
};

const base = { document: documentRecord, generatedAt: '2026-03-16T12:00:00.000Z', appVersion: '0.1.0' };
// The document prints its page numbers from physical page 3 on, two behind ("1" on pdf 3).
const pageLabels = Array.from({ length: 48 }, (_, i) => (i < 2 ? null : String(i - 1)));
// Deliberately out of date order: the export sorts them.
const qaBundle: ExportBundle = { ...base, pageLabels, items: [noticeAnswer, cutAnswer, extractiveSummary] };
const answerBundle: ExportBundle = { ...base, pageLabels, items: [noticeAnswer] };
const summaryBundle: ExportBundle = { ...base, items: [extractiveSummary] };

// ---------- helpers ----------

async function text(bundle: ExportBundle, format: ExportFormat): Promise<string> {
  return (await renderExport(bundle, format)).toString('utf8');
}

function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    if (!UPDATE) throw new Error(`golden file ${name} was missing and has been written; re-run the test`);
    return;
  }
  expect(actual, `golden ${name} differs (re-run with UPDATE_GOLDEN=1 after checking the change)`).toBe(
    readFileSync(file, 'utf8'),
  );
}

/** Minimal zip reader: central directory -> entries; stored (0) and deflated (8) members. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (buffer.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const dataStart =
      localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`unsupported zip method ${method} for ${name}`);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Text content of a WordprocessingML document: the <w:t> runs joined per paragraph. */
function docxParagraphs(xml: string): string[] {
  const paragraphs: string[] = [];
  for (const p of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const runs = [...p[0].matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => m[1] ?? '');
    paragraphs.push(runs.join(''));
  }
  return paragraphs;
}

const xmlUnescape = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// ---------- golden files ----------

describe('export golden files', () => {
  it('Markdown: a whole document Q&A, a single answer, a single extractive summary', async () => {
    expectGolden('qa.md', await text(qaBundle, 'md'));
    expectGolden('answer.md', await text(answerBundle, 'md'));
    expectGolden('summary.md', await text(summaryBundle, 'md'));
  });

  it('HTML: the whole document Q&A and a single answer', async () => {
    expectGolden('qa.html', await text(qaBundle, 'html'));
    expectGolden('answer.html', await text(answerBundle, 'html'));
  });

  it('JSON: the whole document Q&A and a single summary', async () => {
    expectGolden('qa.json', await text(qaBundle, 'json'));
    expectGolden('summary.json', await text(summaryBundle, 'json'));
  });
});

// ---------- behaviour ----------

describe('Markdown export', () => {
  it('has the header facts, items in date order and a citations list', async () => {
    const md = await text(qaBundle, 'md');
    expect(md.startsWith('# Questions and answers: Master Services Agreement: Acme & Globex\n')).toBe(true);
    for (const fact of [
      '- **File:** msa &lt;final&gt;.pdf',
      '- **Pages:** 48',
      '- **Exported:** 2026-03-16 12:00 UTC',
      '- **Models:** none (extractive, no model used), gpt-4o-mini, gpt-4o',
      '- **Strategies:** whole, focused',
      '- **Tokens:** 43,832 prompt (30,720 cached), 276 completion',
      '- **Cost:** $0.0333',
    ]) {
      expect(md).toContain(fact);
    }
    const order = ['## 1. Summary (brief)', '## 2. Question: What is the notice period', '## 3. Question: Ignore'];
    const positions = order.map((h) => md.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain(
      '- p. 12 (pdf 14): “either party may terminate this lease by giving ninety days written notice” ✓ verified',
    );
    expect(md).toContain('- pp. 13–14 (pdf 15–16): _(no quote)_ ✓ verified');
    expect(md).toContain('✗ unverified');
    expect(md).toContain('> **extractive, no model used**');
    expect(md).toContain('> **incomplete: The answer stream was cut off by the provider.**');
  });

  it('keeps model Markdown but neutralises HTML tags and control characters', async () => {
    const md = await text(answerBundle, 'md');
    expect(md).toContain('**ninety days**');
    expect(md).toContain('&lt;img src=x onerror=alert(1)>');
    expect(md).not.toMatch(/<img|<script/i);
    expect(md).not.toContain('\u0007');
  });

  it('never turns model text into a live link, image or link definition (code stays as written)', async () => {
    const md = await text(qaBundle, 'md');
    expect(md).toContain('See \\[click me\\](javascript:alert(3)) and !\\[pixel\\](javascript:track) or \\[ref\\]\\[1\\].');
    expect(md).toContain('\\[1\\]: javascript:alert(4)');
    // no unescaped "[text](" or "[label]:" anywhere in the file
    const outsideCode = md.replace('`a[0](b)`', '');
    expect(outsideCode).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/m);
    expect(outsideCode).not.toMatch(/^\s*\[[^\]]*\]:/m);
    expect(md).toContain('`a[0](b)` stays.');
  });

  it('names pages by their printed label, and by the physical number where none is known', async () => {
    const md = await text(qaBundle, 'md');
    expect(md).toContain('- p. 20 (pdf 22): “capped at the fees paid in the twelve (12) months” ✓ verified');
    expect(md).toContain('- p. 1 (pdf 3):');
    const plain = await text(summaryBundle, 'md');
    expect(plain).toContain('- p. 3: “The Supplier shall deliver');
  });
});

describe('HTML export', () => {
  const allowedTags = new Set([
    'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'h1', 'h2', 'h3',
    'h4', 'h5', 'dl', 'dt', 'dd', 'p', 'span', 'div', 'ul', 'ol', 'li', 'strong', 'em', 'table', 'thead',
    'tbody', 'tr', 'th', 'td',
  ]);

  it('shows hostile model and document text as text: only our own tags, no scripts, no URLs', async () => {
    const html = await text(qaBundle, 'html');
    const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => (m[1] ?? '').toLowerCase());
    expect(tags.filter((t) => !allowedTags.has(t))).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Ignore &lt;b&gt;previous&lt;/b&gt; &amp; &quot;instructions&quot;?');
    expect(html).toContain('msa &lt;final&gt;.pdf');
    expect(html).toContain('“a notice &lt;b&gt;by fax&lt;/b&gt; is sufficient”');
    // Every '<' of untrusted text is escaped, so each '<' left opens one of our tags: check their attributes.
    const attributes = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((m) =>
      [...m[0].matchAll(/\s([a-zA-Z-]+)="[^"]*"/g)].map((a) => (a[1] ?? '').toLowerCase()),
    );
    expect(new Set(attributes)).toEqual(new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id']));
    expect(html).not.toMatch(/https?:\/\//);
    // a Markdown link in model text stays text: no anchor, no javascript: URL in an attribute
    expect(html).toContain('[click me](javascript:alert(3))');
    expect(html).not.toMatch(/<[a-z][^>]*\s(href|src)=/i);
  });

  it('is self-contained with a strict CSP and light/dark styles', async () => {
    const html = await text(answerBundle, 'html');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`,
    );
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain('<meta charset="utf-8">');
  });

  it('renders the answer Markdown: bold, italic, bullets, numbered lists, headings, citations', async () => {
    const html = await text(qaBundle, 'html');
    expect(html).toContain('<strong>ninety days</strong>');
    expect(html).toContain('<em>cure period</em>');
    expect(html).toContain('<span class="cite">[pp. 15-16]</span>');
    expect(html).toMatch(/<ul><li>Notice must be in writing: &quot;either party/);
    expect(html).toContain('<ol><li>The liability cap is <strong>12 months of fees</strong>');
    expect(html).toContain('<h4>Partial answer</h4>');
    expect(html).toContain('<span class="note">extractive, no model used</span>');
    expect(html).toContain('<td class="page">pp. 13–14 (pdf 15–16)</td>');
    expect(html).toContain('<td class="page">p. 20 (pdf 22)</td>');
    expect(html).toContain('<span class="unverified">✗ unverified</span>');
  });
});

describe('JSON export', () => {
  it('has the documented, validated shape with citations and items in date order', async () => {
    const parsed = ExportJsonSchema.parse(JSON.parse(await text(qaBundle, 'json')));
    expect(parsed.schema).toBe(EXPORT_JSON_SCHEMA_ID);
    expect(parsed.schema).toBe('pagewise.export/1');
    expect(parsed.document.fileName).toBe('msa <final>.pdf');
    expect(parsed.items.map((i) => i.id)).toEqual(['sum-0001', 'ans-0002', 'ans-0003']);
    expect(parsed.items[0]?.label).toBe('extractive, no model used');
    expect(parsed.items[1]?.label).toBeNull();
    expect(parsed.items[1]?.citations).toEqual([
      // physical pages stay the identity; pageLabel is what the page prints
      { page: 14, pageLabel: '12', pageEnd: null, pageEndLabel: null, quote: 'either party may terminate this lease by giving ninety days written notice', verified: true },
      { page: 15, pageLabel: '13', pageEnd: 16, pageEndLabel: '14', quote: null, verified: true },
      { page: 40, pageLabel: '38', pageEnd: null, pageEndLabel: null, quote: 'a notice <b>by fax</b> is sufficient\u0007', verified: false },
    ]);
    expect(parsed.totals).toEqual({
      items: 3,
      promptTokens: 43_832,
      completionTokens: 276,
      cachedTokens: 30_720,
      costUsd: 0.0332622,
    });
  });
});

describe('DOCX export', () => {
  it('is a Word document with the texts, the notes and a citations table', async () => {
    const buffer = await renderExport(qaBundle, 'docx');
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzip(buffer);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['word/document.xml', '[Content_Types].xml']));
    const xml = files.get('word/document.xml')?.toString('utf8') ?? '';
    const paragraphs = docxParagraphs(xml).map(xmlUnescape);
    const all = paragraphs.join('\n');

    expect(paragraphs[0]).toBe('Questions and answers: Master Services Agreement: Acme & Globex');
    expect(paragraphs).toContain('1. Summary (brief)');
    expect(paragraphs).toContain('2. Question: What is the notice period for termination?');
    expect(paragraphs).toContain('3. Question: Ignore <b>previous</b> & "instructions"?');
    expect(paragraphs).toContain('extractive, no model used');
    expect(paragraphs).toContain('Either party may end the agreement with ninety days written notice [p. 14].');
    expect(paragraphs).toContain('The document also contains <img src=x onerror=alert(1)> and <script>alert("x")</script> & more.');
    expect(all).toContain('Tokens: 31,842 prompt (30,720 cached), 212 completion');
    expect(all).toContain('Cost: $0.0026');

    // citations table: header row + one row per citation, quote and verification in cells
    expect(xml).toContain('<w:tbl>');
    expect(paragraphs).toEqual(expect.arrayContaining(['Page', 'Quote', 'Verified']));
    expect(paragraphs).toContain('“either party may terminate this lease by giving ninety days written notice”');
    expect(paragraphs).toContain('pp. 13–14 (pdf 15–16)');
    expect(paragraphs).toContain('“a notice <b>by fax</b> is sufficient”');
    expect(paragraphs.filter((p) => p === '✓ verified')).toHaveLength(5);
    expect(paragraphs.filter((p) => p === '✗ unverified')).toHaveLength(1);

    // model text is escaped XML, and characters XML forbids are gone
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('\u0007');
    const bold = /<w:r>(?:(?!<\/w:r>)[\s\S])*<w:b\/>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>ninety days<\/w:t>/;
    expect(xml).toMatch(bold);
  });
});

describe('file names', () => {
  it('names the document, the kind and the date, safely', () => {
    expect(exportFileName(qaBundle, 'md')).toBe('master-services-agreement-acme-globex-qa-2026-03-16.md');
    expect(exportFileName(answerBundle, 'docx')).toBe('master-services-agreement-acme-globex-answer-2026-03-16.docx');
    expect(exportFileName(summaryBundle, 'html')).toBe(
      'master-services-agreement-acme-globex-summary-brief-2026-03-16.html',
    );
    const odd: ExportBundle = {
      ...answerBundle,
      document: { ...documentRecord, title: '', fileName: 'Rapport annuel été 2024 / ../x.PDF' },
    };
    expect(exportFileName(odd, 'json')).toBe('rapport-annuel-ete-2024-x-answer-2026-03-16.json');
    const cjk: ExportBundle = { ...answerBundle, document: { ...documentRecord, title: '年度报告', fileName: '报告.pdf' } };
    expect(exportFileName(cjk, 'md')).toBe('document-answer-2026-03-16.md');
  });
});

describe('empty bundle', () => {
  it('still renders every format', async () => {
    const empty: ExportBundle = { ...base, items: [] };
    expect(await text(empty, 'md')).toContain('_No answers or summaries yet._');
    expect(await text(empty, 'html')).toContain('No answers or summaries yet.');
    expect(ExportJsonSchema.parse(JSON.parse(await text(empty, 'json'))).items).toEqual([]);
    expect((await renderExport(empty, 'docx')).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('simple Markdown reader', () => {
  it('reads paragraphs, lists, headings and emphasis into plain strings', () => {
    const blocks = parseSimpleMarkdown('# Head\n\nline one\nline two\n\n* a **b**\n  continued\n- c\n1. d');
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list']);
    const para = blocks[1];
    expect(para?.type === 'paragraph' && para.spans.map((s) => s.text).join('')).toBe('line one line two');
    const list = blocks[2];
    expect(list?.type === 'list' && list.items.map((i) => i.map((s) => s.text).join(''))).toEqual([
      'a b continued',
      'c',
    ]);
    expect(list?.type === 'list' && list.items[0]?.find((s) => s.bold)?.text).toBe('b');
  });
});
