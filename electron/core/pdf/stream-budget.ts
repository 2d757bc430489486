/**
 * Bounds what a PDF's FlateDecode and LZWDecode streams may expand to, before pdf.js sees the file.
 *
 * Deflate expands up to ~1,032x: a 2 MB file can hold a stream of 2 GiB of zeros (a "zip bomb").
 * pdf.js inflates whatever a page, font, object stream or cross-reference stream points at, and
 * some of it (object and cross-reference streams) with its own JavaScript inflater, which no
 * option bounds. So every Flate stream of the raw file is inflated here first, output discarded,
 * counting bytes: one stream may expand to at most `maxStreamBytes`, all of them together to at
 * most `maxDocumentBytes`, else PDF_TOO_LARGE. Streams are found by their `stream` keyword in the
 * raw bytes (a stream is never inside an object stream, so this sees all of them), and every one
 * zlib can read counts, whatever its dictionary says its filter is (one whose dictionary names an ASCII
 * filter first is offered to zlib as that filter decodes it). LZW expands up to ~2,500x and
 * pdf.js decodes it in JavaScript with no limit, as it does RunLength (64x): a stream whose dictionary
 * names LZWDecode or RunLengthDecode (alone, after Flate, after an ASCII filter) counts what it decodes
 * to (lzw-length.ts, run-length-length.ts).
 *
 * Not counted: image streams (text extraction never decodes them; rendering one page at a time
 * goes through inflate.ts, which caps each stream), and streams zlib cannot read as they are
 * (encrypted documents, other filters first): Flate ones meet inflate.ts's per-stream cap, LZW and
 * RunLength ones nothing (README, Limits).
 *
 * Small streams are inflated synchronously (their output is bounded by ~1,032x their size), bigger
 * ones through zlib's thread pool in chunks: the event loop keeps answering other requests.
 */
import { createInflate, inflateSync } from 'node:zlib';
import { PagewiseError } from '../errors';
import { decodeAscii85, decodeAsciiHex } from './ascii-filters';
import { LzwLengthCounter } from './lzw-length';
import { RunLengthCounter } from './run-length-length';

