import { describe, expect, it } from 'vitest';
import { citationKey, citationRefs, parseCitationSpans, parsePageList } from './citations';
import { describePageRef, formatCitationReference, formatPageRef } from './page-labels';

const refsOf = (text: string) => citationRefs(parseCitationSpans(text));

describe('the citation grammar', () => {
  it('reads every form a model writes, quoted and bare', () => {
    const forms: [string, { page: number; pageEnd?: number }[]][] = [
      ['[p. 14]', [{ page: 14 }]],
      ['[pg. 40]', [{ page: 40 }]],
      ['(p. 65)', [{ page: 65 }]],
      ['[p 79]', [{ page: 79 }]],
      ['[P.14]', [{ page: 14 }]],
      ['[page 3]', [{ page: 3 }]],
      ['[pages 20 and 93]', [{ page: 20 }, { page: 93 }]],
      ['[pp. 100-01]', [{ page: 100, pageEnd: 101 }]],
      ['[pp. 114–15]', [{ page: 114, pageEnd: 115 }]],
      ['[pp. 15-14]', [{ page: 14, pageEnd: 15 }]],
      ['[p. 14; p. 16]', [{ page: 14 }, { page: 16 }]],
      ['[p. 14, 16]', [{ page: 14 }, { page: 16 }]],
      ['[pp. 7-9; p. 12]', [{ page: 7, pageEnd: 9 }, { page: 12 }]],
      ['[pgs. 3 & 5]', [{ page: 3 }, { page: 5 }]],
    ];
    for (const [form, pages] of forms) {
      expect(refsOf(`Bare ${form}.`), form).toEqual(pages.map((p) => ({ ...p, quote: null })));
      expect(refsOf(`Quoted "the rent is due" ${form}.`), form).toEqual(pages.map((p) => ({ ...p, quote: 'the rent is due' })));
    }
  });

  it('takes the quote in any quote style, with a little punctuation before the reference', () => {
    expect(refsOf('It says \u201Cthe rent is due monthly\u201D. [p. 2]')).toEqual([{ page: 2, quote: 'the rent is due monthly' }]);
    expect(refsOf('\u00ABle loyer\u00BB, (p. 3)')).toEqual([{ page: 3, quote: 'le loyer' }]);
    expect(refsOf('\u201Edie Miete\u201C [p. 4]')).toEqual([{ page: 4, quote: 'die Miete' }]);
    // too far from the reference: the quote is not the citation's
    expect(refsOf('"far away" and then [p. 5]')).toEqual([{ page: 5, quote: null }]);
  });

  it('is not fooled by brackets that are not citations', () => {
    expect(parseCitationSpans('See (page 3 of the report), [note 4], (p. 0) and [pp. ].')).toEqual([]);
    expect(parseCitationSpans('A [link](https://example.com/p. 4) and [p. 4](x).').map((s) => s.pages)).toEqual([[{ page: 4 }]]);
  });

  it('returns spans that cut the text exactly: the reference alone, and the whole citation', () => {
    const text = 'The tenant "shall pay rent" [pp. 100-01] and (p. 65).';
    const [quoted, bare] = parseCitationSpans(text);
    expect(text.slice(quoted!.start, quoted!.end)).toBe('"shall pay rent" [pp. 100-01]');
    expect(text.slice(quoted!.refStart, quoted!.refEnd)).toBe('[pp. 100-01]');
    expect(text.slice(bare!.start, bare!.end)).toBe('(p. 65)');
    expect(text.slice(bare!.refStart, bare!.refEnd)).toBe('(p. 65)');
    expect(quoted!.document).toBeNull();
  });

  it('shortened and over-long ranges', () => {
    expect(parsePageList('pp. 1999-2003')).toEqual([{ page: 1999, pageEnd: 2003 }]);
    expect(parsePageList('pp. 10-80')).toEqual([{ page: 10 }]);
  });

  it('one key per page and quote', () => {
    expect(citationKey({ page: 4, quote: 'x' })).not.toBe(citationKey({ page: 4, pageEnd: 5, quote: 'x' }));
    expect(citationKey({ page: 4, quote: null })).toBe(citationKey({ page: 4, quote: null }));
  });
});

describe('page labels for readers', () => {
  it('shows the printed label beside the physical page when they differ', () => {
    expect(formatPageRef({ page: 36, pageLabel: '22' })).toBe('p. 22 (pdf 36)');
    expect(formatPageRef({ page: 36, pageLabel: '36' })).toBe('p. 36');
    expect(formatPageRef({ page: 36, pageLabel: null })).toBe('p. 36');
    expect(formatPageRef({ page: 3, pageLabel: 'iii' })).toBe('p. iii (pdf 3)');
    expect(formatPageRef({ page: 14, pageEnd: 15 })).toBe('pp. 14\u201315');
    expect(formatPageRef({ page: 14, pageEnd: 15, pageLabel: '12', pageEndLabel: '13' })).toBe('pp. 12\u201313 (pdf 14\u201315)');
    expect(describePageRef({ page: 36, pageLabel: '22' })).toBe('page 22 (page 36 of the PDF)');
  });

  it('a reference a reader can look up: title, printed page, quote', () => {
    expect(formatCitationReference('Annual Report', { page: 36, pageLabel: '22', quote: 'Revenue rose 4%' })).toBe(
      'Annual Report, p. 22 (pdf 36): \u201CRevenue rose 4%\u201D',
    );
    expect(formatCitationReference('Lease', { page: 2, pageLabel: null, quote: null })).toBe('Lease, p. 2');
  });
});

describe('references that name their document (issue 10)', () => {
  const docs = (text: string) => parseCitationSpans(text).map((s) => [s.document, s.pages, s.quote]);
  it('reads the key a prompt gives a document and a title as written', () => {
    expect(docs('"the rent is due" [D2, p. 14]')).toEqual([['D2', [{ page: 14 }], 'the rent is due']]);
    expect(docs('see [Lease 2019, pp. 3-4] and (Lease 2019, p. 5)')).toEqual([
      ['Lease 2019', [{ page: 3, pageEnd: 4 }], null],
      ['Lease 2019', [{ page: 5 }], null],
    ]);
  });
  it('a page list is never taken for a document', () => {
    expect(docs('[p. 14, p. 16] and [p. 14, 16] and [pages 20 and 93]')).toEqual([
      [null, [{ page: 14 }, { page: 16 }], null],
      [null, [{ page: 14 }, { page: 16 }], null],
      [null, [{ page: 20 }, { page: 93 }], null],
    ]);
    expect(citationRefs(parseCitationSpans('"x y" [D1, p. 2]'))[0]).toEqual({ page: 2, quote: 'x y', document: 'D1' });
  });
});
