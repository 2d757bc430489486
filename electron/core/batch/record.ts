/**
 * A finished batch line as an ordinary answer or summary: citations verified against the stored pages
 * exactly as for a direct run, stored in history and under the same cache key a direct run would use,
 * marked batch, at the Batch API price (the model table's batchPriceFactor).
 */
import type { Strategy } from '../../../shared/api/domain';
import { batchCostUsd } from '../llm/models';
import type { ChatResult } from '../llm/types';
import { checkCitations, makeRecord, outputLimitNote } from '../analysis/run';
import type { AnalysisContext } from '../analysis/types';
import type { BatchRequestSpec, Completed } from './types';

export interface ResultMeta {
  kind: 'answer' | 'summary';
  /** The question, or the summary kind. */
  question: string;
  strategy: Strategy;
  pages: number[];
  cacheKey: string | null;
}

/** Read the meta a planner stored (validated: spec_json comes from the library file). */
export function resultMeta(spec: BatchRequestSpec): ResultMeta {
  const m = spec.meta;
  const pages = Array.isArray(m.pages) ? m.pages.filter((p): p is number => typeof p === 'number') : [];
  return {
    kind: spec.kind === 'summary' ? 'summary' : 'answer',
    question: typeof m.question === 'string' ? m.question : '',
    strategy: (typeof m.strategy === 'string' ? m.strategy : 'whole') as Strategy,
    pages,
    cacheKey: typeof m.cacheKey === 'string' ? m.cacheKey : null,
  };
}

export function saveBatchResult(ctx: AnalysisContext, spec: BatchRequestSpec, chat: ChatResult): Completed {
  const meta = resultMeta(spec);
  const { citations, share } = checkCitations(ctx, spec.docId, chat.text, meta.pages);
  const base = makeRecord(ctx, {
    docId: spec.docId,
    kind: meta.kind,
    question: meta.question,
    threadId: null,
    text: chat.text,
    citations,
    share,
    modelId: ctx.model.id,
    strategy: meta.strategy,
    extractive: false,
    usage: chat.usage,
    predictedPromptTokens: spec.predictedPromptTokens,
    calls: 1,
    status: 'complete',
    errorMessage: outputLimitNote(chat.finishReason, spec.maxOutputTokens),
  });
  const record = { ...base, batch: true, costUsd: batchCostUsd(ctx.model, chat.usage) };
  ctx.library.saveAnswer(record, meta.cacheKey, meta.pages);
  ctx.library.touchDocument(spec.docId);
  return { answerId: record.id, costUsd: record.costUsd };
}
