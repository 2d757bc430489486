/**
 * Ingest, then the OCR job for the pages without a text layer (issue 11).
 * Kept beside ingestFile rather than inside it: the parse stays one
 * transaction, and OCR commits page by page afterwards. An ingest of a file
 * already in the library resumes OCR that a killed or cancelled run left pending.
 *
 * Mode 'vision' reads nothing here: the pages stay pending and are returned in
 * `visionPages`, because nothing may go to the model before the caller has shown
 * its cost (ocr.plan), and only the caller can do that (the CLI prints it; the app
 * asks "Send"). The caller then runs ocr.run with mode 'vision'.
 */
import { DEFAULTS } from '../../../shared/api/defaults';
import type { OcrMode } from '../../../shared/api/domain';
import { ocrSummary, runOcr, type OcrRunResult } from '../ocr';
import type { Library } from '../store';
import { ingestFile, type IngestOptions, type IngestResult } from './index';

export interface IngestWithOcrOptions extends IngestOptions {
  /** Default DEFAULTS.ocrMode (the engine passes the ocrMode setting). */
  ocr?: OcrMode;
  ocrWorkers?: number;
  /** The tesseract language for mode 'auto' (the ocrLanguage setting). */
  ocrLanguage?: string;
}

export interface IngestWithOcrResult extends IngestResult {
  ocr: OcrRunResult;
  /** The mode used. */
  ocrMode: OcrMode;
  /** Mode 'vision': the pages still without text, left for the caller to cost and send; else empty. */
  visionPages: number[];
}

export async function ingestWithOcr(library: Library, filePath: string, options: IngestWithOcrOptions = {}): Promise<IngestWithOcrResult> {
  const mode = options.ocr ?? DEFAULTS.ocrMode;
  const started = performance.now();
  const ingested = await ingestFile(library, filePath, options);
  const docId = ingested.document.id;
  const ocr =
    mode === 'auto' && library.ocr.pendingPages(docId).length > 0
      ? await runOcr(library, docId, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.ocrWorkers !== undefined ? { workers: options.ocrWorkers } : {}),
          ...(options.ocrLanguage !== undefined ? { language: options.ocrLanguage } : {}),
        })
      : ocrSummary(library.ocr.state(docId));
  const ms = ocr.readNow.length > 0 ? Math.round(performance.now() - started) : ingested.ms;
  return {
    ...ingested,
    ms,
    document: library.getDocument(docId) ?? ingested.document,
    ocr,
    ocrMode: mode,
    visionPages: mode === 'vision' ? ocr.pending : [],
  };
}
