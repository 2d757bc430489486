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
import { planSummaryDetail, textPages } from './plan';
import { reduceSummaryMessages, summaryMessages } from './prompts';
import { extractiveSummary } from './extractive';
import { countedSoFar, reduceAll, runMaps, runSingle, startRun } from './reduce';
import { cachedAnswer, cacheKey, saveComplete, saveIncompleteAndThrow, ZERO_USAGE } from './run';
import { EXTRACTIVE_MODEL_ID } from './ask';
import type { AnalysisContext, SummaryOptions } from './types';

export async function summarize(ctx: AnalysisContext, docId: string, kind: SummaryKind, opts: SummaryOptions = {}): Promise<AnswerRecord> {
  throwIfAborted(opts.signal);
  if (!SummaryKindSchema.safeParse(kind).success) {
    throw new PagewiseError('INVALID_INPUT', `Unknown summary kind "${String(kind)}": use brief, detailed, chapters or key-terms.`);
  }
  const detail = planSummaryDetail(ctx, docId, kind, opts); // DOC_NOT_FOUND, NO_TEXT_LAYER
  const budget = opts.budgetTokens !== undefined ? opts.budgetTokens : ctx.settings.budgetTokens;
  const key = cacheKey({
    docId,
    modelId: ctx.provider === null ? EXTRACTIVE_MODEL_ID : ctx.model.id,
    strategy: detail.plan.strategy,
    subject: `summary:${kind}`,
    budget: budget ?? null,
    reserve: detail.reserve,
    contextWindow: ctx.model.contextWindow,
    threadId: null,
    lastAnswerId: null,
  });
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
  let text: string;
  let note: string | null = null;
  try {
    if (detail.chunks.length === 1) {
      const build = () => summaryMessages(buildDocumentContent(ctx.library, docId, detail.chunks[0] ?? []).content, kind, 'whole');
      ({ text, note } = await runSingle(ctx, 'summarize', build, detail.reserve, state, opts.signal, opts.onProgress, onDelta));
    } else {
      const requests = detail.chunks.map((chunk) => summaryMessages(buildDocumentContent(ctx.library, docId, chunk).content, kind, 'part'));
      const partials = await runMaps(ctx, requests, detail.reserve, state, opts.signal, opts.onProgress);
      text = await reduceAll(
        ctx,
        partials,
        (group) => reduceSummaryMessages(group, kind),
        detail.reserve,
        detail.reduceRoom > 0 ? detail.reduceRoom : Number.POSITIVE_INFINITY,
        state,
        opts.signal,
        opts.onProgress,
        onDelta,
      );
    }
  } catch (error) {
    saveIncompleteAndThrow(ctx, base(), error, allPages);
  }
  return saveComplete(ctx, { ...base(), text }, key, allPages, note);
}