export interface StreamBudget {
  /** Most bytes one stream may inflate to. */
  maxStreamBytes: number;
  /** Most bytes all (non-image) streams of a document may inflate to together. */
  maxDocumentBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_STREAM_BUDGET: StreamBudget = { maxStreamBytes: 256 * MiB, maxDocumentBytes: 1024 * MiB };

/** Compressed streams up to this size are inflated synchronously (at most ~17 MB of output each). */
const SYNC_MAX_COMPRESSED = 16 * 1024;
/** Give the event loop a turn after this much synchronous inflating. */
const YIELD_AFTER_MS = 8;
/** How far back from `stream` the object's dictionary is looked for (past it the stream counts, image or not). */
const DICT_WINDOW = 64 * 1024;

const STREAM = Buffer.from('stream', 'latin1');
const OBJ = Buffer.from(' obj', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');

function formatBytes(bytes: number): string {
  return bytes >= 1024 * MiB ? `${(bytes / (1024 * MiB)).toFixed(bytes % (1024 * MiB) === 0 ? 0 : 1)} GiB` : `${Math.round(bytes / MiB)} MB`;
}

function tooLarge(what: string, limit: number): PagewiseError {
  return new PagewiseError(
    'PDF_TOO_LARGE',
    `${what} expands to more than ${formatBytes(limit)} when decompressed, more than any real document needs ` +
      '(a damaged file or a "zip bomb"). Nothing was stored; if the file should be fine, re-save it from another PDF reader.',
  );
}

interface FoundStream {
  /** Where the stream's data starts and (at most) ends in the file. */
  start: number;
  end: number;
  image: boolean;
  /** An LZW or RunLength stream, as its dictionary says (null: none, or behind a filter counted nowhere; see expandingFilter). */
  expanding: ExpandingFilter | null;
  /** The ASCII filter its dictionary names first, if any: what zlib is offered is what that filter makes of the bytes. */
  asciiFirst: 'hex' | '85' | null;
}

/**
 * A filter pdf.js decodes in JavaScript with no limit, LZW (~2,500x) or RunLength (64x), and how its
 * input is reached from what the stream's ASCII filter (asciiFirst, as early Acrobat wrote pages) makes
 * of the file's bytes: through Flate first, or not.
 */
interface ExpandingFilter {
  kind: 'lzw' | 'run-length';
  afterFlate: boolean;
  /** LZW's: 1 (the default) widens the codes one code early. */
  earlyChange: 0 | 1;
}

const EXPANDING_FILTERS: Readonly<Record<string, ExpandingFilter['kind']>> = { LZWDecode: 'lzw', LZW: 'lzw', RunLengthDecode: 'run-length', RL: 'run-length' };

const ASCII_FILTERS: Readonly<Record<string, 'hex' | '85'>> = { ASCIIHexDecode: 'hex', AHx: 'hex', ASCII85Decode: '85', A85: '85' };

/** The filter names of a stream dictionary's /Filter, in the order they decode. */
function filterNames(dictionary: string): string[] {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary)?.[1];
  return filter ? [...filter.matchAll(/\/([A-Za-z0-9]+)/g)].map((m) => m[1] as string) : [];
}

/**
 * The first LZW or RunLength step of a stream's filters after its ASCII one (`names`: the rest), when
 * this can count it: nothing or Flate before it, so with the ASCII step the chains `[ASCII] [Flate]
 * LZW|RunLength` (`/LZWDecode`, `[/FlateDecode /LZWDecode]`, `[/ASCII85Decode /RunLengthDecode]`...).
 * Any other filter before it is not counted here (README, Limits).
 */
function expandingFilter(names: readonly string[], dictionary: string): ExpandingFilter | null {
  const at = names.findIndex((name) => EXPANDING_FILTERS[name] !== undefined);
  if (at < 0) return null;
  const before = names.slice(0, at);
  if (before.length > 1 || (before.length === 1 && before[0] !== 'FlateDecode' && before[0] !== 'Fl')) return null;
  return {
    kind: EXPANDING_FILTERS[names[at] as string] as ExpandingFilter['kind'],
    afterFlate: before.length === 1,
    earlyChange: /\/EarlyChange\s+0(?![\d.])/.test(dictionary) ? 0 : 1,
  };
}

/**
 * Every stream of the raw file, in file order (lazily: a bomb stops the walk early). Its filter is
 * not trusted: each one is offered to zlib (anything else fails on its first two bytes), so a bomb
 * cannot hide behind a dictionary the scan misreads. Only an image (one that is no object or
 * cross-reference stream) is let off, since text extraction never decodes it.
 */
function* fileStreams(file: Buffer): Generator<FoundStream> {
  let at = 0;
  for (;;) {
    const keyword = file.indexOf(STREAM, at);
    if (keyword < 0) return;
    at = keyword + STREAM.length;
    if (keyword >= 3 && file.toString('latin1', keyword - 3, keyword) === 'end') continue;
    // the keyword is followed by CRLF or LF (a lone CR is tolerated, as readers do)
    let start = at;
    if (file[start] === 0x0d) start += 1;
    if (file[start] === 0x0a) start += 1;
    if (start === at) continue; // "stream" inside some other token
    const objectStart = file.lastIndexOf(OBJ, keyword);
    const own = objectStart >= 0 && keyword - objectStart <= DICT_WINDOW ? file.toString('latin1', objectStart, keyword) : '';
    const endKeyword = file.indexOf(ENDSTREAM, start);
    const end = endKeyword < 0 ? file.length : endKeyword;
    at = Math.max(at, end);
    const names = filterNames(own);
    const asciiFirst = names[0] !== undefined ? (ASCII_FILTERS[names[0]] ?? null) : null;
    yield {
      start,
      end,
      image: /\/Subtype\s*\/Image\b/.test(own) && !/\/Type\s*\/(ObjStm|XRef)\b/.test(own),
      expanding: expandingFilter(asciiFirst ? names.slice(1) : names, own),
      asciiFirst,
    };
  }
}

/** Inflated size of a small stream, at most `limit + 1` (a damaged stream counts what was read). */
function inflatedSizeSync(data: Buffer, limit: number): number {
  try {
    return inflateSync(data, { maxOutputLength: limit + 1 }).byteLength;
  } catch (error) {
    // over the limit: zlib stops at maxOutputLength and says so
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return limit + 1;
    return 0; // not a zlib stream as it is (encrypted, damaged): pdf.js decides, inflate.ts caps it
  }
}

/** Inflated size of a big stream through zlib's thread pool, output discarded; at most `limit + 1`. */
function inflatedSizeAsync(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflater = createInflate({ chunkSize: 256 * 1024 });
    let total = 0;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      resolve(total);
    };
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) settle();
    });
    inflater.on('end', settle);
    inflater.on('error', settle); // damaged: what was inflated so far counts
    inflater.end(data);
  });
}

