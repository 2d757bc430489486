/**
 * 'answer' requests: the same question to each document. Planned with the single-document planner
 * (analysis/plan.ts planQuestionDetail) and prompts, keyed like a direct question (questionCacheKey), so a
 * batch answer is served from the cache to a later direct ask. A plan that needs several requests (an
 * exhaustive map-reduce) does not fit one batch line: that document is reported, to be run directly.
 */
import type { StrategyChoice } from '../../../shared/api/domain';
import { toPagewiseError } from '../errors';
import { askQuestion, questionCacheKey } from '../analysis/ask';
import { buildDocumentContent } from '../analysis/pages';
import { assertFits, planQuestionDetail } from '../analysis/plan';
import { questionMessages } from '../analysis/prompts';
import type { AnalysisContext } from '../analysis/types';
import { comparisonLink, recordRow } from './comparison-rows';
import { saveBatchResult } from './record';
import type { BatchKindHandler, PlannedRequest } from './types';

export interface AnswerEachOptions {
  strategy?: StrategyChoice;
  budgetTokens?: number | null;
  fresh?: boolean;
}

function optionsOf(opts: AnswerEachOptions): { strategy?: StrategyChoice; budgetTokens?: number | null } {
  return { ...(opts.strategy !== undefined ? { strategy: opts.strategy } : {}), ...(opts.budgetTokens !== undefined ? { budgetTokens: opts.budgetTokens } : {}) };
}

export function planAnswerRequest(ctx: AnalysisContext, docId: string, question: string, opts: AnswerEachOptions): PlannedRequest {
  const direct = { question, ...optionsOf(opts) };
  try {
    const detail = planQuestionDetail(ctx, docId, question, optionsOf(opts));
    const cacheKey = questionCacheKey(ctx, docId, detail, optionsOf(opts));
    const meta = { question: detail.question, strategy: detail.strategy, pages: detail.pages, cacheKey, direct };
    const hit = opts.fresh ? null : ctx.library.findCachedAnswer(cacheKey);
    if (hit) return { docId, kind: 'answer', meta, outcome: { status: 'done', answerId: hit.id } };
    if (detail.strategy === 'exhaustive' && detail.ranges.length > 1) {
      const error = `This document needs ${detail.ranges.length} requests and a merge (it is too long for one batch request): run it directly.`;
      return { docId, kind: 'answer', meta, outcome: { status: 'failed', error } };
    }
    const doc = buildDocumentContent(ctx.library, docId, detail.pages);
    const messages = detail.singleVariant === 'map' ? questionMessages(doc.content, [], detail.question, 'map') : questionMessages(doc.content, detail.turns, detail.question);
    const predictedPromptTokens = assertFits(ctx, messages, detail.reserve);
    return { docId, spec: { kind: 'answer', docId, messages, maxOutputTokens: detail.reserve, predictedPromptTokens, meta } };
  } catch (error) {
    return { docId, kind: 'answer', meta: { question, direct }, outcome: { status: 'failed', error: toPagewiseError(error).message } };
  }
}

/** Answers of a compare batch also fill their comparison's row (comparison-rows.ts). */
export const answerKind: BatchKindHandler = {
  complete(ctx, spec, chat) {
    const done = saveBatchResult(ctx, spec, chat);
    const link = comparisonLink(spec.meta);
    if (link) recordRow(ctx, link, spec.docId, done.answerId, null);
    return done;
  },
  failed(ctx, request, error) {
    const link = comparisonLink(request.meta);
    if (link) recordRow(ctx, link, request.docId, null, { code: 'PROVIDER_UNAVAILABLE', message: error });
  },
  async runDirect(ctx, request, signal) {
    const direct = (request.meta.direct ?? {}) as { question?: string; strategy?: StrategyChoice; budgetTokens?: number | null };
    const answer = await askQuestion(ctx, request.docId, direct.question ?? '', { ...optionsOf(direct), signal });
    const link = comparisonLink(request.meta);
    if (link) recordRow(ctx, link, request.docId, answer.id, null);
    return { answerId: answer.id, costUsd: answer.cached ? 0 : answer.costUsd };
  },
};
