/**
 * DOCX export with the `docx` package: a title, metadata, one heading per
 * answer or summary, the answer's simple Markdown as Word paragraphs (bullets,
 * bold, italic), and a citations table (page, quote, verified).
 *
 * The docx package XML-escapes text runs; characters XML 1.0 forbids
 * (control characters that PDFs sometimes carry) are removed first, or Word
 * would refuse to open the file.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { parseSimpleMarkdown } from './markdown-lite';
import type { Block, InlineSpan } from './markdown-lite';
import { stripInvalidChars } from './view';
import type { ExportView, ItemView, MetaRow } from './view';

type Child = Paragraph | Table;

const clean = (text: string): string => stripInvalidChars(text);

export async function renderDocx(view: ExportView, appVersion: string): Promise<Buffer> {
  const children: Child[] = [];
  children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(clean(view.title))] }));
  children.push(...metaParagraphs(view.meta));
  if (view.items.length === 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: 'No answers or summaries yet.', italics: true })] }));
  }
  const numbered = view.items.length > 1;
  for (const item of view.items) children.push(...renderItem(item, numbered));
  children.push(
    new Paragraph({
      spacing: { before: 480 },
      children: [new TextRun({ text: clean(view.footer), italics: true, size: 18, color: '666666' })],
    }),
  );

  const doc = new Document({
    creator: `Pagewise ${clean(appVersion)}`,
    title: clean(view.title),
    description: 'Answers and summaries with verified page citations, exported by Pagewise.',
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

function renderItem(item: ItemView, numbered: boolean): Child[] {
  const out: Child[] = [];
  const prefix = numbered ? `${item.index}. ` : '';
  out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(clean(prefix + item.heading))] }));
  for (const note of item.notes) {
    out.push(new Paragraph({ children: [new TextRun({ text: clean(note), bold: true, italics: true, color: '8A6100' })] }));
  }
  out.push(...metaParagraphs(item.meta));
  const blocks = parseSimpleMarkdown(item.text);
  if (blocks.length === 0) out.push(new Paragraph({ children: [new TextRun({ text: '(no text)', italics: true })] }));
  for (const block of blocks) out.push(...renderBlock(block));
  out.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun(clean(`Citations: ${item.citationSummary}`))],
    }),
  );
  if (item.citations.length === 0) {
    out.push(new Paragraph({ children: [new TextRun({ text: 'No citations.', italics: true })] }));
  } else {
    out.push(citationsTable(item));
  }
  return out;
}

function citationsTable(item: ItemView): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (runs: TextRun[], width: number, header = false): TableCell =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      borders,
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'EDEFF3', color: 'auto' } } : {}),
      children: [new Paragraph({ children: runs })],
    });
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell([new TextRun({ text: 'Page', bold: true })], 14, true),
      cell([new TextRun({ text: 'Quote', bold: true })], 68, true),
      cell([new TextRun({ text: 'Verified', bold: true })], 18, true),
    ],
  });
  const rows = item.citations.map(
    (c) =>
      new TableRow({
        children: [
          cell([new TextRun(clean(c.pages))], 14),
          cell(
            [c.quote === null ? new TextRun({ text: '(no quote)', italics: true }) : new TextRun(clean(`“${c.quote}”`))],
            68,
          ),
          cell(
            [
              new TextRun({
                text: c.verified ? '✓ verified' : '✗ unverified',
                color: c.verified ? '1B7F3B' : 'B3261E',
              }),
            ],
            18,
          ),
        ],
      }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] });
}

function metaParagraphs(rows: readonly MetaRow[]): Paragraph[] {
  return rows.map(
    (row) =>
      new Paragraph({
        alignment: AlignmentType.LEFT,
        spacing: { after: 0 },
        children: [
          new TextRun({ text: `${clean(row.label)}: `, bold: true, size: 20 }),
          new TextRun({ text: clean(row.value), size: 20 }),
        ],
      }),
  );
}

export function renderBlock(block: Block): Paragraph[] {
  switch (block.type) {
    case 'paragraph':
      return [new Paragraph({ spacing: { after: 120 }, children: runs(block.spans) })];
    case 'heading':
      return [
        new Paragraph({
          heading: block.level === 1 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
          children: runs(block.spans),
        }),
      ];
    case 'list':
      return block.items.map((spans, i) =>
        block.ordered
          ? new Paragraph({ indent: { left: 360 }, children: [new TextRun(`${i + 1}. `), ...runs(spans)] })
          : new Paragraph({ bullet: { level: 0 }, children: runs(spans) }),
      );
  }
}

function runs(spans: readonly InlineSpan[]): TextRun[] {
  return spans.map(
    (span) =>
      new TextRun({
        text: clean(span.text),
        bold: span.bold,
        italics: span.italic,
        ...(span.cite ? { color: '2456C7' } : {}),
      }),
  );
}
