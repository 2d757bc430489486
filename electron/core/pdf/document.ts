/**
 * pdf.js (legacy build, Node) plumbing shared by the calling thread and the workers:
 * opening a document with fast options, mapping its errors to PagewiseError,
 * reading metadata/outline/labels, and extracting one page.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_PAGE_TEXT_CHARS } from '../../../shared/api/limits';
import { PagewiseError } from '../errors';
import { loadCommonJs } from '../runtime/code-cache';
import { installSyncInflate } from './inflate';
import { layoutTextAndRows } from './layout';
import { edgesOfRows } from './page-labels';
import { presentAsNodeForPdfJs, withoutLazyFetchGlobals } from './node-environment';
import type { TextRun } from './layout';
import type { ExtractedPage, OutlineEntry, PdfDocumentInfo } from './types';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

const PDFJS_MODULE: string = 'pdfjs-dist/legacy/build/pdf.min.mjs';
const PDFJS_WORKER_MODULE: string = 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';

/** dist/node/pdfjs.cjs beside this bundle, or (running from TS sources) in <repo>/dist/node/; null when not built. */
function bundledPdfJs(): string | null {
  for (const url of [new URL('./pdfjs.cjs', import.meta.url), new URL('../../../dist/node/pdfjs.cjs', import.meta.url)]) {
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return fileURLToPath(url);
  }
  return null;
}

let pdfjsPromise: Promise<PdfJs> | null = null;
/** Loads pdf.js once per thread (lazy: commands that never open a PDF do not pay for it). */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    // The legacy build bundles core-js, which globally replaces Array.prototype.push and
    // JSON.parse/stringify with slower polyfills (for edge cases V8 handles differently:
    // arrays longer than 2^32, JSON.parse source text). That slowed every array push in the
    // process (pdf.js and our layout code included) by ~10%: put the native ones back.
    const natives = [
      [Array.prototype, 'push', Object.getOwnPropertyDescriptor(Array.prototype, 'push')],
      [JSON, 'parse', Object.getOwnPropertyDescriptor(JSON, 'parse')],
      [JSON, 'stringify', Object.getOwnPropertyDescriptor(JSON, 'stringify')],
    ] as const;
    const restoreProcessType = presentAsNodeForPdfJs();
    const restoreFetchGlobals = withoutLazyFetchGlobals();
    let pdfjs: PdfJs;
    try {
      // Run pdf.js's own "worker" in this thread (its fake worker): we parallelise with our own
      // worker_threads pool, one document per worker. Loading the worker module registers it
      // (globalThis.pdfjsWorker), which skips a dynamic import by relative path that bundlers cannot see.
      const bundled = bundledPdfJs();
      if (bundled) {
        // dist/node/pdfjs.cjs (scripts/build-node.mjs): both minified builds as one CommonJS file, so
        // that it loads with V8's code cache (../runtime/code-cache.ts) instead of being compiled again
        // in every process (~0.1-0.2 s).
        pdfjs = (loadCommonJs(bundled, 'pdfjs') as { pdfjs: PdfJs }).pdfjs;
      } else {
        // From the TypeScript sources without a build. The minified builds (the same code): ~1.8 MB of
        // source to compile instead of 3.4 MB. The types are those of pdf.mjs.
        pdfjs = (await import(PDFJS_MODULE)) as PdfJs;
        const g = globalThis as { pdfjsWorker?: unknown };
        g.pdfjsWorker ??= (await import(PDFJS_WORKER_MODULE)) as unknown;
      }
    } finally {
      restoreFetchGlobals();
      restoreProcessType();
    }
    for (const [target, key, descriptor] of natives) if (descriptor) Object.defineProperty(target, key, descriptor);
    // pdf.js inflates every FlateDecode stream through DecompressionStream: make that synchronous (inflate.ts)
    installSyncInflate();
    return pdfjs;
  })();
  return pdfjsPromise;
}

let assetDirs: { standardFonts: string; cMaps: string } | null = null;
function pdfjsAssets(): { standardFonts: string; cMaps: string } {
  if (!assetDirs) {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    assetDirs = { standardFonts: join(root, 'standard_fonts') + '/', cMaps: join(root, 'cmaps') + '/' };
  }
  return assetDirs;
}

