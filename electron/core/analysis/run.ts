/**
 * Shared machinery for ask and summarize: cache keys, sending one counted
 * request, usage sums, bounded concurrency, answer records, citations.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AnswerRecord, Citation, Progress, Strategy, Usage } from '../../../shared/api/domain';
import { PagewiseError, throwIfAborted, toPagewiseError } from '../errors';
import { costUsd } from '../llm/models';
import { assertRoomToSave } from '../store/disk';
import type { ChatResult, RetryInfo } from '../llm/types';
import type { ChatMessage } from '../tokens';
import { citedPages, parseCitations, verifiedShare, verifyAcross, verifyCitations } from './citations';
import { allPageTexts, pageInfos, pageTexts } from './pages';
import { assertFits } from './plan';
import { REQUEST_VERSION } from './version';
import type { AnalysisContext } from './types';

export interface CacheKeyParts {
  docId: string;
  /** Several documents: every document id (sorted) and the scope (kind + collection), in the key. */
  scope?: { docIds: string[]; kind: string; collectionId: string | null };
  modelId: string;
  strategy: string;
  /** normalised question, or "summary:<kind>" */
  subject: string;
  budget: number | null;
  /** Output tokens reserved (max_tokens): changes the pages that fit and how long the answer may be. */
  reserve: number;
  /** The model's window (a custom model's can change under the same id). */
  contextWindow: number;
  threadId: string | null;
  lastAnswerId: string | null;
}

/** sha256 over the parts (docs/ARCHITECTURE.md rule 3: document, model, prompt + ranking version, strategy, question; plus budget, reserve, window and thread position). */
export function cacheKey(parts: CacheKeyParts): string {
  const payload = JSON.stringify([
    'pagewise-answer-v1',
    parts.docId,
    parts.modelId,
    REQUEST_VERSION,
    parts.strategy,
    parts.subject,
    parts.budget,
    parts.reserve,
    parts.contextWindow,
    parts.threadId,
    parts.lastAnswerId,
    // absent for one document, so one-document keys are unchanged
    ...(parts.scope ? [[...parts.scope.docIds].sort(), parts.scope.kind, parts.scope.collectionId] : []),
  ]);
  return createHash('sha256').update(payload).digest('hex');
}

export const ZERO_USAGE: Usage = Object.freeze({ promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** Count, check, send one request. */
export async function sendCounted(
  ctx: AnalysisContext,
  messages: ChatMessage[],
  maxOutputTokens: number,
  signal: AbortSignal | undefined,
  onDelta?: (text: string) => void,
): Promise<ChatResult & { predictedPromptTokens: number }> {
  const provider = ctx.provider;
  if (!provider) throw new PagewiseError('INTERNAL', 'Internal error: no provider for a model request.');
  throwIfAborted(signal);
  const predictedPromptTokens = assertFits(ctx, messages, maxOutputTokens);
  // an answer that could not be saved would be paid for and lost: check for room first
  assertRoomToSave(ctx.library.path, 'an answer could not be saved there, so the model was not asked (nothing was paid for)');
  const request = {
    messages,
    maxOutputTokens,
    ...(signal ? { signal } : {}),
    ...(onDelta ? { onDelta } : {}),
    ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}),
  };
  const result = await provider.chat(request);
  return { ...result, predictedPromptTokens };
}

/**
 * Run fn over items, at most `limit` at a time, results in order. The first
 * failure stops the rest: nothing new starts, and the signal handed to the
 * calls still running aborts them (no paying for requests whose work is lost).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const stopOthers = new AbortController();
  const callSignal = signal ? AbortSignal.any([signal, stopOthers.signal]) : stopOthers.signal;
  let next = 0;
  let failed: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failed === null) {
      const i = next++;
      if (i >= items.length) return;
      try {
        results[i] = await fn(items[i] as T, i, callSignal);
      } catch (error) {
        if (failed === null) {
          failed = { error };
          stopOthers.abort();
        }
        return;
      }
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: n }, () => worker()));
  if (failed !== null) throw (failed as { error: unknown }).error;
  return results;
}

/** Parse and verify the citations of a text against stored page text. */
export function checkCitations(ctx: AnalysisContext, docId: string, text: string, contextPages: Iterable<number>): { citations: Citation[]; share: number } {
  const parsed = parseCitations(text);
  const pages = citedPages(parsed);
  const texts = pages.length > 40 ? allPageTexts(ctx.library, docId) : pageTexts(ctx.library, docId, pages);
  const labels = new Map(pageInfos(ctx.library, docId).map((p) => [p.pageNumber, p.label]));
  const citations = verifyCitations(parsed, {
    pageText: (p) => texts.get(p),
    pageLabel: (p) => labels.get(p) ?? null,
    contextPages: new Set(contextPages),
  });
  return { citations, share: verifiedShare(citations) };
}

