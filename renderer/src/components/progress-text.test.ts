import { describe, expect, it } from 'vitest';
import { retryText } from './ProgressText';

describe('the retry notice', () => {
  const progress = {
    stage: 'retry',
    done: 1,
    total: 0,
    message: 'The provider at api.openai.com is rate-limiting requests (429). Trying again in 5 s (retry 1).',
    waitMs: 5000,
  };
  it('counts down in whole seconds and keeps the reason', () => {
    expect(retryText(progress, 5)).toBe('The provider at api.openai.com is rate-limiting requests (429). Trying again in 5 s…');
    expect(retryText(progress, 4)).toBe('The provider at api.openai.com is rate-limiting requests (429). Trying again in 4 s…');
    expect(retryText(progress, 0)).toBe('The provider at api.openai.com is rate-limiting requests (429). Trying again now…');
  });
  it('names the retry from the second one on', () => {
    expect(retryText({ ...progress, done: 3 }, 2)).toMatch(/Trying again in 2 s… \(retry 3\)$/);
  });
});
