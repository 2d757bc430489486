/**
 * Our own o200k_base byte-pair encoder.
 *
 * It produces exactly what js-tiktoken produces for `new Tiktoken(o200k_base).encode(text, [], [])`
 * (special-token-looking text is ordinary text), using js-tiktoken's own rank table and pre-tokenizer
 * pattern, but it is fast on any input:
 *
 * - js-tiktoken's merge loop rescans every adjacent pair after every merge and rebuilds a string key
 *   from a byte array for each of them: quadratic (and slow) on long pieces without whitespace (a run of
 *   one letter, CJK without spaces, base64). Here long pieces are merged with a min-heap over adjacent
 *   pairs plus a linked list of parts (O(n log n)); short pieces with the classic array scan.
 * - Byte sequences are "latin1" strings (one char per byte, 0..255), so an ASCII piece is its own key;
 *   ranks come from a prebuilt hash index over the token bytes (rank-file.ts), looked up by range
 *   without making substrings, and loaded with one file read instead of building a 200,000-entry Map.
 * - A bounded memo cache maps piece text -> tokens (words repeat in prose).
 *
 * Byte handling mirrors js-tiktoken: pieces are the matches of `new RegExp(pat_str, 'ug')` over the
 * whole text; each piece is UTF-8 encoded like TextEncoder does (a lone surrogate becomes U+FFFD,
 * EF BF BD); ranks are js-tiktoken's base64 byte strings decoded to bytes (at build time).
 *
 * The merge is the same algorithm as tiktoken's: repeatedly merge the adjacent pair of parts whose
 * concatenated bytes have the lowest rank, the leftmost such pair on ties, until no adjacent pair has a
 * rank. Boundaries only ever disappear, so a heap entry (rank, left start) is current exactly when
 * `pairRank[leftStart] === rank` (the pair starting at a position only grows, and a longer byte
 * sequence has a different rank); stale entries are skipped when popped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { encodeRankFile, parseTiktokenRanks, RankIndex, type TiktokenRanks } from './rank-file';

interface RankTable {
  /** latin1 byte string -> rank */
  ranks: RankIndex;
  /** longest token in bytes: a longer byte sequence has no rank */
  maxTokenBytes: number;
  /** the pre-tokenizer pattern (global + unicode, like js-tiktoken) */
  pattern: RegExp;
}

/** The file scripts/build-node.mjs writes beside the bundles. */
export const RANK_FILE_NAME = 'o200k_base.ranks';

/** dist/node/o200k_base.ranks beside this bundle, or (running from TS sources) in <repo>/dist/node/. */
function builtRankFile(): string | null {
  for (const url of [new URL(`./${RANK_FILE_NAME}`, import.meta.url), new URL(`../../../dist/node/${RANK_FILE_NAME}`, import.meta.url)]) {
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return fileURLToPath(url);
  }
  return null;
}

/** The rank file's bytes, from js-tiktoken's table (the build writes this; sources without a build use it in memory). */
export function rankFileFromTiktoken(): Buffer {
  const o200k = createRequire(import.meta.url)('js-tiktoken/ranks/o200k_base') as TiktokenRanks;
  return encodeRankFile(parseTiktokenRanks(o200k.bpe_ranks), o200k.pat_str);
}

let table: RankTable | null = null;

/** Load the rank table on first use (one read of the built file, ~5 MB), then reuse it. */
function getTable(): RankTable {
  if (table) return table;
  const file = builtRankFile();
  let ranks: RankIndex | null = null;
  if (file) {
    try {
      ranks = new RankIndex(readFileSync(file));
    } catch {
      ranks = null; // an old or damaged file: rebuild from js-tiktoken below
    }
  }
  ranks ??= new RankIndex(rankFileFromTiktoken());
  // Every single byte has a rank in o200k_base, so every final part has one (no filtering needed).
  for (let b = 0; b < 256; b++) {
    if (!ranks.has(String.fromCharCode(b))) throw new Error(`o200k_base rank table lacks byte ${b}`);
  }
  table = { ranks, maxTokenBytes: ranks.maxTokenBytes, pattern: new RegExp(ranks.patternSource, 'ug') };
  return table;
}