/** A document an answer over several was written from: its prompt key and the pages of it in the context. */
export interface ContextSource {
  docId: string;
  key: string;
  title: string;
  pages: readonly number[];
}

/** Parse and verify the citations of an answer over several documents (citations.ts verifyAcross). */
export function checkCitationsAcross(ctx: AnalysisContext, sources: readonly ContextSource[], text: string): { citations: Citation[]; share: number } {
  const parsed = parseCitations(text);
  const cited = citedPages(parsed);
  const citations = verifyAcross(
    parsed,
    sources.map((s) => {
      const texts = cited.length > 40 ? allPageTexts(ctx.library, s.docId) : pageTexts(ctx.library, s.docId, cited);
      const labels = new Map(pageInfos(ctx.library, s.docId).map((p) => [p.pageNumber, p.label]));
      return {
        docId: s.docId, key: s.key, title: s.title,
        pageText: (p: number) => texts.get(p),
        pageLabel: (p: number) => labels.get(p) ?? null,
        contextPages: new Set(s.pages),
      };
    }),
  );
  return { citations, share: verifiedShare(citations) };
}

export interface RecordInput {
  docId: string;
  /** Several documents: each source (docIds, per-document context, verification across them). */
  sources?: ContextSource[];
  collectionId?: string | null;
  scopeLabel?: string | null;
  kind: 'answer' | 'summary';
  question: string;
  threadId: string | null;
  text: string;
  citations: Citation[];
  share: number;
  modelId: string;
  strategy: Strategy;
  extractive: boolean;
  usage: Usage;
  predictedPromptTokens: number;
  calls: number;
  status: AnswerRecord['status'];
  errorMessage: string | null;
}

export function makeRecord(ctx: AnalysisContext, input: RecordInput): AnswerRecord {
  return {
    id: randomUUID(),
    docId: input.docId,
    kind: input.kind,
    question: input.question,
    threadId: input.threadId,
    text: input.text,
    citations: input.citations,
    verifiedShare: Math.min(1, Math.max(0, input.share)),
    model: input.modelId,
    strategy: input.strategy,
    extractive: input.extractive,
    usage: input.usage,
    predictedPromptTokens: input.predictedPromptTokens,
    calls: input.calls,
    costUsd: input.extractive ? 0 : costUsd(ctx.model, input.usage),
    status: input.status,
    errorMessage: input.errorMessage,
    cached: false,
    createdAt: new Date().toISOString(),
    docIds: input.sources && input.sources.length > 0 ? input.sources.map((s) => s.docId) : [input.docId],
    collectionId: input.collectionId ?? null,
    scopeLabel: input.scopeLabel ?? null,
  };
}

/** Citations of a record's text: per document for several, else against its one document. */
function checkRecord(ctx: AnalysisContext, base: Pick<RecordInput, 'docId' | 'sources' | 'text'>, pages: number[]): { citations: Citation[]; share: number } {
  if (!base.sources) return checkCitations(ctx, base.docId, base.text, pages);
  const found = checkCitationsAcross(ctx, base.sources, base.text);
  const only = base.sources.length === 1 ? base.sources[0] : undefined;
  if (!only) return found;
  // a scope of one document: every citation is of it, verified or not
  return { ...found, citations: found.citations.map((c) => ({ ...c, docId: only.docId, docTitle: only.title })) };
}

/** Per-document context of a record, for the store (several documents only). */
function perDocument(base: Pick<RecordInput, 'sources'>): { docId: string; pages: readonly number[] }[] | undefined {
  return base.sources?.map((s) => ({ docId: s.docId, pages: s.pages }));
}

/** The complete answer stored under this key, unless `fresh`; a hit counts as using the document. */
export function cachedAnswer(ctx: AnalysisContext, docId: string, key: string, fresh: boolean | undefined): AnswerRecord | null {
  if (fresh) return null;
  const hit = ctx.library.findCachedAnswer(key);
  if (hit) ctx.library.touchDocument(docId);
  return hit;
}

/** The note for an answer the model stopped because it reached max_tokens. */
export function outputLimitNote(finishReason: string | null, reserve: number): string | null {
  if (finishReason !== 'length') return null;
  return `The answer reached the ${reserve.toLocaleString('en-US')}-token output limit and may be cut short: raise the answer reserve in Settings (or --reserve) and re-run it fresh.`;
}

