/**
 * The viewer's quote finder (shared/text/locate.ts) agrees with the engine's
 * verifier: every quote the verifier accepts is located, every one it rejects
 * is not, and the spans cover the quoted words of the page text.
 */
import { describe, expect, it } from 'vitest';
import { quoteOccursIn, quoteSpansPageBreak } from '../../electron/core/analysis/citations';
import { layoutText, layoutTextMapped, positionalRows, runOrigin, type TextRun } from '../../shared/text/layout';
import { locateQuote, locateQuoteAcrossBreak, normalizeMapped } from '../../shared/text/locate';
import { normalizeForMatch } from '../../shared/text/normalize';

const TABLE_PAGE = [
  'Consolidated statement of operations (in millions)',
  'Net sales 32,765 32,136 30,109',
  'Cost of sales 16,702 16,682 15,118',
  'Operating income 7,127 6,978 -0.25%',
].join('\n');

const PROSE_PAGE =
  'The ﬁnancial statements were prepared by manage-\nment. Either party may terminate this lease by giving ninety days’ written notice.\n' +
  'A long-\nterm contract “survives” termination. The total was $8.7 billion in 2019.';

const CASES: { quote: string; page: string }[] = [
  { quote: 'Net sales 32,765 32,136 30,109 Cost of sales 16,702', page: TABLE_PAGE },
  { quote: 'net sales 32,765, 32,136', page: TABLE_PAGE },
  { quote: 'Net sales 32,765 32.136', page: TABLE_PAGE }, // a changed number: rejected
  { quote: 'Operating income 7,127 6,978 0.25%', page: TABLE_PAGE }, // a dropped sign: rejected
  { quote: 'financial statements were prepared by management', page: PROSE_PAGE },
  { quote: 'Either party may terminate this lease by giving ninety days" written notice', page: PROSE_PAGE },
  { quote: 'Either party may terminate … ninety days’ written notice', page: PROSE_PAGE },
  { quote: 'Either party [...] written notice', page: PROSE_PAGE },
  { quote: 'long-term contract "survives" termination', page: PROSE_PAGE },
  { quote: 'longterm contract survives termination', page: PROSE_PAGE },
  { quote: 'total was $8.7 billion', page: PROSE_PAGE },
  { quote: 'total was $8,7 billion', page: PROSE_PAGE },
  { quote: 'ssee shall pa', page: 'The lessee shall pay the rent.' },
  { quote: 'the', page: PROSE_PAGE },
  { quote: 'an invented sentence that is nowhere', page: PROSE_PAGE },
];

describe('locateQuote', () => {
  it('finds exactly the quotes the verifier verifies', () => {
    for (const { quote, page } of CASES) {
      expect(locateQuote(quote, page) !== null, quote).toBe(quoteOccursIn(quote, page));
    }
    expect(CASES.filter((c) => quoteOccursIn(c.quote, c.page)).length).toBeGreaterThanOrEqual(8);
  });

  it('returns spans of the page text that cover the quoted words', () => {
    const spans = locateQuote('Net sales 32,765 32,136 30,109 Cost of sales 16,702', TABLE_PAGE);
    expect(spans).toHaveLength(1);
    const [span] = spans ?? [];
    expect(TABLE_PAGE.slice(span?.start, span?.end)).toBe('Net sales 32,765 32,136 30,109\nCost of sales 16,702');
    const parts = locateQuote('Either party may terminate … ninety days’ written notice', PROSE_PAGE) ?? [];
    expect(parts.map((s) => PROSE_PAGE.slice(s.start, s.end))).toEqual(['Either party may terminate', 'ninety days’ written notice']);
    const [ligature] = locateQuote('financial statements were prepared by management', PROSE_PAGE) ?? [];
    expect(PROSE_PAGE.slice(ligature?.start, ligature?.end)).toBe('ﬁnancial statements were prepared by manage-\nment');
  });

  it('maps the normalised text back to the input, equal to normalizeForMatch', () => {
    for (const text of [TABLE_PAGE, PROSE_PAGE, 'Ⅻ  ﬂow — “x”…\u00ADy\u200Bz', 'Caf\u0065\u0301 É']) {
      expect(normalizeMapped(text).text).toBe(normalizeForMatch(text));
      expect(normalizeMapped(text, 'keep').text).toBe(normalizeForMatch(text, 'keep'));
    }
  });

  it('finds a quote across a page break where the verifier does', () => {
    const pageA = 'Intro text on the first page. The board shall meet every\nQuarterly Report page 7';
    const pageB = 'Quarterly Report\nquarter to review the accounts. More text follows here.';
    const quote = 'The board shall meet every quarter to review the accounts';
    expect(quoteSpansPageBreak(quote, pageA, pageB)).toBe(true);
    const found = locateQuoteAcrossBreak(quote, pageA, pageB);
    expect(found && pageA.slice(found.a.start, found.a.end)).toBe('The board shall meet every');
    expect(found && pageB.slice(found.b.start, found.b.end)).toBe('quarter to review the accounts');
    expect(locateQuoteAcrossBreak('The board shall meet every year', pageA, pageB)).toBeNull();
  });
});

describe('layoutTextMapped', () => {
  it('lays a table drawn column by column out in rows, each character mapped to its run', () => {
    const run = (str: string, x: number, y: number): TextRun => ({ str, x, y, w: str.length * 5, size: 10 });
    // the content stream draws the label column first, then each number column
    const runs = [run('Net sales', 72, 700), run('Cost of sales', 72, 686), run('32,765', 300, 700), run('16,702', 300, 686), run('32,136', 400, 700), run('16,682', 400, 686)];
    const layout = layoutTextMapped(runs);
    expect(layout.text.text).toBe(layoutText(runs));
    expect(layout.text.text).toBe('Net sales 32,765 32,136\nCost of sales 16,702 16,682');
    const start = layout.text.text.indexOf('32,136');
    const origins = layout.text.sourcePositions(start, start + 6).map((p) => runOrigin(layout, p));
    expect(origins[0]).toEqual({ run: 4, offset: 0 });
    expect(origins[5]).toEqual({ run: 4, offset: 5 });
  });
});

describe('positionalRows', () => {
  it('gives the rows top to bottom, not in column order', () => {
    const run = (str: string, x: number, y: number): TextRun => ({ str, x, y, w: str.length * 5, size: 10 });
    const lines = ['alpha one text', 'alpha two text', 'alpha three', 'alpha four'];
    const runs = [...lines.map((l, i) => run(l, 20, 700 - i * 12)), ...lines.map((l, i) => run(l.replace('alpha', 'bravo'), 320, 700 - i * 12)), run('7', 200, 600)];
    expect(positionalRows(runs)).toEqual([...lines.map((l) => `${l} ${l.replace('alpha', 'bravo')}`), '7']);
  });
});