/** True when the bytes start (within the first 1 KB, as readers allow) with %PDF-. */
export function hasPdfHeader(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * Opens a document. `data` is handed to pdf.js, which takes ownership of (detaches) its
 * buffer: pass a copy you do not need any more.
 */
export async function openDocument(data: Uint8Array, password: string | undefined): Promise<PdfDoc> {
  if (data.byteLength === 0) throw new PagewiseError('NOT_A_PDF', 'The file is empty (0 bytes), not a PDF.');
  if (!hasPdfHeader(data)) {
    throw new PagewiseError('NOT_A_PDF', 'This is not a PDF file (no %PDF header). Check that you chose the right file.');
  }
  const pdfjs = await loadPdfJs();
  const assets = pdfjsAssets();
  const task = pdfjs.getDocument({
    data,
    password,
    // speed and quiet in Node: we only want text, never rendering
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    useWasm: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
    // Text extraction decodes no image; a page rendered for OCR skips an image over 100 megapixels
    // (400 MB of pixels) instead of allocating whatever its header claims.
    maxImageSize: 100_000_000,
    standardFontDataUrl: assets.standardFonts,
    cMapUrl: assets.cMaps,
    cMapPacked: true,
  });
  try {
    return await task.promise;
  } catch (error) {
    void task.destroy().catch(() => undefined);
    throw mapOpenError(error, password);
  }
}

function mapOpenError(error: unknown, password: string | undefined): PagewiseError {
  const e = error as { name?: string; code?: number; message?: string } | null;
  const name = e?.name ?? '';
  const message = e?.message ?? String(error);
  if (name === 'PasswordException') {
    // pdf.js: code 1 = NEED_PASSWORD, 2 = INCORRECT_PASSWORD
    if (password === undefined || password === '') {
      return new PagewiseError(
        'ENCRYPTED_PDF',
        'This PDF is password-protected. Pass its password with --password (or enter it when asked).',
        { cause: error },
      );
    }
    return new PagewiseError('WRONG_PASSWORD', 'The password for this PDF is wrong. Check it and try again with --password.', {
      cause: error,
    });
  }
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException' || name === 'MissingPDFException') {
    return new PagewiseError(
      'CORRUPT_PDF',
      `This PDF is damaged or truncated and cannot be read (${message}). Try re-downloading it or re-saving it from another PDF reader.`,
      { cause: error },
    );
  }
  if (/page count|Invalid Root|no pages/i.test(message)) {
    return new PagewiseError('EMPTY_PDF', 'This PDF has no pages; there is nothing to read.', { cause: error });
  }
  return new PagewiseError(
    'CORRUPT_PDF',
    `This PDF could not be read (${message}). Try re-downloading it or re-saving it from another PDF reader.`,
    { cause: error },
  );
}

function cleanString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- metadata strings often carry NULs and control bytes
  const text = value.replace(/[\u0000-\u001F\u007F\uFEFF]/g, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** Title and author: XMP (dc:title, dc:creator) first, then the Info dictionary. */
export async function readMetadata(doc: PdfDoc): Promise<{ title: string | null; author: string | null }> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const infoDict = (info ?? {}) as Record<string, unknown>;
    const xmpTitle = metadata ? cleanString(metadata.get('dc:title')) : null;
    const xmpCreatorRaw: unknown = metadata ? metadata.get('dc:creator') : null;
    const xmpCreator = Array.isArray(xmpCreatorRaw)
      ? cleanString(xmpCreatorRaw.filter((v) => typeof v === 'string').join(', '))
      : cleanString(xmpCreatorRaw);
    const usable = (t: string | null): string | null => (t && !/^untitled$/i.test(t) ? t : null);
    return {
      title: usable(xmpTitle) ?? usable(cleanString(infoDict.Title)),
      author: xmpCreator ?? cleanString(infoDict.Author),
    };
  } catch {
    return { title: null, author: null };
  }
}

interface RawOutlineItem {
  title: string;
  dest: string | unknown[] | null;
  items: RawOutlineItem[];
}

/** The outline flattened in pre-order with depth, each entry mapped to its 1-based page (null if unresolvable). */
export async function readOutline(doc: PdfDoc): Promise<OutlineEntry[]> {
  let root: RawOutlineItem[] | null;
  try {
    root = (await doc.getOutline()) as RawOutlineItem[] | null;
  } catch {
    return [];
  }
  const out: OutlineEntry[] = [];
  const MAX_ENTRIES = 20_000;
  const visit = async (items: RawOutlineItem[], depth: number): Promise<void> => {
    for (const item of items) {
      if (out.length >= MAX_ENTRIES || depth > 32) return;
      out.push({ title: cleanString(item.title) ?? '(untitled)', pageNumber: await resolveDest(doc, item.dest), depth });
      if (item.items?.length) await visit(item.items, depth + 1);
    }
  };
  if (root) await visit(root, 0);
  return out;
}

