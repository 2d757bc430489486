import { describe, expect, it } from 'vitest';
import { summarizePageLabels } from '../../shared/text/page-label-runs';

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
