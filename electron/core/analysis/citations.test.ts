import { describe, expect, it } from 'vitest';
import { parseCitations, quoteOccursIn, verifyCitations } from './citations';

const PAGES = new Map<number, string>([
  [14, 'Either party may termi-\nnate this lease by giving ninety\n days written notice. The ﬁnal rent is due.'],
  [15, 'The landlord’s “consent” is required for any sub-letting—in writing.'],
  [16, 'Deposits are returned within sixty days.'],
]);
const verify = (text: string, context = [14, 15, 16]) =>
  verifyCitations(parseCitations(text), { pageText: (p) => PAGES.get(p), contextPages: new Set(context) });

describe('parseCitations', () => {
  it('parses quoted, bare, range and list citations with straight and curly quotes', () => {
    const text =
      'A "either party may terminate" [p. 14]. B “final rent” (p. 14). C [pp. 14-15]. D [p. 14, 16]. E "sixty days" [page 16].';
    const parsed = parseCitations(text).map(({ page, pageEnd, quote }) => ({ page, pageEnd, quote }));
    expect(parsed).toEqual([
      { page: 14, pageEnd: undefined, quote: 'either party may terminate' },
      { page: 14, pageEnd: undefined, quote: 'final rent' },
      { page: 14, pageEnd: 15, quote: null },
      { page: 14, pageEnd: undefined, quote: null },
      { page: 16, pageEnd: undefined, quote: null },
      { page: 16, pageEnd: undefined, quote: 'sixty days' },
    ]);
  });
});

describe('verifyCitations', () => {
  it('verifies quotes across hyphenation, line breaks, ligatures, quote and dash styles, case', () => {
    const c = verify(
      '"Either party may terminate this lease by giving ninety days written notice" [p. 14] and "the final rent" [p. 14] and ' +
        '"the landlord\'s "consent"" [p. 15] "consent" is required for any sub-letting-in writing" [p. 15]',
    );
    expect(c[0]?.verified).toBe(true);
    expect(c[1]?.verified).toBe(true);
    expect(quoteOccursIn("The landlord's \"consent\" is required for any sub-letting - in writing", PAGES.get(15)!)).toBe(true);
  });

  it('an invented quote, a wrong page, or a page outside the context is unverified', () => {
    const c = verify('"either party may terminate at will" [p. 14] "sixty days" [p. 14] "sixty days" [p. 16] "sixty days" [p. 99]', [14, 15]);
    expect(c.map((x) => x.verified)).toEqual([false, false, false, false]);
  });

  it('a range citation verifies a quote running across the page break; bare citations need the page in context', () => {
    const c = verify('"written notice. The final rent is due. The landlord\'s" [pp. 14-15] [p. 16] [p. 20]', [14, 15, 16]);
    expect(c.map((x) => x.verified)).toEqual([true, true, false]);
  });

  it('an ellipsis in a quote matches the parts in order', () => {
    expect(quoteOccursIn('Either party may terminate … written notice', PAGES.get(14)!)).toBe(true);
    expect(quoteOccursIn('written notice … Either party', PAGES.get(14)!)).toBe(false);
  });
});