/** Verify the text's citations, store the complete record under its cache key, and mark the document used. */
export function saveComplete(
  ctx: AnalysisContext,
  base: Omit<RecordInput, 'status' | 'errorMessage' | 'citations' | 'share'>,
  key: string,
  contextPages: Iterable<number>,
  /** A note the user should see with a complete answer (e.g. it hit the output limit). */
  note: string | null = null,
): AnswerRecord {
  const pages = [...contextPages];
  const { citations, share } = checkRecord(ctx, base, pages);
  const record = makeRecord(ctx, { ...base, citations, share, status: 'complete', errorMessage: note });
  try {
    ctx.library.saveAnswer(record, key, pages, perDocument(base));
  } catch (error) {
    const pw = toPagewiseError(error);
    if (pw.code !== 'DISK_FULL') throw pw;
    // the model was paid for and its answer shown: say it is not in history (asking again pays again)
    throw new PagewiseError(
      'DISK_FULL',
      `${pw.message.replace(/nothing could be saved/, 'the answer you saw could not be saved in history')} Asking again will call the model again.`,
      { cause: error },
    );
  }
  for (const id of record.docIds ?? [base.docId]) ctx.library.touchDocument(id);
  return record;
}

/**
 * Save what the user saw of a request that failed or was cancelled, as
 * incomplete (never a cache hit), then re-throw the error. Nothing is saved
 * when no text had arrived (a wrong key, a provider that is down): there is
 * nothing to keep, and history stays free of empty entries.
 */
export function saveIncompleteAndThrow(ctx: AnalysisContext, base: Omit<RecordInput, 'status' | 'errorMessage' | 'citations' | 'share'>, error: unknown, contextPages: Iterable<number>): never {
  const pw = toPagewiseError(error);
  if (base.text.trim() === '' || pw.code === 'CANCELLED') {
    if (base.text.trim() !== '') keepIncomplete(ctx, base, pw, contextPages);
    throw pw;
  }
  // the error says whether the partial answer was kept, and only when it is true
  const kept = keepIncomplete(ctx, base, pw, contextPages);
  const what =
    kept === 'kept'
      ? 'The partial answer was kept in history as incomplete.'
      : kept === 'disk-full'
        ? 'The partial answer could not be kept: the disk holding the library is full.'
        : 'The partial answer could not be kept in history.';
  throw new PagewiseError(pw.code, `${pw.message} ${what}`, { cause: error });
}

/**
 * Run the requests and store the outcome: complete (with its note) when `run` returns, else what the user saw,
 * as incomplete, and the error re-thrown. `base` is read after the run (what streamed so far, usage, calls).
 */
export async function runAndSave(
  ctx: AnalysisContext,
  base: () => Omit<RecordInput, 'status' | 'errorMessage' | 'citations' | 'share'>,
  key: string,
  contextPages: readonly number[],
  run: () => Promise<{ text: string; note: string | null }>,
): Promise<AnswerRecord> {
  let result: { text: string; note: string | null };
  try {
    result = await run();
  } catch (error) {
    saveIncompleteAndThrow(ctx, base(), error, contextPages);
  }
  return saveComplete(ctx, { ...base(), text: result.text }, key, contextPages, result.note);
}

function keepIncomplete(
  ctx: AnalysisContext,
  base: Omit<RecordInput, 'status' | 'errorMessage' | 'citations' | 'share'>,
  pw: PagewiseError,
  contextPages: Iterable<number>,
): 'kept' | 'disk-full' | 'failed' {
  try {
    const pages = [...contextPages];
    const { citations, share } = checkRecord(ctx, base, pages);
    const record = makeRecord(ctx, { ...base, citations, share, status: 'incomplete', errorMessage: pw.message });
    ctx.library.saveAnswer(record, null, pages, perDocument(base));
    return 'kept';
  } catch (saveError) {
    // the document may have been removed meanwhile: the original error matters more
    return toPagewiseError(saveError).code === 'DISK_FULL' ? 'disk-full' : 'failed';
  }
}

/** A retry as a progress event: what went wrong, and when the next try is. */
export function retryProgress(info: RetryInfo): Progress {
  // the reason's first sentence ("The provider at x is rate-limiting requests (429).") without its advice
  const reason = /^.*?[.!?](?=\s+[A-Z]|$)/s.exec(info.reason)?.[0] ?? info.reason;
  const seconds = Math.max(1, Math.round(info.delayMs / 1000));
  return {
    stage: 'retry',
    done: info.attempt,
    total: 0,
    message: `${reason} Trying again in ${seconds} s (retry ${info.attempt}).`,
    waitMs: Math.max(0, Math.round(info.delayMs)),
  };
}
