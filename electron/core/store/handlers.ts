/** library.* and history.* operations (the contract is shared/api/library.ts, history.ts). */
import type { DocumentFit } from '../../../shared/api';
import { forgetDocument, planSummary } from '../analysis';
import type { Engine, HandlerMap } from '../engine';
import { PagewiseError, toPagewiseError } from '../errors';
import { ingestFile } from '../ingest';
import { inputBudget } from '../tokens';

/** Errors after which the user may retry the same upload (with a password). */
const KEEP_UPLOAD_ON = new Set(['ENCRYPTED_PDF', 'WRONG_PASSWORD', 'CANCELLED']);

/** How the document fits one request of the current model (the same numbers a plan uses). */
async function documentFit(engine: Engine, docId: string, documentTokens: number): Promise<DocumentFit> {
  const ctx = await engine.analysisContext({ withProvider: false });
  let budget: number;
  let tokens = documentTokens;
  try {
    const plan = planSummary(ctx, docId, 'brief');
    budget = plan.inputBudget;
    tokens = plan.documentTokens;
  } catch {
    // No text or a plan that cannot be built: fall back to the window minus the reserve and a typical prompt overhead.
    budget = inputBudget(ctx.model, ctx.settings.answerReserveTokens, 1000);
    if (ctx.settings.budgetTokens != null) budget = Math.min(budget, ctx.settings.budgetTokens);
  }
  budget = Math.max(0, budget);
  return {
    model: ctx.model.id,
    contextWindow: ctx.model.contextWindow,
    inputBudget: budget,
    documentTokens: tokens,
    fitsWhole: tokens <= budget,
    fillRatio: budget > 0 ? tokens / budget : tokens > 0 ? Number.MAX_SAFE_INTEGER : 0,
  };
}

export const libraryHandlers = {
  async 'library.ingest'(engine, input, { signal, emit }) {
    let filePath: string;
    let uploadId: string | null = null;
    if (input.source.kind === 'path') {
      filePath = input.source.path;
    } else {
      uploadId = input.source.uploadId;
      // The stored file's name becomes the document's file name: use the one the user's browser gave.
      const stored = input.fileName ? engine.renameUpload(uploadId, input.fileName) : engine.uploadPath(uploadId);
      if (!stored) throw new PagewiseError('FILE_NOT_FOUND', 'The uploaded file is no longer available; add the PDF again.');
      filePath = stored;
    }
    try {
      const result = await ingestFile(engine.library, filePath, {
        ...(input.password !== undefined ? { password: input.password } : {}),
        signal,
        onProgress: (progress) => emit({ type: 'progress', progress }),
      });
      if (uploadId) engine.discardUpload(uploadId);
      return {
        document: result.document,
        alreadyPresent: result.alreadyPresent,
        ms: result.ms,
        ocrPages: result.document.textlessPages,
      };
    } catch (error) {
      if (uploadId && !KEEP_UPLOAD_ON.has(toPagewiseError(error).code)) engine.discardUpload(uploadId);
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
      fit: await documentFit(engine, document.id, document.totalTokens),
    };
  },

  'library.remove'(engine, { docId }) {
    const document = engine.library.resolveDocument(docId);
    const removed = engine.library.removeDocument(document.id);
    forgetDocument(engine.library, document.id);
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
} satisfies HandlerMap<'library.ingest' | 'library.list' | 'library.info' | 'library.remove' | 'library.search' | 'library.page'>;

export const historyHandlers = {
  'history.list'(engine, { docId, search, threadId, limit }) {
    const id = docId === undefined ? undefined : engine.library.resolveDocument(docId).id;
    const items = engine.library.listAnswers({
      ...(id !== undefined ? { docId: id } : {}),
      ...(search ? { search } : {}),
      ...(threadId !== undefined ? { threadId } : {}),
      limit: limit ?? 200,
    });
    return { items };
  },

  // A full id or a unique prefix of one (the CLI's `show 3f2a`): resolved here, by an indexed query.
  'history.get'(engine, { answerId }) {
    return engine.library.resolveAnswer(answerId);
  },
} satisfies HandlerMap<'history.list' | 'history.get'>;
