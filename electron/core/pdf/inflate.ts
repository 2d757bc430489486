/**
 * A synchronous stand-in for the global DecompressionStream('deflate' | 'deflate-raw'), installed
 * by loadPdfJs in every thread that runs pdf.js.
 *
 * pdf.js 5 decodes every FlateDecode stream (each page's content stream, fonts, object streams)
 * through `new DecompressionStream('deflate')`: in Node that is a WHATWG stream pair over an async
 * zlib Transform, several promise hops and a thread-pool round trip per stream. Profiled on a book
 * (one ~1.5 KB compressed content stream per page) it cost ~1 ms per page per thread, more than
 * pdf.js's own text layout. The streams pdf.js decodes are small and it buffers the whole output
 * anyway, so here the bytes are inflated with zlib's synchronous call: same zlib, same output.
 *
 * The shape pdf.js relies on (and nothing more): `{ readable, writable }`, `writable.getWriter()`
 * with `ready`, `write`, `close`, and `readable` as an async iterable of Uint8Array chunks. A stream
 * zlib cannot inflate makes the iteration throw, as the native stream's does: pdf.js then falls back
 * to its own JavaScript inflater (which recovers what it can from damaged streams). Other formats
 * (gzip, brotli, ...) go to the native DecompressionStream unchanged.
 *
 * Bounded: one stream inflates to at most MAX_INFLATED_STREAM_BYTES. Past that the stream reads as
 * empty instead of throwing, because a throw would send pdf.js to its JavaScript inflater, which has
 * no limit at all (the page then has no text, or fails). The whole document is bounded before pdf.js
 * opens it (stream-budget.ts); this cap covers what that check cannot read (encrypted streams, images).
 */
import { inflateRawSync, inflateSync } from 'node:zlib';
import { DEFAULT_STREAM_BUDGET } from './stream-budget';

/** Most bytes one FlateDecode stream may expand to inside pdf.js. */
export const MAX_INFLATED_STREAM_BYTES = DEFAULT_STREAM_BUDGET.maxStreamBytes;

function boundedInflate(input: Uint8Array, format: 'deflate' | 'deflate-raw'): Uint8Array {
  const options = { maxOutputLength: MAX_INFLATED_STREAM_BYTES };
  try {
    const output = format === 'deflate' ? inflateSync(input, options) : inflateRawSync(input, options);
    return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return new Uint8Array(0);
    throw error;
  }
}

const INSTALLED = Symbol.for('pagewise.syncInflate');

interface MinimalWriter {
  readonly ready: Promise<void>;
  readonly closed: Promise<void>;
  readonly desiredSize: number;
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

function makeSyncInflateStream(format: 'deflate' | 'deflate-raw'): { readable: AsyncIterable<Uint8Array>; writable: { getWriter(): MinimalWriter } } {
  const chunks: Uint8Array[] = [];
  let finish!: (ok: boolean) => void;
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  const done = Promise.resolve();
  const writer: MinimalWriter = {
    ready: done,
    closed: finished.then(() => undefined),
    desiredSize: 1,
    write(chunk) {
      // copy: the caller may reuse its buffer after the write resolves
      chunks.push(new Uint8Array(chunk));
      return done;
    },
    close() {
      finish(true);
      return done;
    },
    abort() {
      finish(false);
      return done;
    },
    releaseLock() {},
  };
  const readable: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      if (!(await finished)) throw new TypeError('the stream was aborted');
      const input = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
      yield boundedInflate(input, format);
    },
  };
  return { readable, writable: { getWriter: () => writer } };
}

/** Replaces globalThis.DecompressionStream for 'deflate' and 'deflate-raw' in this thread (idempotent). */
export function installSyncInflate(): void {
  const g = globalThis as Record<string | symbol, unknown>;
  if (g[INSTALLED]) return;
  const Native = g.DecompressionStream as (new (format: string) => object) | undefined;
  // A class whose constructor returns another object: `new DecompressionStream(f)` yields that object.
  class SyncInflateDecompressionStream {
    constructor(format: string) {
      if (format === 'deflate' || format === 'deflate-raw') return makeSyncInflateStream(format);
      if (!Native) throw new TypeError(`Unsupported compression format: '${format}'`);
      return new Native(format);
    }
  }
  g.DecompressionStream = SyncInflateDecompressionStream;
  g[INSTALLED] = true;
}
