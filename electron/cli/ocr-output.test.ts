import { describe, expect, it } from 'vitest';
import { lowConfidenceLine, ocrLines } from './ocr-output';
import { parsePageRanges } from './page-ranges';

describe('OCR lines in the CLI', () => {
  it('lists the pages read with low confidence as a person reads them', () => {
    expect(lowConfidenceLine([14, 15, 61])).toBe('3 pages read with low confidence: 14, 15, 61');
    const lines = ocrLines({ ocrPages: [1, 2, 3, 14, 15, 61], blankPages: [4], lowConfidencePages: [14, 15, 61], pendingPages: [70] }, 'abc123');
    expect(lines).toEqual([
      '  6 pages read by OCR: 1-3, 14-15, 61',
      '  1 blank page: 4',
      '  3 pages read with low confidence: 14, 15, 61 (check them with pagewise text abc123 --pages ...)',
      '  1 page still needs OCR: 70 (run: pagewise ocr abc123)',
    ]);
    expect(ocrLines({ ocrPages: [], blankPages: [], lowConfidencePages: [] }, 'x')).toEqual([]);
  });

  it('parses --pages ranges and rejects what is not one', () => {
    expect(parsePageRanges('3-5, 9,4')).toEqual([3, 4, 5, 9]);
    expect(() => parsePageRanges('5-3')).toThrow(/"5-3" is not one/);
    expect(() => parsePageRanges('0')).toThrow();
    expect(() => parsePageRanges('two')).toThrow();
  });
});
