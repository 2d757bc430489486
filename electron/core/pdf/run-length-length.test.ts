// The RunLength length counter against streams of known length (which pdf.js reads back:
// tests/integration/hostile-pdfs.test.ts) and the bomb fixture.
import { describe, expect, it } from 'vitest';
import { runLengthEncode, runLengthZeroBombStream } from '../../../tests/fixtures/make-hostile-fixtures';
import { RunLengthCounter } from './run-length-length';

describe('RunLengthCounter', () => {
  it('counts literal and repeated runs exactly, whole or a byte at a time', () => {
    for (const size of [0, 1, 127, 128, 129, 5000]) {
      const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 37) % 251));
      const whole = new RunLengthCounter();
      whole.push(runLengthEncode(data));
      expect(whole.total).toBe(size);
      expect(whole.ended).toBe(true);
      const bytewise = new RunLengthCounter();
      for (const byte of runLengthEncode(data)) bytewise.push(Uint8Array.of(byte));
      expect(bytewise.total).toBe(size);
    }
    const repeats = new RunLengthCounter();
    repeats.push(Uint8Array.of(255, 7, 129, 8, 1, 65, 66, 128, 200, 0)); // 2 sevens, 128 eights, "AB", the end
    expect(repeats.total).toBe(2 + 128 + 2);
  });

  it('sees what a bomb decodes to (64x) and stops soon after a limit', () => {
    const bomb = runLengthZeroBombStream(8);
    expect(bomb.byteLength).toBeLessThan(140 * 1024);
    const counter = new RunLengthCounter();
    counter.push(bomb);
    expect(counter.total).toBe(8 * 1024 * 1024);
    const limited = new RunLengthCounter();
    limited.push(runLengthZeroBombStream(64), 1024 * 1024);
    expect(limited.total).toBeGreaterThan(1024 * 1024);
    expect(limited.total).toBeLessThanOrEqual(1024 * 1024 + 128);
  });

  it('a header cut short at the end decodes to nothing more', () => {
    const counter = new RunLengthCounter();
    counter.push(Uint8Array.of(2, 65, 66, 67, 131));
    expect(counter.total).toBe(3);
  });
});
