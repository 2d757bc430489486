/**
 * summarize: the whole document in one request when it fits; else map over
 * chapter-aware budget-sized consecutive page ranges (every page with text in
 * exactly one chunk; bounded concurrency), then reduce repeatedly until one
 * request holds all partial summaries. Every point keeps its page citations.
 * Offline (no provider): an extractive summary.
 */
import type { AnswerRecord, SummaryKind } from '../../../shared/api/domain';
import { PagewiseError, throwIfAborted } from '../errors';
import { SummaryKindSchema } from '../../../shared/api/domain';
import { buildDocumentContent } from './pages';
import { chapterTitles } from './chapters';
import { planSummaryDetail, textPages, type SummaryPlanDetail } from './plan';
import { reduceSummaryMessages, summaryMessages } from './prompts';
import { extractiveSummary } from './extractive';
import { countedSoFar, mapThenReduce, runSingle, startRun } from './reduce';
import { cachedAnswer, cacheKey, runAndSave, saveComplete, ZERO_USAGE } from './run';
import { EXTRACTIVE_MODEL_ID } from './ask';
import type { AnalysisContext, SummaryOptions } from './types';

/**
 * The cache key of a document's summary. A batch summary line (batch/summary-kind.ts) is keyed the same, so a
 * direct summary later is a cache hit. `budgetTokens` overrides the settings' budget when given.
 */
export function summaryCacheKey(
  ctx: AnalysisContext,
  docId: string,
  kind: SummaryKind,
  detail: SummaryPlanDetail,
  budgetTokens: number | null | undefined,
  modelId: string,
): string {
  const budget = budgetTokens !== undefined ? budgetTokens : ctx.settings.budgetTokens;
  return cacheKey({
    docId,
    modelId,
    strategy: detail.plan.strategy,
    subject: `summary:${kind}`,
    budget: budget ?? null,
    reserve: detail.reserve,
    contextWindow: ctx.model.contextWindow,
    threadId: null,
    lastAnswerId: null,
  });
}

export async function summarize(ctx: AnalysisContext, docId: string, kind: SummaryKind, opts: SummaryOptions = {}): Promise<AnswerRecord> {
  throwIfAborted(opts.signal);
  if (!SummaryKindSchema.safeParse(kind).success) {
    throw new PagewiseError('INVALID_INPUT', `Unknown summary kind "${String(kind)}": use brief, detailed, chapters or key-terms.`);
  }
  const detail = planSummaryDetail(ctx, docId, kind, opts); // DOC_NOT_FOUND, NO_TEXT_LAYER
  const key = summaryCacheKey(ctx, docId, kind, detail, opts.budgetTokens, ctx.provider === null ? EXTRACTIVE_MODEL_ID : ctx.model.id);
  const hit = cachedAnswer(ctx, docId, key, opts.fresh);
  if (hit) return hit;
  const allPages = detail.chunks.flat();

  if (ctx.provider === null) {
    const pages = textPages(ctx, docId).map((p) => p.pageNumber);
    const result = extractiveSummary(ctx.library, docId, kind, pages, chapterTitles(ctx, docId));
    const record = saveComplete(ctx, {
      docId, kind: 'summary', question: kind, threadId: null, text: result.text, modelId: EXTRACTIVE_MODEL_ID,
      strategy: detail.plan.strategy, extractive: true, usage: ZERO_USAGE, predictedPromptTokens: 0, calls: 0,
    }, key, pages);
    opts.onDelta?.(record.text);
    return record;
  }

  const { state, onDelta } = startRun(opts.onDelta);
  const base = () => ({
    docId, kind: 'summary' as const, question: kind, threadId: null, text: state.streamed !== '' ? state.streamed : state.partials.join('\n\n'),
    modelId: ctx.model.id, strategy: detail.plan.strategy, extractive: false, usage: state.usage,
    ...countedSoFar(state, detail.plan.promptTokens),
  });
  return runAndSave(ctx, base, key, allPages, async () => {
    if (detail.chunks.length === 1) {
      const build = () => summaryMessages(buildDocumentContent(ctx.library, docId, detail.chunks[0] ?? []).content, kind, 'whole');
      return runSingle(ctx, 'summarize', build, detail.reserve, state, opts.signal, opts.onProgress, onDelta);
    }
    const requests = detail.chunks.map((chunk) => summaryMessages(buildDocumentContent(ctx.library, docId, chunk).content, kind, 'part'));
    const text = await mapThenReduce(ctx, requests, (group) => reduceSummaryMessages(group, kind), detail, state, opts, onDelta);
    return { text, note: null };
  });
}
