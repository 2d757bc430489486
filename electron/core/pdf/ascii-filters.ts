/**
 * PDF's two ASCII filters, decoded so that stream-budget.ts can count what an LZW stream wrapped in
 * one of them expands to (`/Filter [/ASCII85Decode /LZWDecode]` is how early Acrobat wrote pages).
 * Lenient as readers are: whitespace and anything after the end marker are ignored. Neither ever
 * yields more than 4 bytes per input byte (ASCII85's `z`), so the caller can bound the output first.
 */

/** ASCIIHexDecode: pairs of hex digits up to `>`; an odd last digit counts as followed by 0. */
export function decodeAsciiHex(data: Uint8Array): Buffer {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  const end = text.indexOf('>');
  let digits = (end < 0 ? text : text.slice(0, end)).replace(/[^0-9A-Fa-f]/g, '');
  if (digits.length % 2 === 1) digits += '0';
  return Buffer.from(digits, 'hex');
}

/** Most bytes ASCII85Decode can make of `data` (each `z` is 4 zero bytes, each other 5 characters 4 bytes). */
export function ascii85MaxLength(data: Uint8Array): number {
  let z = 0;
  for (const byte of data) if (byte === 0x7a) z += 1;
  return z * 4 + Math.ceil(((data.byteLength - z) * 4) / 5);
}

/**
 * ASCII85Decode: groups of five characters `!`..`u` to four bytes, `z` for four zeros, up to `~>`.
 * Stops once past `limit` bytes (the output then ends a few bytes past it).
 */
export function decodeAscii85(data: Uint8Array, limit = Number.POSITIVE_INFINITY): Buffer {
  const out = Buffer.alloc(Math.min(ascii85MaxLength(data), limit + 8));
  let length = 0;
  let group = 0;
  let count = 0;
  const flush = (digits: number): void => {
    for (let k = digits; k < 5; k++) group = group * 85 + 84; // a short last group is padded with `u`
    for (let k = 0; k < digits - 1; k++) out[length++] = (group >>> (24 - 8 * k)) & 0xff;
  };
  for (const byte of data) {
    if (byte === 0x7e || length > limit) break; // `~>`
    if (byte === 0x7a && count === 0) {
      length += 4; // four zero bytes (the buffer is zeroed)
      continue;
    }
    if (byte < 0x21 || byte > 0x75) continue; // whitespace (and anything else a reader skips)
    group = group * 85 + (byte - 0x21);
    count += 1;
    if (count === 5) {
      flush(5);
      group = 0;
      count = 0;
    }
  }
  if (count > 1) flush(count);
  return out.subarray(0, length);
}
