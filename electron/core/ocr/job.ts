/**
 * The OCR job for one document (ARCHITECTURE.md rule 6): every page still
 * without text is rendered, recognised and committed in its own transaction.
 * Pages render one at a time on this thread while up to `pool.size` pages are
 * recognised in tesseract.js workers, so at most size + 1 page images are in
 * memory. Killed halfway, the finished pages stay stored and the rest stay
 * pending; the next run does only the rest. Cancelled, it stops after the pages
 * in flight and keeps what is done.
 */
import { readFile } from 'node:fs/promises';
import type { Progress } from '../../../shared/api/domain';
import { PagewiseError, toPagewiseError } from '../errors';
import type { Library, OcrPageResult, OcrState } from '../store';
import { countTokens } from '../tokens';
import { openForRender, renderPage, type RenderedPage } from './render';
import { OcrPool, ocrPoolSize, tesseractJsVersion } from './tesseract';

/** A long scan's PDF is reopened after this many pages (pdf.js caches grow while a document is open). */
const REOPEN_EVERY = 25;

/** Pages read with a mean word confidence under this are listed for a person to check. */
export const LOW_CONFIDENCE = 75;

export interface OcrRunOptions {
  /** Only these pages (those of them still pending). */
  pages?: number[];
  signal?: AbortSignal;
  /** Stop after the pages in flight and return what is done (result.stopped), rather than throw as `signal` does. */
  stop?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** tesseract.js workers (default ocrPoolSize()). */
  workers?: number;
  /** The tesseract language read (the ocrLanguage setting; default DEFAULTS.ocrLanguage). */
  language?: string;
}

export interface OcrRunResult extends OcrState {
  /** Pages read in this run (a resumed run does not list pages finished before). */
  readNow: number[];
  /** OCR pages with confidence under LOW_CONFIDENCE. */
  lowConfidencePages: number[];
  /** Why each page failed in this run. */
  errors: { page: number; message: string }[];
  /** The run was stopped (options.stop) before every pending page was read. */
  stopped?: boolean;
}

export function ocrSummary(state: OcrState, readNow: number[] = [], errors: { page: number; message: string }[] = []): OcrRunResult {
  return {
    ...state,
    readNow,
    lowConfidencePages: state.confidences.filter((c) => c.confidence < LOW_CONFIDENCE).map((c) => c.page),
    errors,
  };
}

function failedResult(pageNumber: number, message: string): OcrPageResult {
  return {
    pageNumber,
    status: 'failed',
    text: '',
    tokens: 0,
    confidence: null,
    words: [],
    engine: tesseractJsVersion(),
    dpi: 0,
    width: 0,
    height: 0,
    error: message,
  };
}

export async function runOcr(library: Library, docId: string, options: OcrRunOptions = {}): Promise<OcrRunResult> {
  const { signal, stop, onProgress } = options;
  const doc = library.getDocument(docId);
  if (!doc) throw new PagewiseError('DOC_NOT_FOUND', `No document with id ${docId.slice(0, 12)} in the library.`);
  const wanted = options.pages ? new Set(options.pages) : null;
  const pending = library.ocr.pendingPages(docId).filter((n) => !wanted || wanted.has(n));
  const readNow: number[] = [];
  const errors: { page: number; message: string }[] = [];
  if (pending.length === 0) return ocrSummary(library.ocr.state(docId));

  const total = pending.length;
  let done = 0;
  const report = (): void => onProgress?.({ stage: 'ocr', done, total, message: `OCR page ${Math.min(done + 1, total)} of ${total}` });
  report();

  // pdf.js keeps per-document caches (fonts, images, page objects) for as long as it is open: a long scan
  // is reopened every REOPEN_EVERY pages so memory stays flat. The stored original is read again each
  // time rather than kept: pdf.js takes the bytes it is given, and a second copy of a 50 MB scan held
  // for the whole job was what took a 300-page run past 600 MB.
  const originalPath = library.originalFilePath(docId);
  const readOriginal = async (): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await readFile(originalPath));
    } catch (error) {
      throw new PagewiseError('FILE_NOT_FOUND', `The stored copy of this PDF could not be read (${(error as Error).message}); add the file again to read its pages.`, { cause: error });
    }
  };
  let pdf = await openForRender(await readOriginal());
  let renderedSinceOpen = 0;
  const pool = new OcrPool(ocrPoolSize(options.workers), options.language);
  const inFlight = new Set<Promise<void>>();
  let fatal: unknown = null;

  const store = (result: OcrPageResult): void => {
    if (library.ocr.storePage(docId, result) && result.status !== 'failed') readNow.push(result.pageNumber);
    if (result.error) errors.push({ page: result.pageNumber, message: result.error });
    done++;
    report();
  };
  const recognise = async (page: RenderedPage): Promise<void> => {
    try {
      const read = await pool.recognize(page.pgm);
      store({
        pageNumber: page.pageNumber,
        status: 'done',
        text: read.text,
        tokens: read.text ? countTokens(read.text) : 0,
        confidence: read.confidence,
        words: read.words,
        engine: read.engine,
        dpi: page.dpi,
        width: page.width,
        height: page.height,
        error: null,
      });
    } catch (error) {
      if (signal?.aborted) return;
      const failure = toPagewiseError(error);
      // An engine that cannot start fails every page alike: stop and say so, rather than mark them all failed.
      if (failure.code === 'INTERNAL' || failure.code === 'FILE_NOT_FOUND') fatal ??= failure;
      else store(failedResult(page.pageNumber, `OCR could not read page ${page.pageNumber}: ${failure.message}`));
    }
  };

  try {
    for (const pageNumber of pending) {
      if (signal?.aborted || stop?.aborted || fatal) break;
      while (inFlight.size >= pool.size) await Promise.race(inFlight);
      if (signal?.aborted || stop?.aborted || fatal) break;
      if (renderedSinceOpen >= REOPEN_EVERY) {
        await pdf.destroy().catch(() => undefined);
        pdf = await openForRender(await readOriginal());
        renderedSinceOpen = 0;
      }
      renderedSinceOpen++;
      let page: RenderedPage;
      try {
        page = await renderPage(pdf, pageNumber);
      } catch (error) {
        store(failedResult(pageNumber, toPagewiseError(error).message));
        continue;
      }
      if (page.blank) {
        store({ ...failedResult(pageNumber, ''), status: 'blank', error: null, dpi: page.dpi, width: page.width, height: page.height });
        continue;
      }
      const job = recognise(page).finally(() => inFlight.delete(job));
      inFlight.add(job);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.close();
    await pdf.destroy().catch(() => undefined);
  }
  if (fatal) throw fatal;
  const result = ocrSummary(library.ocr.state(docId), readNow, errors);
  if (stop?.aborted && !signal?.aborted && result.pending.length > 0) result.stopped = true;
  if (signal?.aborted) {
    throw new PagewiseError(
      'CANCELLED',
      `OCR stopped after ${readNow.length} of ${total} pages; the pages read are kept and ${result.pending.length} still need OCR (add the file again, or run pagewise ocr, to continue).`,
    );
  }
  return result;
}
