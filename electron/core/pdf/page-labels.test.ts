import { describe, expect, it } from 'vitest';
import { choosePageLabels, inferPageLabels, lineCandidates, pageEdges, romanValue } from './page-labels';
import type { PageEdges } from './page-labels';

/** A synthetic page: a header, body lines and a footer. */
function page(footer: string | null, options: { header?: string; body?: string[] } = {}): PageEdges {
  const lines = [options.header ?? 'ACME CORPORATION', ...(options.body ?? ['Revenue grew in every segment during the year.', 'Operating costs were flat.', 'See Note 4 for details.'])];
  if (footer !== null) lines.push(footer);
  return pageEdges(lines.join('\n'));
}

describe('inferPageLabels', () => {
  it('reads a running page number at the foot that is offset from the physical page', () => {
    // a cover and a table of contents print nothing; the body starts at printed 1 on physical 3
    const pages = [page(null, { header: 'FORM 10-K' }), page(null, { header: 'TABLE OF CONTENTS' })];
    for (let n = 1; n <= 8; n++) pages.push(page(String(n)));
    const labels = inferPageLabels(pages);
    expect(labels.slice(0, 2)).toEqual([null, null]);
    expect(labels.slice(2)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('tolerates pages without a number (a section divider) inside the run', () => {
    const pages = [page('10'), page('11'), page(null, { header: 'PART II' }), page('13'), page('14')];
    expect(inferPageLabels(pages)).toEqual(['10', '11', null, '13', '14']);
  });

  it('takes roman numerals in the front matter and arabic numbers after them', () => {
    const pages = ['i', 'ii', 'iii', 'iv'].map((r) => page(r)).concat([1, 2, 3].map((n) => page(String(n))));
    expect(inferPageLabels(pages)).toEqual(['i', 'ii', 'iii', 'iv', '1', '2', '3']);
  });

  it('reads "Page 5 of 80" as 5 and "- 7 -" as 7', () => {
    const pages = [5, 6, 7].map((n) => page(`Page ${n} of 80`));
    expect(inferPageLabels(pages)).toEqual(['5', '6', '7']);
    expect(inferPageLabels([7, 8, 9].map((n) => page(`- ${n} -`)))).toEqual(['7', '8', '9']);
  });

  it('does not take years, dates or note numbers that do not advance page by page', () => {
    const pages = [
      page('2019'),
      page('2019'),
      page('January 28, 2021'),
      page('(1) Includes restructuring charges.'),
      page('1 Amounts in millions.'),
      page('12'),
      page('12'),
    ];
    expect(inferPageLabels(pages)).toEqual([null, null, null, null, null, null, null]);
  });

  it('does not take a lone number that no neighbouring page continues (a table value)', () => {
    const pages = [page(null), page('114'), page(null), page(null)];
    expect(inferPageLabels(pages)).toEqual([null, null, null, null]);
  });

  it('reads a number beside running footer text, on either side, alternating by page', () => {
    const numbers = [40, 41, 42, 43, 44, 45, 46, 47];
    const pages = numbers.map((n) => page(n % 2 === 0 ? `${n} NIKE, INC.` : `2019 FORM 10-K ${n}`));
    expect(inferPageLabels(pages)).toEqual(numbers.map(String));
  });

  it('ignores a number at the end of ordinary text that does not recur (a table of contents line)', () => {
    const pages = [page('Item 1. Business 3'), page('Item 1A. Risk Factors 9'), page('Item 2. Properties 20')];
    expect(inferPageLabels(pages)).toEqual([null, null, null]);
  });

  it('reads prefixed numbers (F-1, F-2) as their own run', () => {
    const pages = [page('88'), page('89'), page('F-1'), page('F-2'), page('F-3')];
    expect(inferPageLabels(pages)).toEqual(['88', '89', 'F-1', 'F-2', 'F-3']);
  });

  it('finds a number in the header when the footer has none', () => {
    const pages = [3, 4, 5].map((n) => pageEdges([`${n}`, 'Annual report', 'Body text one.', 'Body text two.', 'Body text three.', 'Last line of text.'].join('\n')));
    expect(inferPageLabels(pages)).toEqual(['3', '4', '5']);
  });
});

describe('lineCandidates', () => {
  it('sees whole-line page numbers; a number at the end of text is only a candidate that needs running text', () => {
    expect(lineCandidates('37').map((c) => c.label)).toEqual(['37']);
    expect(lineCandidates('Page 12').map((c) => c.label)).toEqual(['12']);
    expect(lineCandidates('Revenue was 37 million in 2019').filter((c) => c.whole)).toEqual([]);
    expect(lineCandidates('Revenue was 37 million in the year').map((c) => c.label)).toEqual([]);
    expect(lineCandidates('0')).toEqual([]);
  });
});

describe('romanValue', () => {
  it('reads well-formed numerals and rejects others', () => {
    expect(romanValue('xiv')).toBe(14);
    expect(romanValue('IV')).toBe(4);
    expect(romanValue('iiii')).toBeNull();
    expect(romanValue('civic')).toBeNull();
  });
});

describe('choosePageLabels', () => {
  it('keeps meaningful /PageLabels from the PDF', () => {
    expect(choosePageLabels(['i', 'ii', '1'], ['5', '6', '7'])).toEqual(['i', 'ii', '1']);
  });
  it('prefers inferred numbers over /PageLabels that only repeat the physical numbers', () => {
    expect(choosePageLabels(['1', '2', '3'], [null, '1', '2'])).toEqual([null, '1', '2']);
    expect(choosePageLabels(['1', '2', '3'], [null, null, null])).toEqual(['1', '2', '3']);
  });
  it('uses the inferred numbers when the PDF has none', () => {
    expect(choosePageLabels(null, [null, '1'])).toEqual([null, '1']);
  });
});
