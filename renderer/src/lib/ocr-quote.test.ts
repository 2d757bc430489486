// A quote on a scanned page maps to the boxes of exactly the words it covers, by the verifier's matching rules.
import { describe, expect, it } from 'vitest';
import { ocrQuoteBoxes, type OcrPageWords, type OcrWordBox } from './ocr-quote';

function page(pageNumber: number, lines: string[][]): OcrPageWords {
  const words: OcrWordBox[] = [];
  lines.forEach((line, row) => line.forEach((word, col) => words.push([word, col * 0.1, row * 0.05, col * 0.1 + 0.08, row * 0.05 + 0.03, 90])));
  return { pageNumber, text: lines.map((l) => l.join(' ')).join('\n'), words };
}

const lease = page(1, [
  ['Lease', 'Amendment', 'Number', '7'],
  ['The', 'tenant', 'shall', 'pay', '12,500', 'dollars', 'per', 'month.'],
]);

describe('ocrQuoteBoxes', () => {
  it('gives the boxes of the quoted words, across a line break, with curly quotes and case ignored as the verifier does', () => {
    const boxes = ocrQuoteBoxes([lease], '“number 7 the tenant shall pay 12,500”');
    expect(boxes?.get(1)?.map((b) => b.text)).toEqual(['Number', '7', 'The', 'tenant', 'shall', 'pay', '12,500']);
    expect(boxes?.get(1)?.[2]).toMatchObject({ x0: 0, y0: 0.05, x1: 0.08, y1: 0.08 });
  });

  it('finds nothing for words that are not on the page, or a different number', () => {
    expect(ocrQuoteBoxes([lease], 'the tenant shall pay 12,600 dollars')).toBeNull();
  });

  it('splits a quote over a range citation between its pages', () => {
    const next = page(2, [['This', 'amendment', 'ends', 'on', '31', 'March', '2027.']]);
    const boxes = ocrQuoteBoxes([lease, next], 'dollars per month. This amendment ends');
    expect(boxes?.get(1)).toHaveLength(3);
    expect(boxes?.get(2)).toHaveLength(3);
  });
});
