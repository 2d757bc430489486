import { describe, expect, it } from 'vitest';
import { formatPageLabel, formatPageRangeLabel, summarizePageLabels } from '../../shared/text/page-label';

describe('formatPageLabel', () => {
  it('names the printed page with the pdf page beside it only when they differ', () => {
    expect(formatPageLabel(36, '22')).toBe('p. 22 (pdf 36)');
    expect(formatPageLabel(36, '36')).toBe('p. 36');
    expect(formatPageLabel(36, null)).toBe('p. 36');
    expect(formatPageLabel(4, 'iv')).toBe('p. iv (pdf 4)');
  });
  it('names ranges the same way', () => {
    expect(formatPageRangeLabel(36, '22', 37, '23')).toBe('pp. 22–23 (pdf 36–37)');
    expect(formatPageRangeLabel(36, null, 37, '23')).toBe('pp. 36–37');
    expect(formatPageRangeLabel(36, '36', 37, '37')).toBe('pp. 36–37');
    expect(formatPageRangeLabel(36, '22', 36, '22')).toBe('p. 22 (pdf 36)');
  });
});

describe('summarizePageLabels', () => {
  it('describes runs of printed numbers and how many pages print one', () => {
    const pages = [
      { pageNumber: 1, label: null },
      { pageNumber: 2, label: 'i' },
      { pageNumber: 3, label: 'ii' },
      { pageNumber: 4, label: '1' },
      { pageNumber: 5, label: null },
      { pageNumber: 6, label: '3' },
      { pageNumber: 7, label: 'F-1' },
      { pageNumber: 8, label: 'F-2' },
    ];
    expect(summarizePageLabels(pages)).toBe('p. i–ii = pdf 2–3; p. 1–3 = pdf 4–6; p. F-1–F-2 = pdf 7–8 (6 of 8 pages print a number)');
    expect(summarizePageLabels(pages, 1)).toBe('p. i–ii = pdf 2–3; 2 more runs (6 of 8 pages print a number)');
  });
  it('is null when no page prints a number', () => {
    expect(summarizePageLabels([{ pageNumber: 1, label: null }])).toBeNull();
  });
});
