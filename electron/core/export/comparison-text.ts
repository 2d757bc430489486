/**
 * A comparison as Markdown, self-contained HTML, CSV and JSON. Model text is data: Markdown cells escape
 * Markdown and tag-like text (the answer's lines joined by our own <br>), HTML escapes every leaf (the answer's
 * simple Markdown rendered like html.ts does), CSV quotes per RFC 4180 and defuses spreadsheet formulas (a cell
 * starting with = + - @, a tab or a carriage return gets a leading apostrophe).
 */
import type { ComparisonBundle, ComparisonRowView, ComparisonView } from './comparison-view';
import { citationLine } from './comparison-view';
import { escapeHtml, htmlPage, renderBlock, STYLE } from './html';
import { parseSimpleMarkdown } from './markdown-lite';
import { escapeMd, neutralizeHtml, neutralizeLinks } from './markdown';
import { labelledPages, stripInvalidChars } from './view';

// ---------------------------------------------------------------- Markdown

/** One line of text for a table cell: Markdown escaped, and `|` too (it would end the cell). */
function mdCell(text: string): string {
  return escapeMd(text.replace(/\s+/g, ' ').trim()).replace(/\|/g, '\\|');
}

/**
 * The answer's lines (blank lines dropped) as one cell, joined with <br> (ours). The model's Markdown keeps its
 * emphasis, as in markdown.ts; its tags and links are neutralised the same way, and `|` is escaped.
 */
function mdMultiline(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => neutralizeLinks(neutralizeHtml(l.replace(/\s+/g, ' ').trim())).replace(/\|/g, '\\|'))
    .filter((l) => l !== '');
  return lines.length > 0 ? lines.join('<br>') : '_(no text)_';
}

export function renderComparisonMarkdown(view: ComparisonView): string {
  const out: string[] = [`# ${escapeMd(view.title)}`, ''];
  for (const row of view.meta) out.push(`- **${row.label}:** ${escapeMd(row.value)}`);
  out.push('', '| # | Document | Answer | Citations | Tokens | Cost |', '|---|---|---|---|---|---|');
  for (const r of view.rows) {
    const answer = [...r.notes.map((n) => `**${mdCell(n)}**`), mdMultiline(r.text)].join('<br>');
    const cites = r.citations.length === 0 ? (r.answered ? '_none_' : '') : [mdCell(r.citationSummary), ...r.citations.map((c) => mdCell(citationLine(c)))].join('<br>');
    out.push(`| ${r.index} | ${mdCell(r.document)} | ${r.answered ? answer : `**${mdCell(r.text)}**`} | ${cites} | ${mdCell(r.tokens)} | ${mdCell(r.cost)} |`);
  }
  if (view.rows.length === 0) out.push('', '_No document was answered._');
  out.push('', '---', '', `_${escapeMd(view.footer)}_`, '');
  return stripInvalidChars(out.join('\n'));
}

// ---------------------------------------------------------------- HTML

const TABLE_STYLE = `
main { max-width: 80rem; }
table.compare { width: 100%; border-collapse: collapse; font-size: 0.92rem; margin-top: 1rem; }
table.compare th, table.compare td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid var(--line); }
table.compare th { color: var(--muted); font-weight: 600; }
table.compare td.num { white-space: nowrap; }
table.compare ul.cites { margin: 0; padding-left: 1rem; }
table.compare .failed { color: var(--bad); }
`;

function htmlRow(r: ComparisonRowView): string {
  const notes = r.notes.map((n) => `<span class="note">${escapeHtml(n)}</span>`).join('');
  let answer: string;
  if (!r.answered) answer = `<p class="failed">${escapeHtml(r.text)}</p>`;
  else {
    const blocks = parseSimpleMarkdown(r.text);
    answer = `${notes ? `<p>${notes}</p>` : ''}<div class="answer">${blocks.length === 0 ? '<p class="empty">(no text)</p>' : blocks.map(renderBlock).join('')}</div>`;
  }
  const cites =
    r.citations.length === 0
      ? `<span class="empty">${r.answered ? 'none' : ''}</span>`
      : `<p>${escapeHtml(r.citationSummary)}</p><ul class="cites">${r.citations
          .map((c) => {
            const mark = c.verified ? '<span class="verified">✓ verified</span>' : '<span class="unverified">✗ unverified</span>';
            return `<li>${escapeHtml(c.pages)} ${mark}${c.quote === null ? '' : ` “${escapeHtml(c.quote)}”`}</li>`;
          })
          .join('')}</ul>`;
  return `<tr id="row-${r.index}"><td>${escapeHtml(r.document)}</td><td>${answer}</td><td>${cites}</td><td class="num">${escapeHtml(r.tokens)}</td><td class="num">${escapeHtml(r.cost)}</td></tr>`;
}

