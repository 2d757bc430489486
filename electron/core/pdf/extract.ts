import { availableParallelism } from 'node:os';
import { PagewiseError, cancelledError, throwIfAborted } from '../errors';
import { closeDocument, extractPage, hasPdfHeader, openDocument, readDocumentInfo, readPageLabels } from './document';
import type { PdfDoc } from './document';
import { DEFAULT_MEMORY_BUDGET_BYTES, watchMemory } from './memory-watch';
import { releaseWorkers, runPool, sharedInit, startWorkers, workerScriptUrl } from './pool';
import { checkStreamBudget } from './stream-budget';
import type { PoolWorker } from './pool';
import type { ExtractedPage, ExtractOptions, PdfDocumentInfo } from './types';

/** Documents with fewer pages than this are extracted in the calling thread (a pool costs more to start). */
export const SMALL_PDF_PAGES = 24;
/**
 * Most threads extracting by default (the calling thread included). Each one holds its own pdf.js and
 * document: ~130 MB at peak on a 3,000-page book (measured: 326 MB with 1 thread, 453 MB with 2,
 * 589 MB with 3), so more than 2 would break the 500 MB budget; and with the calling thread extracting
 * too, a second thread already takes most of what parallelism can give before the fixed costs dominate.
 */
export const MAX_WORKERS = 2;
/**
 * Files at least this big start their worker threads before the calling thread has opened the document
 * (the page count is not known yet), so that the workers' start (~0.2-0.3 s: load pdf.js, parse the
 * document) overlaps the calling thread's own; a file this big with fewer than SMALL_PDF_PAGES pages
 * closes them again.
 */
export const EARLY_START_BYTES = 256 * 1024;

/**
 * Threads that extract pages of a document of `pageCount` pages, the calling thread included
 * (it extracts pages between its own work: counting, staging). 1 = the calling thread only;
 * n > 1 = the calling thread + n - 1 worker threads. Default: defaultThreads().
 */
export function poolSize(pageCount: number, requested?: number): number {
  if (pageCount < SMALL_PDF_PAGES) return 1;
  const n = requested ?? defaultThreads();
  return n <= 1 ? 1 : Math.min(Math.floor(n), 16, pageCount);
}

/**
 * os.availableParallelism(), at most MAX_WORKERS (2). The calling thread extracts too, so on 2 cores
 * this is the calling thread + 1 worker. Measured here on 2 cores shared with other processes (load
 * average 4-7): the calling thread + 1 worker was between 15% slower and 1.3x faster than the
 * calling thread alone (a worker costs CPU of its own: ~0.25 s to load pdf.js and parse the document,
 * ~1 s more CPU in total on a 2,000-page book), and 2 workers beside an idle calling thread (the
 * old default) were slower than both; on an idle machine the second thread is a clear gain. The
 * load average is not used: it counts this process's own previous ingests as "busy elsewhere".
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

/**
 * The file has an /Encrypt dictionary: its streams are ciphertext to the stream budget, which then
 * cannot bound them, so its pages are read in worker threads under a memory watch (memory-watch.ts).
 */
function looksEncrypted(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes('/Encrypt');
}

function memoryError(budgetBytes: number): PagewiseError {
  return new PagewiseError(
    'PDF_TOO_LARGE',
    `Reading this encrypted PDF took more than ${Math.round(budgetBytes / (1024 * 1024))} MB of memory, more than any real document needs ` +
      '(a damaged file or a "zip bomb" in its encrypted streams). Nothing was stored; if the file should be fine, re-save it without a password from another PDF reader.',
  );
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Opens the PDF (throwing PagewiseError NOT_A_PDF | CORRUPT_PDF | ENCRYPTED_PDF |
 * WRONG_PASSWORD | EMPTY_PDF | PDF_TOO_LARGE | CANCELLED), calls onPage for every page in page order
 * (awaiting it: back-pressure, memory bounded) and returns the document info.
 * `data` is not modified.
 */
export async function extractPdf(
  data: Uint8Array,
  onPage: (page: ExtractedPage) => void | Promise<void>,
  options: ExtractOptions = {},
): Promise<PdfDocumentInfo> {
  const { signal, onProgress, password } = options;
  throwIfAborted(signal);
  // before pdf.js (and its workers) inflate anything: a "zip bomb" ends here, bounded
  if (hasPdfHeader(data)) await checkStreamBudget(data);
  throwIfAborted(signal);
  // Start the workers now when the file is big enough to need them: they load pdf.js and parse the
  // document while this thread does the same (see EARLY_START_BYTES).
  const guess = poolSize(Number.MAX_SAFE_INTEGER, options.workers) - 1;
  // (PAGEWISE_NO_EARLY=1 turns this off, for measurements.)
  let early: PoolWorker[] | null =
    guess > 0 && data.byteLength >= EARLY_START_BYTES && hasPdfHeader(data) && process.env.PAGEWISE_NO_EARLY !== '1'
      ? startWorkers(sharedInit(data, password), guess)
      : null;
  let doc: PdfDoc | null = null;
  try {
    // pdf.js takes ownership of the buffer it is given: give it a copy
    doc = await abortable(openDocument(new Uint8Array(data), password), signal);
    const info = await abortable(readDocumentInfo(doc), signal);
    const total = info.pageCount;
    if (total === 0) throw new PagewiseError('EMPTY_PDF', 'This PDF has no pages; there is nothing to read.');
    const labels = await abortable(readPageLabels(doc), signal);
    onProgress?.(0, total);
    // an encrypted document is read by worker threads only, which a memory watch can stop (looksEncrypted)
    const watched = looksEncrypted(data) && workerScriptUrl() !== null;
    // (the calling thread's share goes to one more worker: with one worker alone, filings one process each
    // went from 3.87x to 4.08x pdftotext and 32 in one process from 2.56x to 2.92x; it costs ~35 MB of
    // peak RSS per filing, and its document is closed here before they start)
    const threads = poolSize(total, options.workers) + (watched ? 1 : 0);
    if (threads <= 1) {
      if (early) releaseWorkers(early);
      early = null;
      for (let n = 1; n <= total; n++) {
        throwIfAborted(signal);
        const page = await extractPage(doc, n, labels?.[n - 1] ?? null);
        throwIfAborted(signal);
        await onPage(page);
        throwIfAborted(signal);
        onProgress?.(n, total);
      }
    } else {
      let started: PoolWorker[] | undefined;
      if (early && early.length === threads - 1) started = early;
      else if (early) releaseWorkers(early);
      early = null;
      if (watched) {
        // this thread reads no page of it: its own copy of the document goes now
        const own = doc;
        doc = null;
        await closeDocument(own);
        const budget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
        const watch = watchMemory(budget);
        try {
          const stop = signal ? AbortSignal.any([signal, watch.signal]) : watch.signal;
          await runPool({ data, doc: null, password, total, labels, workers: threads - 1, signal: stop, onPage, onProgress, mainLane: false, inlineFallback: false, ...(started ? { started } : {}) });
        } catch (error) {
          if (watch.tripped && !signal?.aborted) throw memoryError(budget);
          throw error;
        } finally {
          watch.stop();
        }
      } else {
        // the pool owns (and destroys) the open document from here on
        const open = doc;
        doc = null;
        await runPool({ data, doc: open, password, total, labels, workers: threads - 1, signal, onPage, onProgress, mainLane: true, ...(started ? { started } : {}) });
      }
    }
    return info;
  } finally {
    if (early) releaseWorkers(early);
    if (doc) await closeDocument(doc);
  }
}
