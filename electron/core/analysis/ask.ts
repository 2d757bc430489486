/**
 * askQuestion: plan, check the cache, send (or answer extractively), verify
 * citations, store. A streamed answer that fails or is cancelled is stored as
 * incomplete (what the user saw is kept, never served from the cache) and the
 * error is re-thrown.
 */
import type { AnswerRecord } from '../../../shared/api/domain';
import { throwIfAborted } from '../errors';
import { normalizeQuestion } from '../store';
import { buildDocumentContent } from './pages';
import { planQuestionDetail, type QuestionPlanDetail } from './plan';
import { questionMessages, reduceQuestionMessages } from './prompts';
import { extractiveAnswer } from './extractive';
import { countedSoFar, mapThenReduce, relevantPartials, runSingle, startRun } from './reduce';
import { cachedAnswer, cacheKey, runAndSave, saveComplete, ZERO_USAGE, type CacheKeyParts } from './run';
import type { AnalysisContext, AskOptions } from './types';

export const EXTRACTIVE_MODEL_ID = 'extractive';

/** The newest complete answer of a thread (its root or a follow-up), for the cache key. */
export function lastThreadAnswerId(ctx: AnalysisContext, docId: string | null, threadId: string | null): string | null {
  if (!threadId) return null;
  const latest = ctx.library.listAnswers({ threadId, limit: 50 }).find((a) => (docId === null || a.docId === docId) && a.status === 'complete' && a.kind === 'answer');
  if (latest) return latest.id;
  const root = ctx.library.getAnswer(threadId);
  return root && root.status === 'complete' ? root.id : null;
}

/**
 * The cache key parts of a question, over one document or several: who answers, how, the question, the budget,
 * reserve and window, and the thread's position (its newest answer, of `threadDocId` when given).
 */
export function questionKeyParts(
  ctx: AnalysisContext,
  detail: { strategy: string; question: string; reserve: number },
  opts: AskOptions,
  threadDocId: string | null,
): Omit<CacheKeyParts, 'docId' | 'scope'> {
  const threadId = opts.threadId ?? null;
  const budget = opts.budgetTokens !== undefined ? opts.budgetTokens : ctx.settings.budgetTokens;
  return {
    modelId: ctx.provider === null ? EXTRACTIVE_MODEL_ID : ctx.model.id,
    strategy: detail.strategy,
    subject: normalizeQuestion(detail.question),
    budget: budget ?? null,
    reserve: detail.reserve,
    contextWindow: ctx.model.contextWindow,
    threadId,
    lastAnswerId: lastThreadAnswerId(ctx, threadDocId, threadId),
  };
}

export function questionCacheKey(ctx: AnalysisContext, docId: string, detail: QuestionPlanDetail, opts: AskOptions): string {
  return cacheKey({
    docId,
    ...questionKeyParts(ctx, detail, opts, docId),
    // a collection of one document still has its own history (and so its own cache entry)
    ...(opts.scope?.collectionId ? { scope: { docIds: [docId], kind: opts.scope.kind, collectionId: opts.scope.collectionId } } : {}),
  });
}

export async function askQuestion(ctx: AnalysisContext, docId: string, question: string, opts: AskOptions = {}): Promise<AnswerRecord> {
  throwIfAborted(opts.signal);
  const detail = planQuestionDetail(ctx, docId, question, opts); // validates input, DOC_NOT_FOUND, NO_TEXT_LAYER
  const key = questionCacheKey(ctx, docId, detail, opts);
  const hit = cachedAnswer(ctx, docId, key, opts.fresh);
  if (hit) return hit;
  const threadId = opts.threadId ?? null;
  const q = detail.question;
  // asked over a scope of this one document: citations name it, the answer keeps the scope
  const scoped = opts.scope
    ? { sources: [{ docId, key: 'D1', title: opts.scope.title, pages: detail.pages }], collectionId: opts.scope.collectionId, scopeLabel: opts.scope.label }
    : {};

  if (ctx.provider === null) {
    const result = extractiveAnswer(ctx.library, docId, q, detail.pages);
    const record = saveComplete(ctx, {
      ...scoped, docId, kind: 'answer', question: q, threadId, text: result.text, modelId: EXTRACTIVE_MODEL_ID,
      strategy: detail.strategy, extractive: true, usage: ZERO_USAGE, predictedPromptTokens: 0, calls: 0,
    }, key, detail.pages);
    opts.onDelta?.(record.text);
    return record;
  }

  const { state, onDelta } = startRun(opts.onDelta);
  const base = () => ({
    ...scoped, docId, kind: 'answer' as const, question: q, threadId, text: state.streamed, modelId: ctx.model.id, strategy: detail.strategy,
    extractive: false, usage: state.usage,
    ...countedSoFar(state, detail.plan.promptTokens),
  });
  return runAndSave(ctx, base, key, detail.pages, async () => {
    const single = detail.strategy !== 'exhaustive' || detail.ranges.length <= 1;
    if (single) {
      const build = () => {
        const doc = buildDocumentContent(ctx.library, docId, detail.pages);
        return detail.singleVariant === 'map' ? questionMessages(doc.content, [], q, 'map') : questionMessages(doc.content, detail.turns, q);
      };
      return runSingle(ctx, 'answer', build, detail.reserve, state, opts.signal, opts.onProgress, onDelta);
    }
    const requests = detail.ranges.map((range) => questionMessages(buildDocumentContent(ctx.library, docId, range).content, [], q, 'map'));
    const text = await mapThenReduce(ctx, requests, (group) => reduceQuestionMessages(group, detail.turns, q), detail, state, opts, onDelta, relevantPartials);
    return { text, note: null };
  });
}
