/** analysis.* operations (contract: shared/api/analysis.ts). */
import type { Engine } from '../engine';
import type { HandlerMap } from '../service';
import type { OpEvent } from '../../../shared/api';
import { askQuestion, planQuestion, planSummary, summarize } from './index';
import { retryProgress } from './run';
import type { AnalysisContext } from './types';
import type { Scope } from '../../../shared/api/scope';
import { PagewiseError } from '../errors';
import { resolveScope } from '../collections/scope';

function docIdOf(engine: Engine, ref: string): string {
  return engine.library.resolveDocument(ref).id;
}

/** A question's document: its docId, or a scope that names one document. */
function targetDocId(engine: Engine, input: { docId?: string | undefined; scope?: Scope | undefined }): string {
  if (input.docId !== undefined) return docIdOf(engine, input.docId);
  if (input.scope === undefined) throw new PagewiseError('INVALID_INPUT', 'Give a document or a scope.');
  const resolved = resolveScope(engine.library, input.scope);
  const only = resolved.documents[0];
  if (resolved.documents.length !== 1 || !only) throw new PagewiseError('NOT_AVAILABLE', 'Questions over several documents are not available yet.');
  return only.id;
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
    const plan = planQuestion(ctx, targetDocId(engine, input), input.question, {
      strategy: input.strategy,
      ...budget(input.budgetTokens),
      ...(input.threadId !== undefined ? { threadId: input.threadId } : {}),
    });
    return { ...plan, extractive: engine.offline() };
  },

  async 'analysis.ask'(engine, input, { signal, emit }) {
    const docId = targetDocId(engine, input);
    const ctx = withRetryEvents(await engine.analysisContext(), emit);
    return askQuestion(ctx, docId, input.question, {
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
