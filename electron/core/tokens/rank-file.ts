/**
 * The o200k_base rank table in a form that loads in one read and needs no building: an
 * open-addressing hash index over the token bytes, written at build time by
 * scripts/build-node.mjs to dist/node/o200k_base.ranks (from js-tiktoken's own table). Loading
 * it is one readFileSync and a few typed-array views; building a Map of its 200,000 entries
 * (what js-tiktoken and we did before) took 0.15-0.5 s at the start of every process that counts.
 *
 * Layout, little-endian, every section 4-byte aligned:
 *   "PWRANKS2" | u32 count | u32 slot count (power of 2) | u32 longest token in bytes | u32 pattern bytes
 *   | pattern (UTF-8, padded) | u32 rank[count] | u32 offset[count + 1] | u32 slot[slots] (entry + 1, 0 = empty)
 *   | token bytes back to back
 * Token byte strings are handled as latin1 strings (one char per byte, see encoder.ts).
 */
const MAGIC = 'PWRANKS2';
const HEADER_WORDS = 4;

/** What js-tiktoken's rank module holds. */
export interface TiktokenRanks {
  bpe_ranks: string;
  pat_str: string;
}

/** js-tiktoken's format: lines of "<prefix> <offset> <b64> <b64> ...", rank = offset + index. */
export function parseTiktokenRanks(bpeRanks: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const offset = Number.parseInt(fields[1] ?? '0', 10);
    // atob decodes base64 straight to a "binary" string (one char per byte): the latin1 key itself.
    for (let i = 2; i < fields.length; i++) ranks.set(atob(fields[i] ?? ''), offset + i - 2);
  }
  return ranks;
}

/** FNV-1a over the chars a..b of a latin1 string (the same over bytes when writing the file). */
function hashRange(key: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const align4 = (n: number): number => (n + 3) & ~3;

/** The file's bytes for a rank table (build time). */
export function encodeRankFile(ranks: ReadonlyMap<string, number>, patternSource: string): Buffer {
  const entries = [...ranks];
  const count = entries.length;
  let slots = 1;
  while (slots < count * 2) slots *= 2; // load factor <= 0.5: short probes
  const pattern = Buffer.from(patternSource, 'utf8');
  let tokenBytes = 0;
  let longest = 0;
  for (const [key] of entries) {
    tokenBytes += key.length;
    longest = Math.max(longest, key.length);
  }
  const patternAt = MAGIC.length + HEADER_WORDS * 4;
  const ranksAt = align4(patternAt + pattern.length);
  const offsetsAt = ranksAt + count * 4;
  const slotsAt = offsetsAt + (count + 1) * 4;
  const bytesAt = slotsAt + slots * 4;
  const out = Buffer.alloc(bytesAt + tokenBytes);
  out.write(MAGIC, 0, 'latin1');
  [count, slots, longest, pattern.length].forEach((value, i) => out.writeUInt32LE(value, MAGIC.length + i * 4));
  pattern.copy(out, patternAt);
  const rankOf = new Uint32Array(out.buffer, out.byteOffset + ranksAt, count);
  const offsets = new Uint32Array(out.buffer, out.byteOffset + offsetsAt, count + 1);
  const slot = new Uint32Array(out.buffer, out.byteOffset + slotsAt, slots);
  let offset = 0;
  entries.forEach(([key, rank], i) => {
    rankOf[i] = rank;
    offsets[i] = offset;
    out.write(key, bytesAt + offset, 'latin1');
    offset += key.length;
    let s = hashRange(key, 0, key.length) & (slots - 1);
    while (slot[s] !== 0) s = (s + 1) & (slots - 1);
    slot[s] = i + 1;
  });
  offsets[count] = offset;
  return out;
}

/** A read-only rank table over the file's bytes: the same answers as the Map it was written from. */
export class RankIndex {
  readonly size: number;
  /** longest token in bytes: a longer byte sequence has no rank */
  readonly maxTokenBytes: number;
  /** the pre-tokenizer pattern source (js-tiktoken's pat_str) */
  readonly patternSource: string;
  private readonly rankOf: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly bytes: Uint8Array;

  constructor(file: Uint8Array) {
    // typed-array views need 4-byte alignment of the file's start
    const data = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const magic = String.fromCharCode(...data.subarray(0, MAGIC.length));
    if (data.byteLength < MAGIC.length + HEADER_WORDS * 4 || magic !== MAGIC) throw new Error('not a Pagewise rank file');
    const word = (i: number): number => view.getUint32(MAGIC.length + i * 4, true);
    const count = word(0);
    const slots = word(1);
    const patternAt = MAGIC.length + HEADER_WORDS * 4;
    const ranksAt = align4(patternAt + word(3));
    const offsetsAt = ranksAt + count * 4;
    const slotsAt = offsetsAt + (count + 1) * 4;
    const bytesAt = slotsAt + slots * 4;
    if (bytesAt > data.byteLength) throw new Error('rank file is truncated');
    this.size = count;
    this.maxTokenBytes = word(2);
    this.patternSource = Buffer.from(data.buffer, data.byteOffset + patternAt, word(3)).toString('utf8');
    this.rankOf = new Uint32Array(data.buffer, data.byteOffset + ranksAt, count);
    this.offsets = new Uint32Array(data.buffer, data.byteOffset + offsetsAt, count + 1);
    this.slots = new Uint32Array(data.buffer, data.byteOffset + slotsAt, slots);
    this.mask = slots - 1;
    this.bytes = data.subarray(bytesAt);
    if ((this.offsets[count] as number) !== this.bytes.length) throw new Error('rank file is truncated or corrupt');
  }

  /** Rank of the byte string key[a..b) (no substring is made), -1 when it is not a token. */
  rangeRank(key: string, a: number, b: number): number {
    const length = b - a;
    const { slots, offsets, bytes, mask } = this;
    let s = hashRange(key, a, b) & mask;
    for (;;) {
      const entry = slots[s] as number;
      if (entry === 0) return -1;
      const start = offsets[entry - 1] as number;
      if ((offsets[entry] as number) - start === length) {
        let i = 0;
        while (i < length && bytes[start + i] === key.charCodeAt(a + i)) i++;
        if (i === length) return this.rankOf[entry - 1] as number;
      }
      s = (s + 1) & mask;
    }
  }

  get(key: string): number | undefined {
    const rank = this.rangeRank(key, 0, key.length);
    return rank < 0 ? undefined : rank;
  }

  has(key: string): boolean {
    return this.rangeRank(key, 0, key.length) >= 0;
  }

  /** Every (byte string, rank), in the file's order (tests and checks; not a hot path). */
  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.size; i++) {
      const key = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + (this.offsets[i] as number), (this.offsets[i + 1] as number) - (this.offsets[i] as number));
      yield [key.toString('latin1'), this.rankOf[i] as number];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }
}
