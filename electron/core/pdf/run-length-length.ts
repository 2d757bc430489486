/**
 * How many bytes a RunLengthDecode stream decodes to, without decoding it (stream-budget.ts): two
 * bytes make up to 128 (64x, and Flate before it multiplies that), and pdf.js decodes the stream
 * whole. Read as pdf.js's RunLengthStream reads it: a length byte n and the byte after it; n < 128
 * copies n + 1 bytes, n > 128 repeats the byte 257 - n times, 128 (or a header cut short) ends the
 * data. Fed in chunks (push), like lzw-length.ts.
 */
const END = 128;

export class RunLengthCounter {
  /** Bytes what was read so far decodes to. */
  total = 0;
  /** The end was read (what follows it is never decoded). */
  ended = false;
  /** The first byte of a header whose second byte is still to come. */
  private pendingLength = -1;
  /** Literal bytes still to skip. */
  private literal = 0;

  /** Counts the runs in `bytes`; stops early at the end or once `limit` bytes are passed. */
  push(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): void {
    let i = 0;
    while (i < bytes.length && !this.ended && this.total <= limit) {
      if (this.literal > 0) {
        const skipped = Math.min(this.literal, bytes.length - i);
        this.literal -= skipped;
        i += skipped;
        continue;
      }
      const byte = bytes[i++] as number;
      if (this.pendingLength < 0) {
        if (byte === END) this.ended = true;
        else this.pendingLength = byte;
        continue;
      }
      const n = this.pendingLength;
      this.pendingLength = -1;
      if (n < 128) {
        this.total += n + 1; // the byte just read and n more
        this.literal = n;
      } else {
        this.total += 257 - n;
      }
    }
  }
}
