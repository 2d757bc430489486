/**
 * Extractions as one table, documents x fields, in CSV, XLSX (exceljs), JSON, Markdown and HTML. Every cell
 * carries its value; the quote, page and verified mark travel in the JSON, in an XLSX cell note and in
 * the HTML title, and CSV/Markdown get "page" and "verified" columns per field.
 * Document text and model output are data: CSV cells that a spreadsheet would run as a formula get a
 * leading apostrophe; Markdown and HTML escape everything.
 */
import type { Extraction, ExtractedField, FieldValue, TableFormat } from '../../../shared/api/extract';

export const TABLE_MIME_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A value as a person reads it ("not stated" for null). */
export function valueText(value: FieldValue): string {
  if (value === null) return 'not stated';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('; ');
  return `${value.amount.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${value.currency}`.trim();
}

/** Column names: the union of the extractions' field names, in first-seen order. */
export function columns(extractions: readonly Extraction[]): string[] {
  const seen: string[] = [];
  for (const e of extractions) for (const f of e.templateFields) if (!seen.includes(f.name)) seen.push(f.name);
  return seen;
}

function cell(e: Extraction, name: string): ExtractedField | null {
  return e.fields.find((f) => f.name === name) ?? null;
}

function mark(f: ExtractedField | null): string {
  if (!f || f.value === null) return '';
  return f.verified ? 'verified' : 'unverified';
}

// ---------------------------------------------------------------- CSV

