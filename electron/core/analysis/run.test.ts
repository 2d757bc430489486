import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './run';

/** Resolves after ms, or rejects as soon as the signal aborts. */
function waitOrAbort(ms: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('done'), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });
}

describe('mapWithConcurrency', () => {
  it('keeps order and the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 3, 2], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 30, 20]);
    expect(peak).toBe(2);
  });

  it('on the first failure aborts the calls still running, starts no more, and throws that failure', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 3, async (_item, index, signal) => {
      started.push(index);
      if (index === 0) {
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('map request 0 failed');
      }
      try {
        return await waitOrAbort(60_000, signal);
      } catch (error) {
        aborted.push(index);
        throw error;
      }
    });
    await expect(run).rejects.toThrow('map request 0 failed');
    expect(started).toEqual([0, 1, 2]);
    expect(aborted.sort()).toEqual([1, 2]);
  });

  it("passes the caller's abort to every call", async () => {
    const controller = new AbortController();
    const run = mapWithConcurrency([0, 1], 2, (_item, _index, signal) => waitOrAbort(60_000, signal), controller.signal);
    controller.abort();
    await expect(run).rejects.toThrow('aborted');
  });
});
