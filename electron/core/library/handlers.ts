/**
 * library.* operations (the contract is shared/api/library.ts): adding a PDF (ingest, with OCR where pages
 * have no text), listing, inspecting, renaming, removing and searching documents.
 */
import type { HandlerMap } from '../service';
import { PagewiseError, toPagewiseError } from '../errors';

// Ingest (pdf.js, OCR) and analysis (ranking, plans) load on first use, not for a `list` (issue 9, start-up).
const ingestStep = () => import('../ingest/ocr-step');
const analysis = () => import('../analysis');

/** Errors after which the user may retry the same upload (with a password). */
const KEEP_UPLOAD_ON = new Set(['ENCRYPTED_PDF', 'WRONG_PASSWORD', 'CANCELLED']);

export const libraryHandlers = {
  async 'library.ingest'(engine, input, { signal, emit, uploads }) {
    let filePath: string;
    let uploadId: string | null = null;
    if (input.source.kind === 'path') {
      filePath = input.source.path;
    } else {
      uploadId = input.source.uploadId;
      // The stored file's name becomes the document's file name: use the one the user's browser gave.
      const stored = !uploads ? null : input.fileName ? uploads.rename(uploadId, input.fileName) : uploads.path(uploadId);
      if (!stored) throw new PagewiseError('FILE_NOT_FOUND', 'The uploaded file is no longer available; add the PDF again.');
      filePath = stored;
    }
    try {
      const { ingestWithOcr } = await ingestStep();
      const settings = engine.settings();
      // vision sends nothing here: the pages come back in visionPages for the caller to cost and send
      const result = await ingestWithOcr(engine.library, filePath, {
        ...(input.password !== undefined ? { password: input.password } : {}),
        ocr: input.ocr ?? settings.ocrMode,
        ocrLanguage: settings.ocrLanguage,
        signal,
        onProgress: (progress) => emit({ type: 'progress', progress }),
      });
      if (uploadId) uploads?.discard(uploadId);
      return {
        document: result.document,
        alreadyPresent: result.alreadyPresent,
        ms: result.ms,
        ocrPages: result.ocr.ocrPages,
        blankPages: result.ocr.blankPages,
        lowConfidencePages: result.ocr.lowConfidencePages,
        ocrMode: result.ocrMode,
        visionPages: result.visionPages,
      };
    } catch (error) {
      if (uploadId && !KEEP_UPLOAD_ON.has(toPagewiseError(error).code)) uploads?.discard(uploadId);
      throw error;
    }
  },

  'library.list'(engine) {
    return { documents: engine.library.listDocuments() };
  },

  async 'library.info'(engine, { docId }) {
    const document = engine.library.resolveDocument(docId);
    return {
      document,
      outline: engine.library.getOutline(document.id),
      pages: engine.library.pageStats(document.id),
      fit: (await analysis()).documentFit(await engine.analysisContext({ withProvider: false }), document.id, document.totalTokens),
    };
  },

  'library.rename'(engine, { docId, title }) {
    const document = engine.library.resolveDocument(docId);
    const renamed = engine.library.renameDocument(document.id, title);
    if (!renamed) throw new PagewiseError('DOC_NOT_FOUND', `"${document.title}" was removed from the library meanwhile; nothing was renamed.`);
    return { document: renamed };
  },

  async 'library.remove'(engine, { docId }) {
    const document = engine.library.resolveDocument(docId);
    const removed = engine.library.removeDocument(document.id);
    (await analysis()).forgetDocument(engine.library, document.id);
    return { removed };
  },

  'library.search'(engine, { docId, query, limit, perDocument, order }) {
    const id = docId === null ? null : engine.library.resolveDocument(docId).id;
    if (id !== null && order === 'page') return { hits: engine.library.searchDocumentInPageOrder(id, query) };
    return { hits: engine.library.searchPages(id, query, limit, perDocument) };
  },

  'library.page'(engine, { docId, pageNumber }) {
    const document = engine.library.resolveDocument(docId);
    const page = engine.library.getPage(document.id, pageNumber);
    if (!page) {
      throw new PagewiseError('INVALID_INPUT', `Page ${pageNumber} does not exist: "${document.title}" has ${document.pageCount} pages.`);
    }
    return page;
  },
} satisfies HandlerMap<'library.ingest' | 'library.list' | 'library.info' | 'library.rename' | 'library.remove' | 'library.search' | 'library.page'>;
