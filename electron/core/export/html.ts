/**
 * Self-contained HTML export: one file, inline CSS (light and dark through
 * prefers-color-scheme), no scripts, no external resources, and a Content
 * Security Policy that forbids everything but inline styles.
 *
 * Model output and document text are untrusted. Every string that came from
 * them is HTML-escaped; the only tags in the output are the fixed ones written
 * here. The answer's simple Markdown (paragraphs, headings, lists, bold,
 * italic, citations) is rendered from the parsed tree, escaping each text leaf.
 */
import { parseSimpleMarkdown } from './markdown-lite';
import type { Block, InlineSpan } from './markdown-lite';
import { stripInvalidChars } from './view';
import type { ExportView, ItemView, MetaRow } from './view';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2330; --muted: #5b6475; --line: #d9dde5;
  --card: #f6f7f9; --accent: #2456c7; --ok: #1b7f3b; --bad: #b3261e; --note-bg: #fff4d6; --note-fg: #6b4e00; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15181e; --fg: #e6e9ef; --muted: #a0a8b8; --line: #333a47; --card: #1d2129;
    --accent: #8fb0ff; --ok: #6fd08c; --bad: #ff8a80; --note-bg: #3a3113; --note-fg: #f3d98b; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 0.5rem; padding-top: 1.25rem; border-top: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 0.5rem; color: var(--muted); }
.answer h3, .answer h4, .answer h5 { color: var(--fg); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0 0 1rem;
  padding: 0.75rem 1rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; font-size: 0.9rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.note { display: inline-block; margin: 0 0.5rem 0.5rem 0; padding: 0.1rem 0.6rem; border-radius: 999px;
  background: var(--note-bg); color: var(--note-fg); font-size: 0.85rem; font-weight: 600; }
.answer { overflow-wrap: anywhere; }
.answer p, .answer ul, .answer ol { margin: 0 0 0.75rem; }
.cite { color: var(--accent); white-space: nowrap; font-size: 0.92em; }
table.citations { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
table.citations th, table.citations td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem;
  border-bottom: 1px solid var(--line); }
table.citations th { color: var(--muted); font-weight: 600; }
table.citations td.page { white-space: nowrap; }
table.citations td.quote { overflow-wrap: anywhere; }
.verified { color: var(--ok); white-space: nowrap; }
.unverified { color: var(--bad); white-space: nowrap; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.85rem; }
@media print { body { background: #fff; color: #000; } main { max-width: none; } }
`;

/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return stripInvalidChars(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A whole self-contained page (the CSP allows inline style only, no referrer, light and dark): the head, then
 * the `body` lines and the footer inside <main>. Every export that writes HTML goes through it.
 */
export function htmlPage(title: string, appVersion: string, style: string, body: readonly string[], footer: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(HTML_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="Pagewise ${escapeHtml(appVersion)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    `<footer>${escapeHtml(footer)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderHtml(view: ExportView, appVersion: string): string {
  const parts: string[] = ['<header>', `<h1>${escapeHtml(view.title)}</h1>`, metaList(view.meta), '</header>'];
  if (view.items.length === 0) parts.push('<p class="empty">No answers or summaries yet.</p>');
  const numbered = view.items.length > 1;
  for (const item of view.items) parts.push(renderItem(item, numbered));
  return htmlPage(view.title, appVersion, STYLE, parts, view.footer);
}

function renderItem(item: ItemView, numbered: boolean): string {
  const parts: string[] = [];
  parts.push(`<section class="item" id="item-${item.index}">`);
  const prefix = numbered ? `${item.index}. ` : '';
  parts.push(`<h2>${escapeHtml(prefix + item.heading)}</h2>`);
  if (item.notes.length > 0) {
    parts.push(`<p>${item.notes.map((note) => `<span class="note">${escapeHtml(note)}</span>`).join('')}</p>`);
  }
  parts.push(metaList(item.meta));
  const blocks = parseSimpleMarkdown(item.text);
  parts.push('<div class="answer">');
  if (blocks.length === 0) parts.push('<p class="empty">(no text)</p>');
  for (const block of blocks) parts.push(renderBlock(block));
  parts.push('</div>');
  parts.push(`<h3>Citations: ${escapeHtml(item.citationSummary)}</h3>`);
  if (item.citations.length === 0) {
    parts.push('<p class="empty">No citations.</p>');
  } else {
    parts.push('<table class="citations">', '<thead><tr><th>Page</th><th>Quote</th><th>Verified</th></tr></thead>', '<tbody>');
    for (const c of item.citations) {
      const quote = c.quote === null ? '<span class="empty">(no quote)</span>' : `“${escapeHtml(c.quote)}”`;
      const verified = c.verified
        ? '<span class="verified">✓ verified</span>'
        : '<span class="unverified">✗ unverified</span>';
      parts.push(`<tr><td class="page">${escapeHtml(c.pages)}</td><td class="quote">${quote}</td><td>${verified}</td></tr>`);
    }
    parts.push('</tbody>', '</table>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

function metaList(rows: readonly MetaRow[]): string {
  const inner = rows.map((row) => `<dt>${escapeHtml(row.label)}</dt><dd>${escapeHtml(row.value)}</dd>`).join('');
  return `<dl class="meta">${inner}</dl>`;
}

export function renderBlock(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${renderSpans(block.spans)}</p>`;
    case 'heading': {
      // Item headings are h2 and "Citations" is h3, so answer headings start at h3.
      const tag = `h${block.level + 2}`;
      return `<${tag}>${renderSpans(block.spans)}</${tag}>`;
    }
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((spans) => `<li>${renderSpans(spans)}</li>`).join('')}</${tag}>`;
    }
  }
}

function renderSpans(spans: readonly InlineSpan[]): string {
  return spans
    .map((span) => {
      let html = escapeHtml(span.text);
      if (span.cite) html = `<span class="cite">${html}</span>`;
      if (span.italic) html = `<em>${html}</em>`;
      if (span.bold) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
}