/** A cell a spreadsheet would evaluate (=, +, -, @, tab, CR at the start) is prefixed with "'" (OWASP). */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(extractions: readonly Extraction[]): string {
  const cols = columns(extractions);
  const header = ['Document', ...cols.flatMap((c) => [c, `${c} (page)`, `${c} (check)`, `${c} (quote)`])];
  const rows = extractions.map((e) => [
    e.title,
    ...cols.flatMap((c) => {
      const f = cell(e, c);
      return [f ? valueText(f.value) : '', f?.page != null ? String(f.page) : '', mark(f), f?.quote ?? ''];
    }),
  ]);
  // CRLF and a BOM: what spreadsheet programs expect of a UTF-8 CSV
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- XLSX

export async function renderXlsx(extractions: readonly Extraction[]): Promise<Uint8Array> {
  // exceljs (and its zip stack, ~300 modules) loads only when a workbook is written: not on every CLI start.
  const { default: ExcelJS } = await import('exceljs');
  const cols = columns(extractions);
  const book = new ExcelJS.Workbook();
  book.creator = 'Pagewise';
  const sheet = book.addWorksheet('Extraction');
  sheet.addRow(['Document', ...cols]);
  sheet.getRow(1).font = { bold: true };
  for (const e of extractions) {
    const row = sheet.addRow([
      e.title,
      ...cols.map((c) => {
        const f = cell(e, c);
        if (!f) return '';
        if (typeof f.value === 'number') return f.value;
        if (f.value !== null && typeof f.value === 'object' && !Array.isArray(f.value)) return f.value.amount;
        return valueText(f.value);
      }),
    ]);
    cols.forEach((c, i) => {
      const f = cell(e, c);
      if (!f || f.value === null) return;
      const target = row.getCell(i + 2);
      if (f.value !== null && typeof f.value === 'object' && !Array.isArray(f.value)) target.numFmt = `#,##0.######" ${f.value.currency.replace(/"/g, '')}"`;
      target.note = `${f.verified ? 'Verified' : 'Unverified'} · page ${f.page ?? '?'}\n"${f.quote ?? ''}"`;
      if (!f.verified) target.font = { color: { argb: 'FFB45309' } };
    });
  }
  // a second sheet with every quote and page, one row per cell (filterable)
  const quotes = book.addWorksheet('Quotes');
  quotes.addRow(['Document', 'Field', 'Value', 'Page', 'Check', 'Quote']);
  quotes.getRow(1).font = { bold: true };
  for (const e of extractions) {
    for (const f of e.fields) quotes.addRow([e.title, f.name, valueText(f.value), f.page ?? '', mark(f), f.quote ?? '']);
  }
  sheet.columns.forEach((column) => {
    column.width = 24;
  });
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

// ---------------------------------------------------------------- JSON

/** The CLI's `extract --json` document shape, for a file too. */
export function tableJson(extractions: readonly Extraction[]): unknown {
  return {
    documents: extractions.map((e) => ({
      docId: e.docId,
      title: e.title,
      extractionId: e.id,
      template: e.templateName,
      status: e.status,
      error: e.errorMessage,
      fields: e.fields.map((f) => ({ name: f.name, value: f.value, quote: f.quote, page: f.page, verified: f.verified })),
    })),
  };
}

// ---------------------------------------------------------------- Markdown

function mdCell(text: string): string {
  // table cells: escape what Markdown reads as syntax, and keep the cell on one line
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

export function renderMarkdown(extractions: readonly Extraction[]): string {
  const cols = columns(extractions);
  const lines = [`| Document | ${cols.map(mdCell).join(' | ')} |`, `|${' --- |'.repeat(cols.length + 1)}`];
  for (const e of extractions) {
    const cells = cols.map((c) => {
      const f = cell(e, c);
      if (!f) return '';
      if (f.value === null) return 'not stated';
      return `${mdCell(valueText(f.value))} (p. ${f.page ?? '?'}${f.verified ? ' ✓' : ', unverified'})`;
    });
    lines.push(`| ${mdCell(e.title)} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Quotes', '');
  for (const e of extractions) {
    for (const f of e.fields) {
      if (f.value === null) continue;
      lines.push(`- **${mdCell(e.title)}**, ${mdCell(f.name)}: “${mdCell(f.quote ?? '')}” [p. ${f.page ?? '?'}]${f.verified ? '' : ' (unverified)'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- HTML

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function renderHtml(extractions: readonly Extraction[]): string {
  const cols = columns(extractions);
  const head = `<tr><th>Document</th>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = extractions
    .map((e) => {
      const cells = cols.map((c) => {
        const f = cell(e, c);
        if (!f) return '<td></td>';
        if (f.value === null) return '<td class="none">not stated</td>';
        const check = f.verified ? '<span class="ok">✓</span>' : '<span class="bad">unverified</span>';
        return `<td title="${escapeHtml(f.quote ?? '')}">${escapeHtml(valueText(f.value))}<br><small>p. ${f.page ?? '?'} ${check}</small><blockquote>${escapeHtml(f.quote ?? '')}</blockquote></td>`;
      });
      return `<tr><th scope="row">${escapeHtml(e.title)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Extraction</title>',
    '<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:6px;vertical-align:top;text-align:left}blockquote{margin:4px 0 0;color:#555;font-size:12px}.ok{color:#15803d}.bad{color:#b45309}.none{color:#888}</style>',
    '</head><body>',
    `<table>\n${head}\n${body}\n</table>`,
    '</body></html>',
    '',
  ].join('\n');
}

export async function renderTable(extractions: readonly Extraction[], format: TableFormat): Promise<Uint8Array> {
  switch (format) {
    case 'csv':
      return new TextEncoder().encode(renderCsv(extractions));
    case 'xlsx':
      return renderXlsx(extractions);
    case 'json':
      return new TextEncoder().encode(`${JSON.stringify(tableJson(extractions), null, 2)}\n`);
    case 'md':
      return new TextEncoder().encode(renderMarkdown(extractions));
    case 'html':
      return new TextEncoder().encode(renderHtml(extractions));
  }
}

export function tableFileName(extractions: readonly Extraction[], format: TableFormat): string {
  const name = (extractions[0]?.templateName ?? 'extraction').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'extraction';
  return `${name}-table.${format}`;
}