/** UTF-8 bytes of a piece as a latin1 string (lone surrogates -> EF BF BD, as TextEncoder does). */
function utf8Key(piece: string): string {
  for (let i = 0; i < piece.length; i++) {
    if (piece.charCodeAt(i) > 0x7f) return Buffer.from(piece, 'utf8').toString('latin1');
  }
  return piece;
}

/** Pieces up to this many bytes are merged by the simple scan; longer ones by the heap. */
export const HEAP_THRESHOLD = 48;

/**
 * Simple merge for short byte strings: an array of part boundaries and the rank of each adjacent pair,
 * rescanned for the minimum after each merge (tiktoken's own `_byte_pair_merge`). O(n^2), tiny n.
 * Returns the part boundaries [0, ..., n].
 */
export function mergeByScan(key: string, t: RankTable = getTable()): number[] {
  const n = key.length;
  const bounds: number[] = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) bounds[i] = i;
  const { ranks, maxTokenBytes } = t;
  const rankOf = (a: number, b: number): number => (b - a > maxTokenBytes ? -1 : ranks.rangeRank(key, a, b));
  // pairRanks[i] = rank of parts i and i+1 merged (bounds[i] .. bounds[i + 2]), -1 if none
  const pairRanks: number[] = new Array<number>(n - 1);
  for (let i = 0; i < n - 1; i++) pairRanks[i] = rankOf(i, i + 2);
  while (pairRanks.length > 0) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i < pairRanks.length; i++) {
      const r = pairRanks[i] as number;
      if (r >= 0 && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) break;
    // merge parts best and best+1: drop boundary best+1
    bounds.splice(best + 1, 1);
    pairRanks.splice(best, 1);
    if (best < pairRanks.length) pairRanks[best] = best + 2 < bounds.length ? rankOf(bounds[best] as number, bounds[best + 2] as number) : -1;
    if (best > 0) pairRanks[best - 1] = rankOf(bounds[best - 1] as number, bounds[best + 1] as number);
  }
  return bounds;
}

const SHIFT = 4294967296; // 2^32: heap key = rank * 2^32 + leftStart (< 2^53 for ranks < 2^21)

/**
 * O(n log n) merge for long byte strings: min-heap of (rank, left start) over adjacent pairs, parts as a
 * linked list (end[i] / prev[i] for a part starting at i), stale entries skipped. Returns boundaries.
 */
export function mergeByHeap(key: string, t: RankTable = getTable()): number[] {
  const n = key.length;
  const { ranks, maxTokenBytes } = t;
  const rankOf = (a: number, b: number): number => (b - a > maxTokenBytes ? -1 : ranks.rangeRank(key, a, b));
  const end = new Int32Array(n);
  const prev = new Int32Array(n);
  const pairRank = new Int32Array(n);
  let heap = new Float64Array(Math.max(16, n));
  let size = 0;
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    prev[i] = i - 1;
    const r = i + 1 < n ? rankOf(i, i + 2) : -1;
    pairRank[i] = r;
    if (r >= 0) heap[size++] = r * SHIFT + i;
  }
  const siftDown = (start: number): void => {
    let i = start;
    const v = heap[i] as number;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      const right = c + 1;
      if (right < size && (heap[right] as number) < (heap[c] as number)) c = right;
      if ((heap[c] as number) >= v) break;
      heap[i] = heap[c] as number;
      i = c;
    }
    heap[i] = v;
  };
  const push = (v: number): void => {
    if (size === heap.length) {
      const bigger = new Float64Array(heap.length * 2);
      bigger.set(heap);
      heap = bigger;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heap[p] as number) <= v) break;
      heap[i] = heap[p] as number;
      i = p;
    }
    heap[i] = v;
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);

  while (size > 0) {
    const top = heap[0] as number;
    size--;
    if (size > 0) {
      heap[0] = heap[size] as number;
      siftDown(0);
    }
    const rank = Math.floor(top / SHIFT);
    const i = top - rank * SHIFT;
    if (pairRank[i] !== rank) continue; // stale: the part died or its pair changed
    // merge part i with the next part j
    const j = end[i] as number;
    const k = end[j] as number;
    end[i] = k;
    pairRank[j] = -1; // j is no longer a part
    if (k < n) {
      prev[k] = i;
      const r = rankOf(i, end[k] as number);
      pairRank[i] = r;
      if (r >= 0) push(r * SHIFT + i);
    } else {
      pairRank[i] = -1;
    }
    const p = prev[i] as number;
    if (p >= 0) {
      const r = rankOf(p, k);
      pairRank[p] = r;
      if (r >= 0) push(r * SHIFT + p);
    }
  }
  const bounds: number[] = [];
  for (let i = 0; i < n; i = end[i] as number) bounds.push(i);
  bounds.push(n);
  return bounds;
}

