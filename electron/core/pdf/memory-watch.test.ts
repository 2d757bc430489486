import { describe, expect, it } from 'vitest';
import { watchMemory } from './memory-watch';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchMemory', () => {
  it('aborts once the process grows past the budget, and says it did', async () => {
    const watch = watchMemory(32 * 1024 * 1024);
    await sleep(120);
    expect(watch.tripped).toBe(false);
    const held = Buffer.alloc(128 * 1024 * 1024, 1); // written, so resident
    const deadline = Date.now() + 2000;
    while (!watch.signal.aborted && Date.now() < deadline) await sleep(20);
    expect(watch.signal.aborted).toBe(true);
    expect(watch.tripped).toBe(true);
    expect(held.byteLength).toBeGreaterThan(0);
    watch.stop();
  });

  it('stop ends the watch: growing afterwards aborts nothing', async () => {
    const watch = watchMemory(16 * 1024 * 1024);
    watch.stop();
    const held = Buffer.alloc(64 * 1024 * 1024, 1);
    await sleep(150);
    expect(watch.signal.aborted).toBe(false);
    expect(held.byteLength).toBeGreaterThan(0);
  });
});
