/** ocr.* operations: run OCR on a document's pages without text, and read stored page text with its source. */
import type { OcrOutcome } from '../../../shared/api/ocr';
import type { HandlerMap } from '../service';
import { refuseVision } from '../ingest/ocr-step';
import type { Library } from '../store';
import { runOcr, type OcrRunResult } from './job';

export function ocrOutcome(library: Library, docId: string, run: OcrRunResult): OcrOutcome {
  const document = library.getDocument(docId);
  if (!document) throw new Error('the document vanished during OCR');
  return {
    document,
    ocrPages: run.ocrPages,
    blankPages: run.blankPages,
    textlessPages: document.textlessPages,
    pendingPages: run.pending,
    lowConfidencePages: run.lowConfidencePages,
    readNow: run.readNow,
    errors: run.errors,
  };
}

export const ocrHandlers = {
  async 'ocr.run'(engine, input, { signal, emit }) {
    refuseVision(input.mode);
    const docId = engine.library.resolveDocument(input.docId).id;
    const run = await runOcr(engine.library, docId, {
      ...(input.pages ? { pages: input.pages } : {}),
      signal,
      onProgress: (progress) => emit({ type: 'progress', progress }),
    });
    return ocrOutcome(engine.library, docId, run);
  },

  'ocr.text'(engine, input) {
    const docId = engine.library.resolveDocument(input.docId).id;
    return { id: docId, pages: engine.library.ocr.pageTexts(docId, input.pages) };
  },
} satisfies HandlerMap<'ocr.run' | 'ocr.text'>;
