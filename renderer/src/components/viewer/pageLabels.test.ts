import { describe, expect, it } from 'vitest';
import { hasOwnLabel, pageBoxText, resolvePageInput } from './pageLabels';

// a book: four unnumbered front pages, roman numerals, then 1.. from the fifth... page
const labels = [null, null, 'i', 'ii', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

describe('page labels in the page box', () => {
  it('shows the printed label, else the number', () => {
    expect(pageBoxText(7, labels)).toBe('3');
    expect(pageBoxText(1, labels)).toBe('1');
    expect(hasOwnLabel(7, labels)).toBe(true);
    expect(hasOwnLabel(1, labels)).toBe(false);
    expect(hasOwnLabel(3, [])).toBe(false);
  });

  it('accepts a printed label, a file page number, or pdf N', () => {
    expect(resolvePageInput('3', labels, labels.length)).toBe(7);
    expect(resolvePageInput('II', labels, labels.length)).toBe(4);
    expect(resolvePageInput('pdf 3', labels, labels.length)).toBe(3);
    expect(resolvePageInput('#12', labels, labels.length)).toBe(12);
    expect(resolvePageInput('13', labels, labels.length)).toBe(13); // no page prints 13: the file's page 13
    expect(resolvePageInput('400', labels, labels.length)).toBe(14);
    expect(resolvePageInput('xiv', labels, labels.length)).toBeNull();
    expect(resolvePageInput('  ', labels, labels.length)).toBeNull();
    expect(resolvePageInput('5', [], 10)).toBe(5);
  });
});
