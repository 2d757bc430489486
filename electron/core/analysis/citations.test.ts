import { describe, expect, it } from 'vitest';
import { parseCitations, quoteOccursIn, resolveSourceName, verifyAcross, verifyCitations } from './citations';

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

describe('what a quote must be to count as evidence', () => {
  const FILING = 'Total revenue totaled $8.7 billion in 2018. Rates moved -0.25% +0.25% in the year. We shipped 1,234 units; the lessee shall pay rent.';

  it('a changed number, sign or separator is not the quote the page holds', () => {
    expect(quoteOccursIn('totaled $8.7 billion', FILING)).toBe(true);
    expect(quoteOccursIn('totaled $8,7 billion', FILING)).toBe(false);
    expect(quoteOccursIn('Rates moved -0.25% +0.25%', FILING)).toBe(true);
    expect(quoteOccursIn('Rates moved 0.25% 0.25%', FILING)).toBe(false);
    expect(quoteOccursIn('We shipped 1.234 units', FILING)).toBe(false);
    // punctuation between words may still differ
    expect(quoteOccursIn('We shipped 1,234 units, the lessee shall pay rent', FILING)).toBe(true);
  });

  it('whole words only, and long enough to prove something', () => {
    expect(quoteOccursIn('the', FILING)).toBe(false);
    expect(quoteOccursIn('he', FILING)).toBe(false);
    expect(quoteOccursIn('ssee shall pa', FILING)).toBe(false);
    expect(quoteOccursIn('lessee shall pay', FILING)).toBe(true);
    expect(quoteOccursIn('revenue', FILING)).toBe(false);
    expect(quoteOccursIn('totaled', FILING)).toBe(false);
    expect(quoteOccursIn('Total revenue', FILING)).toBe(true);
  });

  it('a spaced or bracketed ellipsis is an omission', () => {
    expect(quoteOccursIn('Total revenue . . . in 2018', FILING)).toBe(true);
    expect(quoteOccursIn('Total revenue [...] in 2018', FILING)).toBe(true);
  });
});

describe('citation forms and ranges', () => {
  it('reads [p. 14; p. 16], [pg. 14], shortened and reversed ranges', () => {
    const pages = (text: string) => parseCitations(text).map(({ page, pageEnd }) => [page, pageEnd ?? null]);
    expect(pages('"a b" [p. 14; p. 16]')).toEqual([[14, null], [16, null]]);
    expect(pages('"a b" [pg. 14]')).toEqual([[14, null]]);
    expect(pages('"a b" [pp. 114-15]')).toEqual([[114, 115]]);
    expect(pages('"a b" [pp. 14-5]')).toEqual([[14, 15]]);
    expect(pages('"a b" [pp. 15-14]')).toEqual([[14, 15]]);
  });

  it('a quote over a page break verifies with the footer and header between its halves, even mid-word', () => {
    const book = new Map<number, string>([
      [40, 'The early days of comics were wild. American comics were born out of\n26 FREE CULTURE <http://free-culture.cc/>'],
      [41, 'FREE CULTURE 27\ncopying each other, and that is how they grew. Commercial cre-'],
      [42, 'INTRODUCTION 28\nativity thrives on borrowing.'],
    ]);
    const check = (text: string, context = [40, 41, 42]) =>
      verifyCitations(parseCitations(text), { pageText: (p) => book.get(p), contextPages: new Set(context) }).map((c) => c.verified);
    expect(check('"American comics were born out of copying each other" [pp. 40-41]')).toEqual([true]);
    expect(check('"Commercial creativity thrives on borrowing" [pp. 41-42]')).toEqual([true]);
    // the halves must be the page's own words, in the right pages
    expect(check('"American comics were born out of thin air" [pp. 40-41]')).toEqual([false]);
    expect(check('"copying each other American comics" [pp. 40-41]')).toEqual([false]);
    // both pages must have been sent
    expect(check('"American comics were born out of copying each other" [pp. 40-41]', [40])).toEqual([false]);
  });
});

describe('citations over several documents (verifyAcross)', () => {
  const source = (docId: string, key: string, title: string, pages: Record<number, string>) => ({
    docId, key, title,
    pageText: (p: number) => pages[p],
    contextPages: new Set(Object.keys(pages).map(Number)),
  });
  const lease = source('aaa111', 'D1', 'Lease 2019', { 14: 'Either party may terminate this lease by giving ninety days written notice.' });
  const amendment = source('bbb222', 'D2', 'Amendment 2021', { 14: 'The rent rises to 4,400 dollars from 1 January 2021.' });
  const both = [lease, amendment];
  const check = (text: string) => verifyAcross(parseCitations(text), both).map((c) => [c.docId, c.page, c.verified]);

  it('a key or a title as written names the document; the quote must be on that document`s page', () => {
    expect(check('"giving ninety days written notice" [D1, p. 14]')).toEqual([['aaa111', 14, true]]);
    expect(check('"giving ninety days written notice" [Lease 2019, p. 14]')).toEqual([['aaa111', 14, true]]);
    expect(check('"the rent rises to 4,400 dollars" (amendment 2021, p. 14)')).toEqual([['bbb222', 14, true]]);
    // the right page number of the wrong document
    expect(check('"giving ninety days written notice" [D2, p. 14]')).toEqual([['bbb222', 14, false]]);
    // a document the answer was not written from
    expect(check('"giving ninety days written notice" [Lease 1990 draft, p. 14]')).toEqual([[undefined, 14, false]]);
  });

  it('a bare [p. N] goes to the one document whose page holds the quote; several or none: unverified', () => {
    expect(check('"the rent rises to 4,400 dollars" [p. 14]')).toEqual([['bbb222', 14, true]]);
    expect(check('"nothing like this is written" [p. 14]')).toEqual([[undefined, 14, false]]);
    // no quote: page 14 of both documents was read, so which one cannot be told
    expect(check('See [p. 14].')).toEqual([[undefined, 14, false]]);
    expect(resolveSourceName('d2', both)?.docId).toBe('bbb222');
  });
});
