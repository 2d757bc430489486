import { availableParallelism } from 'node:os';
import { PagewiseError, cancelledError, throwIfAborted } from '../errors';
import { extractPage, openDocument, readDocumentInfo, readPageLabels } from './document';
import type { PdfDoc } from './document';
import { runPool } from './pool';
import type { ExtractedPage, ExtractOptions, PdfDocumentInfo } from './types';

/** Documents with fewer pages than this are extracted in the calling thread (a pool costs more to start). */
export const SMALL_PDF_PAGES = 24;
export const MAX_WORKERS = 4;

/** Worker threads used for a document of `pageCount` pages (0 = the calling thread). */
export function poolSize(pageCount: number, requested?: number): number {
  if (pageCount < SMALL_PDF_PAGES) return 0;
  const n = requested ?? Math.min(availableParallelism(), MAX_WORKERS);
  return n <= 1 ? 0 : Math.min(Math.floor(n), 16, pageCount);
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
 * WRONG_PASSWORD | EMPTY_PDF | CANCELLED), calls onPage for every page in page order
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
  // pdf.js takes ownership of the buffer it is given: give it a copy
  let doc: PdfDoc | null = await abortable(openDocument(new Uint8Array(data), password), signal);
  try {
    const info = await abortable(readDocumentInfo(doc), signal);
    const total = info.pageCount;
    if (total === 0) throw new PagewiseError('EMPTY_PDF', 'This PDF has no pages; there is nothing to read.');
    const labels = await abortable(readPageLabels(doc), signal);
    onProgress?.(0, total);
    const workers = poolSize(total, options.workers);
    if (workers === 0) {
      for (let n = 1; n <= total; n++) {
        throwIfAborted(signal);
        const page = await extractPage(doc, n, labels?.[n - 1] ?? null);
        throwIfAborted(signal);
        await onPage(page);
        throwIfAborted(signal);
        onProgress?.(n, total);
      }
    } else {
      // the pool owns (and destroys) the open document from here on
      const open = doc;
      doc = null;
      await runPool({ data, doc: open, password, total, labels, workers, signal, onPage, onProgress });
    }
    return info;
  } finally {
    if (doc) await doc.destroy().catch(() => undefined);
  }
}
