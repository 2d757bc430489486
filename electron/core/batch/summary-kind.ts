/**
 * 'summary' requests: a summary of each document. Planned with analysis/plan.ts planSummaryDetail and the
 * summary prompts, keyed like a direct summary (same cache key parts as analysis/summarize.ts). A document
 * that needs map-reduce does not fit one batch line: it is reported, to be run directly.
 */
import type { SummaryKind } from '../../../shared/api/domain';
import { toPagewiseError } from '../errors';
import { buildDocumentContent } from '../analysis/pages';
import { assertFits, planSummaryDetail } from '../analysis/plan';
import { summaryMessages } from '../analysis/prompts';
import { summarize, summaryCacheKey } from '../analysis/summarize';
import type { AnalysisContext } from '../analysis/types';
import { saveBatchResult } from './record';
import type { BatchKindHandler, PlannedRequest } from './types';

export interface SummaryEachOptions {
  budgetTokens?: number | null;
  fresh?: boolean;
}

export function planSummaryRequest(ctx: AnalysisContext, docId: string, kind: SummaryKind, opts: SummaryEachOptions): PlannedRequest {
  const budgetOpt = opts.budgetTokens !== undefined ? { budgetTokens: opts.budgetTokens } : {};
  const direct = { summaryKind: kind, ...budgetOpt };
  try {
    const detail = planSummaryDetail(ctx, docId, kind, budgetOpt);
    // the key of analysis/summarize.ts, so a direct summary later is a cache hit
    const key = summaryCacheKey(ctx, docId, kind, detail, opts.budgetTokens, ctx.model.id);
    const pages = detail.chunks.flat();
    const meta = { question: kind, strategy: detail.plan.strategy, pages, cacheKey: key, direct };
    const hit = opts.fresh ? null : ctx.library.findCachedAnswer(key);
    if (hit) return { docId, kind: 'summary', meta, outcome: { status: 'done', answerId: hit.id } };
    if (detail.chunks.length !== 1) {
      const error = `This document is summarized in ${detail.chunks.length} parts and a merge (too long for one batch request): run it directly.`;
      return { docId, kind: 'summary', meta, outcome: { status: 'failed', error } };
    }
    const messages = summaryMessages(buildDocumentContent(ctx.library, docId, detail.chunks[0] ?? []).content, kind, 'whole');
    const predictedPromptTokens = assertFits(ctx, messages, detail.reserve);
    return { docId, spec: { kind: 'summary', docId, messages, maxOutputTokens: detail.reserve, predictedPromptTokens, meta } };
  } catch (error) {
    return { docId, kind: 'summary', meta: { question: kind, direct }, outcome: { status: 'failed', error: toPagewiseError(error).message } };
  }
}

export const summaryKind: BatchKindHandler = {
  complete: saveBatchResult,
  async runDirect(ctx, request, signal) {
    const direct = (request.meta.direct ?? {}) as { summaryKind?: SummaryKind; budgetTokens?: number | null };
    const record = await summarize(ctx, request.docId, direct.summaryKind ?? 'brief', {
      ...(direct.budgetTokens !== undefined ? { budgetTokens: direct.budgetTokens } : {}),
      signal,
    });
    return { answerId: record.id, costUsd: record.cached ? 0 : record.costUsd };
  },
};
