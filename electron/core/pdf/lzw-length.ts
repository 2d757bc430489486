/**
 * How many bytes an LZWDecode stream decodes to, without decoding it: stream-budget.ts bounds LZW
 * "bombs" with it as it bounds Flate ones with zlib. LZW expands up to ~2,500x (a 12-bit code can
 * stand for a string of ~3,800 bytes), and pdf.js decodes a page's LZW content stream whole in
 * JavaScript, with no limit: a 1.2 MB file took 50 s and 5.3 GB to ingest.
 *
 * Only lengths are tracked (a code's string is one byte longer than the string of the code it was
 * built on), and the codes are read as pdf.js's LZWStream reads them: 9 to 12 bits, most significant
 * first; 256 clears the table, 257 ends the data; EarlyChange 1 (the default) widens the codes one
 * code early; a code not yet in the table is the previous string plus one byte; once the table is
 * full it stays as it is. Fed in chunks (push), so a long stream can be counted between event-loop turns.
 */
const CLEAR = 256;
const END = 257;
const FIRST_CODE = 258;
const TABLE_SIZE = 4096;
const MAX_WIDTH = 12;

export class LzwLengthCounter {
  /** Bytes the codes read so far decode to. */
  total = 0;
  /** The end code was read (what follows it is never decoded). */
  ended = false;
  private readonly lengths = new Uint16Array(TABLE_SIZE);
  private nextCode = FIRST_CODE;
  private width = 9;
  private previousCode = -1;
  private previousLength = 0;
  private bits = 0;
  private bitCount = 0;

  constructor(private readonly earlyChange: 0 | 1 = 1) {
    this.lengths.fill(1, 0, 256);
  }

  /** Counts the codes in `bytes`; stops early at the end code or once `limit` bytes are passed. */
  push(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): void {
    for (let i = 0; i < bytes.length && !this.ended && this.total <= limit; i++) {
      this.bits = ((this.bits << 8) | (bytes[i] as number)) & 0xffffff;
      this.bitCount += 8;
      while (this.bitCount >= this.width && !this.ended) {
        this.bitCount -= this.width;
        this.code((this.bits >>> this.bitCount) & ((1 << this.width) - 1));
      }
    }
  }

  private code(code: number): void {
    if (code === CLEAR) {
      this.nextCode = FIRST_CODE;
      this.width = 9;
      this.previousCode = -1;
      this.previousLength = 0;
      return;
    }
    if (code === END) {
      this.ended = true;
      return;
    }
    const hadPrevious = this.previousLength > 0;
    // (a byte's code, < 256, is always below nextCode)
    const length = code < this.nextCode ? (this.lengths[code] as number) : this.previousLength + 1;
    if (hadPrevious) {
      if (this.nextCode < TABLE_SIZE) this.lengths[this.nextCode] = (this.lengths[this.previousCode] as number) + 1;
      this.nextCode += 1;
      const boundary = this.nextCode + this.earlyChange;
      if ((boundary & (boundary - 1)) === 0) this.width = Math.min(Math.log2(boundary) + 1, MAX_WIDTH);
    }
    this.previousCode = code;
    this.previousLength = length;
    this.total += length;
  }
}
