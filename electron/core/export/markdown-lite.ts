/**
 * A deliberately small Markdown reader for model answers: paragraphs, headings,
 * bullet and numbered lists, **bold**, *italic*, and page citations ([p. 14]).
 *
 * It produces a tree of plain strings; it never produces markup. Each renderer
 * (HTML, DOCX) turns the tree into its own format and escapes every string
 * leaf itself, so model output (untrusted) can never inject tags: a literal
 * `<img src=x onerror=alert(1)>` in an answer stays text everywhere.
 */

export interface InlineSpan {
  text: string;
  bold: boolean;
  italic: boolean;
  /** A page citation such as "[p. 14]" (rendered with a subtle style). */
  cite: boolean;
}

export type Block =
  | { type: 'paragraph'; spans: InlineSpan[] }
  | { type: 'heading'; level: 1 | 2 | 3; spans: InlineSpan[] }
  | { type: 'list'; ordered: boolean; items: InlineSpan[][] };

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+•]\s+(.*)$/;
const ORDERED = /^\s*\d{1,4}[.)]\s+(.*)$/;
const CITATION = /\[pp?\.\s*\d+(?:\s*[-–,]\s*\d+)*\]/g;

/** Parse simple Markdown into blocks. Line breaks inside a paragraph become spaces. */
export function parseSimpleMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  // Held in an object so TypeScript does not narrow it across the flush closures.
  const state: { list: { ordered: boolean; items: string[] } | null } = { list: null };

  const flushParagraph = (): void => {
    if (paragraph.length > 0) {
      blocks.push({ type: 'paragraph', spans: parseInline(paragraph.join(' ')) });
      paragraph = [];
    }
  };
  const flushList = (): void => {
    if (state.list) {
      blocks.push({ type: 'list', ordered: state.list.ordered, items: state.list.items.map(parseInline) });
      state.list = null;
    }
  };

  for (const rawLine of lines) {
    const line = rawLine.replace(/\s+$/, '');
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(3, heading[1]?.length ?? 1) as 1 | 2 | 3;
      blocks.push({ type: 'heading', level, spans: parseInline(heading[2] ?? '') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      flushParagraph();
      const isOrdered = ordered !== null;
      if (state.list && state.list.ordered !== isOrdered) flushList();
      state.list ??= { ordered: isOrdered, items: [] };
      state.list.items.push(((bullet ?? ordered)?.[1] ?? '').trim());
      continue;
    }
    if (state.list && /^\s+/.test(rawLine)) {
      // An indented continuation line belongs to the last list item.
      const items = state.list.items;
      items[items.length - 1] = `${items[items.length - 1] ?? ''} ${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}

/** Split a line into spans: **bold** / __bold__, *italic*, and [p. N] citations. */
export function parseInline(text: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  const emphasis = /\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__|(?<![*\w])\*(?=[^\s*])([^*]+?)\*(?![*\w])/g;
  let last = 0;
  for (const match of text.matchAll(emphasis)) {
    const index = match.index ?? 0;
    if (index > last) pushWithCitations(spans, text.slice(last, index), false, false);
    if (match[3] !== undefined) pushWithCitations(spans, match[3], false, true);
    else pushWithCitations(spans, match[1] ?? match[2] ?? '', true, false);
    last = index + match[0].length;
  }
  if (last < text.length) pushWithCitations(spans, text.slice(last), false, false);
  return spans;
}

function pushWithCitations(spans: InlineSpan[], text: string, bold: boolean, italic: boolean): void {
  let last = 0;
  for (const match of text.matchAll(CITATION)) {
    const index = match.index ?? 0;
    if (index > last) spans.push({ text: text.slice(last, index), bold, italic, cite: false });
    spans.push({ text: match[0], bold, italic, cite: true });
    last = index + match[0].length;
  }
  if (last < text.length) spans.push({ text: text.slice(last), bold, italic, cite: false });
}