export function renderComparisonHtml(view: ComparisonView, appVersion: string): string {
  const meta = view.meta.map((row) => `<dt>${escapeHtml(row.label)}</dt><dd>${escapeHtml(row.value)}</dd>`).join('');
  const body = [
    `<h1>${escapeHtml(view.title)}</h1>`,
    `<dl class="meta">${meta}</dl>`,
    '<table class="compare">',
    '<thead><tr><th>Document</th><th>Answer</th><th>Citations</th><th>Tokens</th><th>Cost</th></tr></thead>',
    '<tbody>',
    ...view.rows.map(htmlRow),
    '</tbody>',
    '</table>',
  ];
  return htmlPage(view.title, appVersion, `${STYLE}${TABLE_STYLE}`, body, view.footer);
}

// ---------------------------------------------------------------- CSV

export const CSV_HEADER = [
  'document', 'doc_id', 'status', 'answer', 'citations', 'verified_citations', 'total_citations',
  'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'error',
] as const;

/** One CSV field: a text that a spreadsheet would run as a formula gets a leading apostrophe; quoted when needed. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = stripInvalidChars(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  text = text.replace(/\r\n?/g, '\n');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte-order mark (spreadsheets then read ✓ and accents right), CRLF between records (RFC 4180). */
export function renderComparisonCsv(view: ComparisonView): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of view.rows) {
    const verified = r.citations.filter((c) => c.verified).length;
    lines.push(
      [
        csvField(r.document),
        csvField(r.docId),
        csvField(r.answered ? 'answered' : 'failed'),
        csvField(r.answered ? r.text.trim() : ''),
        csvField(r.citations.map(citationLine).join('\n')),
        verified,
        r.citations.length,
        r.promptTokens,
        r.completionTokens,
        r.cachedTokens,
        Number(r.costUsd.toFixed(6)),
        csvField(r.answered ? '' : r.text),
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- JSON

export const COMPARISON_JSON_SCHEMA_ID = 'pagewise.comparison/1';

/**
 * `{ schema, generatedAt, appVersion, comparison: {id, question, scopeLabel, collectionId, createdAt, documentCount},
 *   totals: {rows, answered, failed, promptTokens, completionTokens, cachedTokens, costUsd},
 *   rows: [{ docId, title, status: "answered"|"failed", error: {code, message}|null,
 *            answer: {id, text, status, model, strategy, extractive, cached, calls, usage, costUsd, verifiedShare,
 *                     citations: [{page, pageLabel, pageEnd, pageEndLabel, quote, verified}]}|null }] }`
 * Keys always appear, null rather than absent.
 */
export function renderComparisonJson(bundle: ComparisonBundle): string {
  const c = bundle.comparison;
  const rows = c.rows.map((row) => {
    const labels = bundle.pageLabels?.[row.docId] ?? [];
    const a = row.answer;
    return {
      docId: row.docId,
      title: row.title,
      status: a ? 'answered' : 'failed',
      error: row.error ? { code: row.error.code, message: row.error.message } : null,
      answer: a
        ? {
            id: a.id, text: a.text, status: a.status, model: a.model, strategy: a.strategy, extractive: a.extractive, cached: a.cached,
            calls: a.calls, usage: a.usage, costUsd: a.costUsd, verifiedShare: a.verifiedShare,
            citations: a.citations.map((cit) => {
              const l = labelledPages(cit, labels);
              return { page: l.page, pageLabel: l.pageLabel, pageEnd: l.pageEnd ?? null, pageEndLabel: l.pageEndLabel, quote: cit.quote, verified: cit.verified };
            }),
          }
        : null,
    };
  });
  const json = {
    schema: COMPARISON_JSON_SCHEMA_ID,
    generatedAt: bundle.generatedAt,
    appVersion: bundle.appVersion,
    comparison: { id: c.id, question: c.question, scopeLabel: c.scopeLabel, collectionId: c.collectionId, createdAt: c.createdAt, documentCount: c.documentCount },
    totals: {
      rows: c.rows.length,
      answered: c.rows.filter((r) => r.answer).length,
      failed: c.rows.filter((r) => !r.answer).length,
      promptTokens: c.usage.promptTokens,
      completionTokens: c.usage.completionTokens,
      cachedTokens: c.usage.cachedTokens,
      costUsd: c.costUsd,
    },
    rows,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
