/** Backoff, retry-after parsing and an abortable sleep for the provider's retry loop. */
import { cancelledError } from '../errors';

/** Minimal view of a Headers object (fetch Headers or a plain getter). */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The wait a server asked for, in ms: `retry-after-ms` (Azure, OpenAI) first,
 * then `retry-after` as seconds or an HTTP date. Null when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderSource | null | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms != null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after != null && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return null;
}

/**
 * Exponential backoff with jitter: base * 2^(retry-1), capped, then reduced by
 * up to 25 % at random so that parallel requests do not retry in lockstep.
 * `retry` is 1 for the first retry.
 */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.max(0, Math.round(exp * (1 - 0.25 * random())));
}

/**
 * The wait before the next attempt: the server's retry-after (plus a little
 * jitter, never shorter than asked) or the backoff. Null when the server asks
 * for longer than capMs: retrying sooner would only be refused again.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | null,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number | null {
  if (retryAfterMs != null) {
    if (retryAfterMs > capMs) return null;
    return Math.min(capMs, Math.round(retryAfterMs + Math.min(250, retryAfterMs * 0.1) * random()));
  }
  return backoffDelay(retry, baseMs, capMs, random);
}

/** Resolves after ms, or rejects with CANCELLED as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
