/** A comparison as DOCX: title, metadata, one table row per document (document, answer, citations, tokens, cost). */
import { BorderStyle, Document, HeadingLevel, PageOrientation, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ComparisonRowView, ComparisonView } from './comparison-view';
import { renderBlock } from './docx';
import { parseSimpleMarkdown } from './markdown-lite';
import { stripInvalidChars } from './view';

const clean = (text: string): string => stripInvalidChars(text);
const border = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
const borders = { top: border, bottom: border, left: border, right: border };
const WIDTHS = [16, 44, 22, 10, 8];

function cell(children: Paragraph[], width: number, header = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    borders,
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'EDEFF3', color: 'auto' } } : {}),
    children: children.length > 0 ? children : [new Paragraph({})],
  });
}

const text = (t: string, opts: { bold?: boolean; italics?: boolean; color?: string } = {}): Paragraph =>
  new Paragraph({ children: [new TextRun({ text: clean(t), ...opts })] });

function row(r: ComparisonRowView): TableRow {
  const answer: Paragraph[] = r.notes.map((n) => text(n, { bold: true, italics: true, color: '8A6100' }));
  if (r.answered) {
    const blocks = parseSimpleMarkdown(r.text);
    answer.push(...(blocks.length === 0 ? [text('(no text)', { italics: true })] : blocks.flatMap(renderBlock)));
  } else {
    answer.push(text(r.text, { color: 'B3261E' }));
  }
  const cites: Paragraph[] =
    r.citations.length === 0
      ? [text(r.answered ? 'none' : '', { italics: true })]
      : [
          text(r.citationSummary, { italics: true }),
          ...r.citations.map(
            (c) =>
              new Paragraph({
                children: [
                  new TextRun(clean(`${c.pages} `)),
                  new TextRun({ text: c.verified ? '✓' : '✗', color: c.verified ? '1B7F3B' : 'B3261E' }),
                  ...(c.quote === null ? [] : [new TextRun(clean(` “${c.quote}”`))]),
                ],
              }),
          ),
        ];
  return new TableRow({
    children: [cell([text(r.document, { bold: true })], WIDTHS[0] ?? 16), cell(answer, WIDTHS[1] ?? 44), cell(cites, WIDTHS[2] ?? 22), cell([text(r.tokens)], WIDTHS[3] ?? 10), cell([text(r.cost)], WIDTHS[4] ?? 8)],
  });
}

export async function renderComparisonDocx(view: ComparisonView, appVersion: string): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    children: ['Document', 'Answer', 'Citations', 'Tokens', 'Cost'].map((h, i) => cell([text(h, { bold: true })], WIDTHS[i] ?? 10, true)),
  });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(clean(view.title))] }),
    ...view.meta.map(
      (m) => new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: `${clean(m.label)}: `, bold: true, size: 20 }), new TextRun({ text: clean(m.value), size: 20 })] }),
    ),
    new Paragraph({}),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...view.rows.map(row)] }),
    new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: clean(view.footer), italics: true, size: 18, color: '666666' })] }),
  ];
  const doc = new Document({
    creator: `Pagewise ${clean(appVersion)}`,
    title: clean(view.title),
    description: 'A question answered from each document side by side, with verified page citations, exported by Pagewise.',
    // a five-column table reads better across the page
    sections: [{ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children }],
  });
  return Packer.toBuffer(doc);
}
