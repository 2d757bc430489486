// The LZW length counter against streams of known length: ordinary ones from the plain encoder (which
// pdf.js reads back: stream-budget.test.ts) and the bomb fixture.
import { describe, expect, it } from 'vitest';
import { lzwEncode, lzwZeroBombStream } from '../../../tests/fixtures/make-hostile-fixtures';
import { LzwLengthCounter } from './lzw-length';

/** Text with repeats long and short, past one table's worth of codes (the encoder clears and starts over). */
function sampleText(bytes: number): Buffer {
  const words = ['revenue', 'rose', '12%', 'to', '$1.2 million;', 'the', 'board', 'approved', 'the plan', '\n'];
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `${words[(i * 7 + (i >> 3)) % words.length]} `;
  return Buffer.from(text.slice(0, bytes), 'latin1');
}

describe('LzwLengthCounter', () => {
  it('counts exactly what an ordinary stream decodes to, whole or a byte at a time', () => {
    for (const size of [1, 2, 300, 20_000, 200_000]) {
      const encoded = lzwEncode(sampleText(size));
      const whole = new LzwLengthCounter();
      whole.push(encoded);
      expect(whole.total).toBe(size);
      expect(whole.ended).toBe(true);
      const bytewise = new LzwLengthCounter();
      for (const byte of encoded) bytewise.push(Uint8Array.of(byte));
      expect(bytewise.total).toBe(size);
    }
  });

  it('sees what a bomb decodes to from a few hundred bytes per MiB', () => {
    const bomb = lzwZeroBombStream(64);
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const counter = new LzwLengthCounter();
    counter.push(bomb);
    expect(counter.total).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(counter.total).toBeLessThan(65 * 1024 * 1024);
  });

  it('stops soon after the limit, whatever is left', () => {
    const counter = new LzwLengthCounter();
    counter.push(lzwZeroBombStream(512), 1024 * 1024);
    expect(counter.total).toBeGreaterThan(1024 * 1024);
    expect(counter.total).toBeLessThan(1024 * 1024 + 8192);
  });

  it('reads nothing after the end code', () => {
    const encoded = lzwEncode(sampleText(1000));
    const counter = new LzwLengthCounter();
    counter.push(Buffer.concat([encoded, lzwZeroBombStream(4)]));
    expect(counter.total).toBe(1000);
  });
});