async function resolveDest(doc: PdfDoc, dest: string | unknown[] | null): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const target: unknown = explicit[0];
    let index: number;
    if (typeof target === 'number') index = target;
    else if (target && typeof target === 'object' && 'num' in target) {
      index = await doc.getPageIndex(target as { num: number; gen: number });
    } else return null;
    return Number.isInteger(index) && index >= 0 && index < doc.numPages ? index + 1 : null;
  } catch {
    return null;
  }
}

/** Page labels per physical page (index 0 = page 1), or null when the PDF has none. */
export async function readPageLabels(doc: PdfDoc): Promise<(string | null)[] | null> {
  try {
    const labels = await doc.getPageLabels();
    if (!labels) return null;
    return labels.map((l) => (typeof l === 'string' && l.trim() !== '' ? l.trim() : null));
  } catch {
    return null;
  }
}

export async function readDocumentInfo(doc: PdfDoc): Promise<PdfDocumentInfo> {
  const [meta, outline] = await Promise.all([readMetadata(doc), readOutline(doc)]);
  return { pageCount: doc.numPages, title: meta.title, author: meta.author, outline };
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

// MAX_PAGE_TEXT_CHARS: a dense printed page holds ~5,000 characters; past 200,000 a page is not prose
// but a generated blob (50 MB of text without a space): its text is cut, pdf.js stops reading it, and
// the page is marked `truncated`, so time and memory stay bounded.

/** How long closing a document may take before we stop waiting (see closeDocument). */
const CLOSE_WAIT_MS = 2_000;

/** Documents with a page whose text was cut at MAX_PAGE_TEXT_CHARS: pdf.js's text task for it stays paused. */
const pausedTextTasks = new WeakSet<PdfDoc>();

/**
 * Destroys a pdf.js document without waiting forever. A page whose text was cut at
 * MAX_PAGE_TEXT_CHARS leaves pdf.js's text task paused on a full queue, and destroy() waits for
 * that task to finish, which it never does: such a document is destroyed without waiting (the
 * paused task is dropped with it). Any other destroy is awaited, up to CLOSE_WAIT_MS. That timer
 * keeps the process alive: unref'd, a process with nothing else to do left in the middle of the
 * await, exiting 0 with the ingest unfinished and nothing stored.
 */
export async function closeDocument(doc: PdfDoc): Promise<void> {
  const destroyed = doc.destroy().catch(() => undefined);
  if (pausedTextTasks.has(doc)) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_WAIT_MS);
  });
  try {
    await Promise.race([destroyed, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** The page's text runs in pdf.js order, read chunk by chunk up to MAX_PAGE_TEXT_CHARS. */
async function readTextRuns(stream: ReadableStream): Promise<{ runs: TextRun[]; truncated: boolean }> {
  const reader = stream.getReader() as ReadableStreamDefaultReader<{ items: unknown[] }>;
  const runs: TextRun[] = [];
  let chars = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { runs, truncated: false };
      for (const raw of value.items) {
        const item = raw as PdfTextItem;
        if (typeof item.str !== 'string' || item.str === '') continue;
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
        const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
        const room = MAX_PAGE_TEXT_CHARS - chars;
        const str = item.str.length > room ? item.str.slice(0, room) : item.str;
        runs.push({ str, x: e, y: f, w: item.width * (str.length / item.str.length), size });
        chars += str.length;
        if (chars >= MAX_PAGE_TEXT_CHARS) {
          // Stop reading: once its queue is full pdf.js waits for room at its next time slot, so it stops
          // working on the page (freed when the document is destroyed). Not reader.cancel(): pdf.js 5
          // then still enqueues chunks already in flight into the cancelled stream, an unhandled rejection.
          return { runs, truncated: true };
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Extracts one page; never throws for a page pdf.js cannot parse (returns failed: true). */
export async function extractPage(doc: PdfDoc, pageNumber: number, label: string | null): Promise<ExtractedPage> {
  let page: Awaited<ReturnType<PdfDoc['getPage']>> | null = null;
  try {
    page = await doc.getPage(pageNumber);
    const { runs, truncated } = await readTextRuns(page.streamTextContent({ includeMarkedContent: false, disableNormalization: false }));
    // the text in reading order, and the top and bottom rows by position for running page numbers (page-labels.ts)
    const { text, rows } = layoutTextAndRows(runs);
    const edges = edgesOfRows(rows);
    const extracted: ExtractedPage = { pageNumber, label, text, edges, noText: text.trim() === '', failed: false };
    if (truncated) {
      extracted.truncated = true;
      pausedTextTasks.add(doc);
    }
    return extracted;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { pageNumber, label, text: '', noText: false, failed: true, error: `pdf.js could not parse this page: ${message}` };
  } finally {
    try {
      page?.cleanup();
    } catch {
      // cleanup is best effort
    }
  }
}
