import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryDelay } from './retry';
import { scrubSecrets } from './provider-errors';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });

describe('retry timing', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('backs off exponentially with at most 25 % jitter, capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(4000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(3000);
    expect(backoffDelay(20, 1000, 60_000, () => 0)).toBe(60_000);
  });

  it('honours retry-after (never shorter) and refuses waits over the cap', () => {
    expect(retryDelay(1, 1000, 10, 60_000, () => 0)).toBe(1000);
    expect(retryDelay(1, 1000, 10, 60_000, () => 1)).toBeGreaterThanOrEqual(1000);
    expect(retryDelay(1, 120_000, 10, 60_000)).toBeNull();
  });

  it('scrubs keys from server text', () => {
    expect(scrubSecrets('Incorrect API key provided: my-key-123.', 'my-key-123')).not.toContain('my-key-123');
    expect(scrubSecrets('key sk-proj-abc***xyz is wrong', null)).not.toContain('abc');
  });
});