/** Tokens of one pre-tokenized piece (uncached). */
function encodePiece(piece: string, t: RankTable): number[] {
  const key = utf8Key(piece);
  const whole = key.length <= t.maxTokenBytes ? t.ranks.rangeRank(key, 0, key.length) : -1;
  if (whole >= 0) return [whole];
  const bounds = key.length <= HEAP_THRESHOLD ? mergeByScan(key, t) : mergeByHeap(key, t);
  const out: number[] = new Array<number>(bounds.length - 1);
  for (let i = 0; i + 1 < bounds.length; i++) {
    out[i] = t.ranks.rangeRank(key, bounds[i] as number, bounds[i + 1] as number);
  }
  return out;
}

/** Memo cache piece -> tokens: bounded (cleared when full), only for short pieces. */
const CACHE_MAX_ENTRIES = 50_000;
const CACHE_MAX_PIECE_CHARS = 64;
const cache = new Map<string, number[]>();

function piecesTokens(piece: string, t: RankTable): number[] {
  let tokens = cache.get(piece);
  if (tokens !== undefined) return tokens;
  tokens = encodePiece(piece, t);
  if (piece.length <= CACHE_MAX_PIECE_CHARS) {
    if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
    cache.set(piece, tokens);
  }
  return tokens;
}

/**
 * Calls `visit` with the tokens of each pre-tokenizer piece of `text`, in order.
 *
 * V8's regex engine runs out of backtracking stack on a single piece of a few million characters of some
 * kinds (e.g. 3,000,000 x "e\u0301"): js-tiktoken throws a RangeError there, so no exact reference exists.
 * We never throw: the rest of the text is then counted in chunks of FALLBACK_CHUNK_CHARS (exact within
 * each chunk; a chunk boundary inside such a giant piece can shift the count by a token or so).
 */
export const FALLBACK_CHUNK_CHARS = 100_000;

function forEachPiece(text: string, t: RankTable, visit: (tokens: number[]) => void): void {
  const re = t.pattern;
  re.lastIndex = 0;
  let done = 0;
  try {
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      visit(piecesTokens(m[0], t));
      done = re.lastIndex;
    }
  } catch (error) {
    if (!(error instanceof RangeError) || text.length - done <= FALLBACK_CHUNK_CHARS) throw error;
    for (let start = done; start < text.length; ) {
      let stop = Math.min(text.length, start + FALLBACK_CHUNK_CHARS);
      const last = text.charCodeAt(stop - 1);
      if (stop < text.length && last >= 0xd800 && last <= 0xdbff) stop++; // keep surrogate pairs whole
      forEachPiece(text.slice(start, stop), t, visit);
      start = stop;
    }
  }
}

/** Number of o200k_base tokens in `text` (special-token text counted as ordinary text). */
export function countO200k(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  forEachPiece(text, getTable(), (tokens) => {
    count += tokens.length;
  });
  return count;
}

/** o200k_base tokens of `text`, identical to js-tiktoken's `encode(text, [], [])`. */
export function encodeO200k(text: string): number[] {
  const out: number[] = [];
  if (text.length === 0) return out;
  forEachPiece(text, getTable(), (tokens) => {
    for (let i = 0; i < tokens.length; i++) out.push(tokens[i] as number);
  });
  return out;
}

/** For tests: the rank table (built on demand). */
export function rankTableForTests(): RankTable {
  return getTable();
}
