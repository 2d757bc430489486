import { describe, expect, it } from 'vitest';
import { answerExcerpt } from './LibrarySearch';

describe('answerExcerpt', () => {
  it('cuts the answer around the first word searched for and marks every searched word', () => {
    const text = `${'Background sentence. '.repeat(20)}The zeppelin must be moored at mast B.\n\n${'More text. '.repeat(20)}`;
    const excerpt = answerExcerpt(text, ['zeppelin', 'mast']);
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toContain('The [[zeppelin]] must be moored at [[mast]] B.');
    expect(excerpt.length).toBeLessThan(200);
  });

  it('starts at the beginning when no word is found, and keeps brackets in the text from faking marks', () => {
    expect(answerExcerpt('Short answer [[not a mark]].', ['absent'])).toBe('Short answer not a mark.');
    expect(answerExcerpt('Rates (2024) rose.', ['(2024)'])).toBe('Rates [[(2024)]] rose.');
  });
});
