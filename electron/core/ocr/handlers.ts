/** ocr.* operations: run OCR on a document's pages without text, and read stored page text with its source. */
import type { OcrOutcome } from '../../../shared/api/ocr';
import type { Engine } from '../engine';
import type { HandlerMap } from '../service';
import { PagewiseError } from '../errors';
import type { Library } from '../store';
import type { Progress } from '../../../shared/api/domain';
import { LOW_CONFIDENCE, runOcr, type OcrRunResult } from './job';
import { availableOcrLanguages } from './languages';
import { planVision, runVision } from './vision';

export function ocrOutcome(library: Library, docId: string, run: OcrRunResult): OcrOutcome {
  const document = library.getDocument(docId);
  if (!document) throw new Error('the document vanished during OCR');
  return {
    document,
    ocrPages: run.ocrPages,
    blankPages: run.blankPages,
    textlessPages: document.textlessPages,
    pendingPages: run.pending,
    ...(run.stopped ? { stopped: true } : {}),
    lowConfidencePages: run.lowConfidencePages,
    readNow: run.readNow,
    errors: run.errors,
  };
}

/** Runs under way per engine and document, so ocr.cancel can stop one and it still answers with what it read. */
const running = new WeakMap<Engine, Map<string, AbortController>>();

function runsOf(engine: Engine): Map<string, AbortController> {
  let runs = running.get(engine);
  if (!runs) running.set(engine, (runs = new Map()));
  return runs;
}

export const ocrHandlers = {
  async 'ocr.run'(engine, input, { signal, emit }) {
    const docId = engine.library.resolveDocument(input.docId).id;
    const stop = new AbortController();
    const runs = runsOf(engine);
    runs.set(docId, stop);
    const common = {
      ...(input.pages ? { pages: input.pages } : {}),
      signal,
      stop: stop.signal,
      onProgress: (progress: Progress) => emit({ type: 'progress', progress }),
    };
    try {
      if (input.mode === 'vision') {
        const ctx = await engine.analysisContext({ withProvider: true });
        if (!ctx.provider) {
          throw new PagewiseError('NO_PROVIDER', 'Vision transcription sends page images to the model, and no provider is set up. Set one in Settings (or OPENAI_API_KEY), or read the pages offline with --ocr auto.');
        }
        const run = await runVision(engine.library, docId, ctx.provider, ctx.model, { ...common, detail: input.detail ?? engine.settings().visionDetail });
        return { ...ocrOutcome(engine.library, docId, run), usage: run.usage };
      }
      const run = await runOcr(engine.library, docId, { ...common, language: engine.settings().ocrLanguage });
      return ocrOutcome(engine.library, docId, run);
    } finally {
      if (runs.get(docId) === stop) runs.delete(docId);
    }
  },

  async 'ocr.plan'(engine, input) {
    const docId = engine.library.resolveDocument(input.docId).id;
    return planVision(engine.library, docId, engine.model(), input.detail ?? engine.settings().visionDetail, input.pages);
  },

  'ocr.languages'(engine) {
    return { languages: availableOcrLanguages(), current: engine.settings().ocrLanguage };
  },

  'ocr.cancel'(engine, input) {
    const docId = engine.library.resolveDocument(input.docId).id;
    const stop = runsOf(engine).get(docId);
    stop?.abort();
    return { stopping: stop !== undefined };
  },

  'ocr.text'(engine, input) {
    const docId = engine.library.resolveDocument(input.docId).id;
    return { id: docId, pages: engine.library.ocr.pageTexts(docId, input.pages) };
  },

  'ocr.status'(engine, input) {
    const docIds = input.docIds?.map((ref) => engine.library.resolveDocument(ref).id);
    return { documents: engine.library.ocr.statusByDocument(docIds, LOW_CONFIDENCE) };
  },

  'ocr.words'(engine, input) {
    const docId = engine.library.resolveDocument(input.docId).id;
    const [page] = engine.library.ocr.pageTexts(docId, [input.page]);
    if (!page) throw new PagewiseError('INVALID_INPUT', `This document has no page ${input.page}.`);
    return { ...page, words: page.source === 'text' ? [] : engine.library.ocr.pageWords(docId, input.page) };
  },
} satisfies HandlerMap<'ocr.run' | 'ocr.plan' | 'ocr.cancel' | 'ocr.text' | 'ocr.status' | 'ocr.words' | 'ocr.languages'>;
