/**
 * Markdown export. The answer text is model Markdown and keeps its emphasis,
 * lists and headings, with two safety changes: anything that looks like an HTML
 * tag (`<img`, `</div`, `<!--`) or an autolink (`<javascript:...>`) has its `<`
 * written as `&lt;`, and every `[` and `]` outside code is escaped as the
 * citation list escapes them, so model text such as
 * `[click me](javascript:alert(3))`, an image or a link reference definition
 * never becomes a live link. Titles, questions and quotes are escaped as
 * Markdown text.
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
  const text = demoteHeadings(neutralizeLinks(neutralizeHtml(item.text.replace(/\r\n?/g, '\n').trim())));
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

/**
 * Escape `[` and `]` (links, images, reference definitions) outside code, where a backslash would
 * show; an existing backslash before a bracket is escaped too, so it cannot undo ours.
 */
export function neutralizeLinks(text: string): string {
  const escapeBrackets = (part: string): string => part.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, (ch) => `\\${ch}`);
  // fenced blocks (``` or ~~~ at a line start, to the closing fence or the end) and inline code spans stay as they are
  const code = /(^|\n)( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\3[^\n]*(?=\n|$)|$)|(`+)(?!`)[\s\S]*?(?<!`)\4(?!`)/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(code)) {
    const start = match.index;
    out += escapeBrackets(text.slice(last, start)) + match[0];
    last = start + match[0].length;
  }
  return out + escapeBrackets(text.slice(last));
}

/** Headings inside an answer sit below the item heading (##) and "Citations" (###). */
export function demoteHeadings(text: string): string {
  return text.replace(/^ {0,3}(#{1,6})(?=\s)/gm, (_match, hashes: string) => '#'.repeat(Math.min(6, hashes.length + 3)));
}
