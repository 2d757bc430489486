/**
 * Markdown export. The answer text is model Markdown and is kept as such, with
 * one safety change: anything that looks like an HTML tag (`<img`, `</div`,
 * `<!--`) has its `<` written as `&lt;`, so a Markdown viewer that passes raw
 * HTML through cannot be made to run model output. Titles, questions and quotes
 * are escaped as Markdown text.
 */
import type { ExportView, ItemView, MetaRow } from './view';

export function renderMarkdown(view: ExportView): string {
  const out: string[] = [];
  out.push(`# ${escapeMd(view.title)}`, '');
  out.push(...metaList(view.meta), '');
  const numbered = view.items.length > 1;
  if (view.items.length === 0) out.push('_No answers or summaries yet._', '');
  for (const item of view.items) out.push(...renderItem(item, numbered));
  out.push('---', '', `_${escapeMd(view.footer)}_`, '');
  return out.join('\n');
}

function renderItem(item: ItemView, numbered: boolean): string[] {
  const out: string[] = [];
  const prefix = numbered ? `${item.index}. ` : '';
  out.push(`## ${prefix}${escapeMd(item.heading)}`, '');
  for (const note of item.notes) out.push(`> **${escapeMd(note)}**`, '');
  out.push(...metaList(item.meta), '');
  const text = demoteHeadings(neutralizeHtml(item.text.replace(/\r\n?/g, '\n').trim()));
  out.push(text === '' ? '_(no text)_' : text, '');
  out.push(`### Citations (${item.citationSummary})`, '');
  if (item.citations.length === 0) {
    out.push('_No citations._', '');
  } else {
    for (const c of item.citations) {
      const quote = c.quote === null ? '_(no quote)_' : `“${escapeMd(c.quote)}”`;
      out.push(`- ${c.pages}: ${quote} ${c.verified ? '✓ verified' : '✗ unverified'}`);
    }
    out.push('');
  }
  return out;
}

function metaList(rows: readonly MetaRow[]): string[] {
  return rows.map((row) => `- **${row.label}:** ${escapeMd(row.value)}`);
}

/** Escape Markdown syntax in a one-line string (never at a line start here) so it renders literally. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`));
}

/** Turn tag-like `<` into `&lt;` (keeps `a < b` readable). */
export function neutralizeHtml(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/** Headings inside an answer sit below the item heading (##) and "Citations" (###). */
export function demoteHeadings(text: string): string {
  return text.replace(/^ {0,3}(#{1,6})(?=\s)/gm, (_match, hashes: string) => '#'.repeat(Math.min(6, hashes.length + 3)));
}
