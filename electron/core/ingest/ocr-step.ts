/**
 * Ingest, then the OCR job for the pages without a text layer (issue 11).
 * Kept beside ingestFile rather than inside it: the parse stays one
 * transaction, and OCR commits page by page afterwards. An ingest of a file
 * already in the library resumes OCR that a killed or cancelled run left pending.
 */
import type { OcrMode } from '../../../shared/api/ocr';
import { PagewiseError } from '../errors';
import { ocrSummary, runOcr, type OcrRunResult } from '../ocr';
import type { Library } from '../store';
import { ingestFile, type IngestOptions, type IngestResult } from './index';

export interface IngestWithOcrOptions extends IngestOptions {
  /** Default 'auto'. */
  ocr?: OcrMode;
  ocrWorkers?: number;
}

export interface IngestWithOcrResult extends IngestResult {
  ocr: OcrRunResult;
}

export function refuseVision(mode: OcrMode | undefined): void {
  if (mode === 'vision') {
    throw new PagewiseError(
      'INVALID_INPUT',
      'Vision transcription is not available yet while adding a file: add it with --ocr off, then run pagewise ocr <doc> --ocr vision, which prints the cost before it sends anything. Or use --ocr auto to read scanned pages offline.',
    );
  }
}

export async function ingestWithOcr(library: Library, filePath: string, options: IngestWithOcrOptions = {}): Promise<IngestWithOcrResult> {
  const mode = options.ocr ?? 'auto';
  refuseVision(mode);
  const started = performance.now();
  const ingested = await ingestFile(library, filePath, options);
  const docId = ingested.document.id;
  const ocr =
    mode === 'auto' && library.ocr.pendingPages(docId).length > 0
      ? await runOcr(library, docId, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.ocrWorkers !== undefined ? { workers: options.ocrWorkers } : {}),
        })
      : ocrSummary(library.ocr.state(docId));
  const ms = ocr.readNow.length > 0 ? Math.round(performance.now() - started) : ingested.ms;
  return { ...ingested, ms, document: library.getDocument(docId) ?? ingested.document, ocr };
}