/** Inflated size of a stream (zlib's, whatever its filter says), at most `limit + 1`. */
function inflatedSize(data: Buffer, limit: number): number | Promise<number> {
  return data.byteLength <= SYNC_MAX_COMPRESSED ? inflatedSizeSync(data, limit) : inflatedSizeAsync(data, limit);
}

/**
 * What a stream's ASCII filter makes of its bytes (`[/ASCII85Decode /FlateDecode]`: the Flate data), held
 * here as pdf.js holds it: at most 4 bytes per byte of the file, and never much past `limit`.
 */
function asciiDecoded(raw: Buffer, ascii: 'hex' | '85', limit: number): Buffer {
  return ascii === '85' ? decodeAscii85(raw, limit) : decodeAsciiHex(raw);
}

/** Compressed bytes the LZW and RunLength counts read between event-loop turns. */
const COUNT_SLICE = 256 * 1024;

/**
 * What an LZW or RunLength stream decodes to, at most `limit + 1`: counted (lzw-length.ts,
 * run-length-length.ts), from its bytes in slices or from zlib's output as it comes. pdf.js holds every
 * step's output, so what Flate makes of the bytes on the way counts too. A damaged stream counts what
 * was read.
 */
async function expandedSize(data: Buffer, filter: ExpandingFilter, limit: number): Promise<number> {
  const counter = filter.kind === 'lzw' ? new LzwLengthCounter(filter.earlyChange) : new RunLengthCounter();
  if (!filter.afterFlate) {
    for (let at = 0; at < data.byteLength && !counter.ended && counter.total <= limit; at += COUNT_SLICE) {
      counter.push(data.subarray(at, at + COUNT_SLICE), limit);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return Math.min(counter.total, limit + 1);
  }
  return new Promise((resolve) => {
    const inflater = createInflate({ chunkSize: 256 * 1024 });
    let held = 0;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      resolve(Math.min(held + counter.total, limit + 1));
    };
    inflater.on('data', (chunk: Buffer) => {
      held += chunk.byteLength;
      counter.push(chunk, limit - held);
      if (held + counter.total > limit || counter.ended) settle();
    });
    inflater.on('end', settle);
    inflater.on('error', settle);
    inflater.end(data);
  });
}

/**
 * Throws PDF_TOO_LARGE when one Flate, LZW or RunLength stream of `data` expands past budget.maxStreamBytes, or
 * all of its non-image streams together past budget.maxDocumentBytes. Reads `data`, never keeps it.
 */
export async function checkStreamBudget(data: Uint8Array, budget: StreamBudget = DEFAULT_STREAM_BUDGET): Promise<void> {
  const file = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let documentTotal = 0;
  let sliceStarted = performance.now();
  for (const stream of fileStreams(file)) {
    if (stream.image) continue;
    const raw = file.subarray(stream.start, stream.end);
    const limit = Math.min(budget.maxStreamBytes, budget.maxDocumentBytes - documentTotal);
    // the ASCII step first (pdf.js holds its output too), then what the rest expands it to
    const data = stream.asciiFirst ? asciiDecoded(raw, stream.asciiFirst, limit) : raw;
    const ascii = stream.asciiFirst ? data.byteLength : 0;
    const rest = ascii > limit ? 1 : stream.expanding ? await expandedSize(data, stream.expanding, limit - ascii) : await inflatedSize(data, limit - ascii);
    const size = Math.min(ascii + rest, limit + 1);
    if (size > budget.maxStreamBytes) throw tooLarge('One of its compressed streams', budget.maxStreamBytes);
    documentTotal += size;
    if (documentTotal > budget.maxDocumentBytes) throw tooLarge('This PDF', budget.maxDocumentBytes);
    if (performance.now() - sliceStarted > YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}
