import { describe, expect, it } from 'vitest';
import { formatShortDate } from './format';

describe('formatShortDate (the library table\'s "last used")', () => {
  const now = new Date(2026, 11, 6, 15, 0);

  it('keeps the time for today and yesterday', () => {
    expect(formatShortDate(new Date(2026, 11, 6, 8, 46).toISOString(), now)).toMatch(/^Today \d{1,2}:46/);
    expect(formatShortDate(new Date(2026, 11, 5, 23, 10).toISOString(), now)).toMatch(/^Yesterday \d{1,2}:10/);
  });

  it('gives an older day as its date alone, short enough for one line', () => {
    const text = formatShortDate(new Date(2026, 10, 20, 9, 30).toISOString(), now);
    expect(text).toContain('2026');
    expect(text).toContain('20');
    expect(text).not.toMatch(/\d:\d{2}/);
  });

  it('shows a value it cannot read as it is', () => {
    expect(formatShortDate('not a date', now)).toBe('not a date');
  });
});
