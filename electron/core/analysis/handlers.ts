/** analysis.* operations (contract: shared/api/analysis.ts). */
import type { Engine } from '../engine';
import type { HandlerMap } from '../service';
import type { OpEvent } from '../../../shared/api';
import { askQuestion, planQuestion, planSummary, summarize } from './index';
import { retryProgress } from './run';
import type { AnalysisContext, AskOptions } from './types';
import { resolveScope } from '../collections/scope';
import { askScope, planScope } from './ask-across';

function docIdOf(engine: Engine, ref: string): string {
  return engine.library.resolveDocument(ref).id;
}

/** Only pass the fields that were given, so the settings' defaults apply otherwise. */
function budget(budgetTokens: number | null | undefined): { budgetTokens?: number | null } {
  return budgetTokens === undefined ? {} : { budgetTokens };
}

/** Each retry of a model request reaches the user as a progress event (a rate limit is not a frozen screen). */
function withRetryEvents(ctx: AnalysisContext, emit: (event: OpEvent) => void): AnalysisContext {
  return { ...ctx, onRetry: (info) => emit({ type: 'progress', progress: retryProgress(info) }) };
}

export const analysisHandlers = {
  async 'analysis.plan'(engine, input) {
    const ctx = await engine.analysisContext({ withProvider: false });
    const opts = {
      strategy: input.strategy,
      ...budget(input.budgetTokens),
      ...(input.threadId !== undefined ? { threadId: input.threadId } : {}),
    };
    // a scope (several documents, a collection, all) or one document: one planner (plan-across.ts)
    const plan = input.scope !== undefined
      ? planScope(ctx, resolveScope(engine.library, input.scope), input.question, opts)
      : planQuestion(ctx, docIdOf(engine, input.docId ?? ''), input.question, opts);
    return { ...plan, extractive: engine.offline() };
  },

  async 'analysis.ask'(engine, input, { signal, emit }) {
    const scope = input.scope !== undefined ? resolveScope(engine.library, input.scope) : null;
    const docId = scope === null ? docIdOf(engine, input.docId ?? '') : '';
    const ctx = withRetryEvents(await engine.analysisContext(), emit);
    const ask = (opts: AskOptions) => (scope !== null ? askScope(ctx, scope, input.question, opts) : askQuestion(ctx, docId, input.question, opts));
    return ask({
      strategy: input.strategy,
      ...budget(input.budgetTokens),
      ...(input.threadId !== undefined ? { threadId: input.threadId } : {}),
      ...(input.fresh !== undefined ? { fresh: input.fresh } : {}),
      signal,
      onDelta: (text) => emit({ type: 'delta', text }),
      onProgress: (progress) => emit({ type: 'progress', progress }),
    });
  },

  async 'analysis.planSummary'(engine, input) {
    const ctx = await engine.analysisContext({ withProvider: false });
    const plan = planSummary(ctx, docIdOf(engine, input.docId), input.kind, budget(input.budgetTokens));
    return { ...plan, extractive: engine.offline() };
  },

  async 'analysis.summarize'(engine, input, { signal, emit }) {
    const docId = docIdOf(engine, input.docId);
    const ctx = withRetryEvents(await engine.analysisContext(), emit);
    return summarize(ctx, docId, input.kind, {
      ...budget(input.budgetTokens),
      ...(input.fresh !== undefined ? { fresh: input.fresh } : {}),
      signal,
      onDelta: (text) => emit({ type: 'delta', text }),
      onProgress: (progress) => emit({ type: 'progress', progress }),
    });
  },
} satisfies HandlerMap<'analysis.plan' | 'analysis.ask' | 'analysis.planSummary' | 'analysis.summarize'>;
