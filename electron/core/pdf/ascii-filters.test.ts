import { describe, expect, it } from 'vitest';
import { ascii85Encode } from '../../../tests/fixtures/make-hostile-fixtures';
import { ascii85MaxLength, decodeAscii85, decodeAsciiHex } from './ascii-filters';

describe('ASCIIHexDecode', () => {
  it('reads pairs of digits up to >, skipping whitespace; an odd last digit is followed by 0', () => {
    expect(decodeAsciiHex(Buffer.from('48 65 6c\n6C 6f>ignored')).toString('latin1')).toBe('Hello');
    expect([...decodeAsciiHex(Buffer.from('7>'))]).toEqual([0x70]);
    expect(decodeAsciiHex(Buffer.from('>')).byteLength).toBe(0);
  });
});

describe('ASCII85Decode', () => {
  it('reads the textbook example and a short last group', () => {
    expect(decodeAscii85(Buffer.from('9jqo^BlbD-BleB1DJ+*+F(f,q~>')).toString('latin1')).toBe('Man is distinguished');
    expect(decodeAscii85(Buffer.from('9jqo^F*2M7/c~>')).toString('latin1')).toBe('Man sure.');
  });

  it('reads back what PDF writers write: z for zeros, line breaks, every length of last group', () => {
    const bytes = Buffer.from(Array.from({ length: 1031 }, (_, i) => (i % 97 < 12 ? 0 : (i * 31) % 256)));
    for (const length of [0, 1, 2, 3, 4, 5, 8, 1031]) {
      const data = bytes.subarray(0, length);
      const encoded = ascii85Encode(data);
      expect(decodeAscii85(encoded).equals(data)).toBe(true);
      expect(ascii85MaxLength(encoded)).toBeGreaterThanOrEqual(length);
    }
    expect(decodeAscii85(Buffer.from('zz~>')).equals(Buffer.alloc(8))).toBe(true);
  });

  it('stops soon after a limit: a stream of z (4 bytes each) does not make its whole output', () => {
    const zeros = Buffer.alloc(1_000_000, 'z');
    expect(ascii85MaxLength(zeros)).toBe(4_000_000);
    const out = decodeAscii85(zeros, 10_000);
    expect(out.byteLength).toBeGreaterThan(10_000);
    expect(out.byteLength).toBeLessThanOrEqual(10_008);
  });
});
