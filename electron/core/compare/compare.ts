/**
 * Compare (issue 10): one question, put to each document of a scope separately. Every row is an ordinary
 * one-document answer from analysis/ask.ts (its plan, the answer cache, citation verification and history),
 * so nothing of the engine is repeated here; this module only fans the question out, keeps going when a row
 * fails, and stores each finished row at once (docs/ARCHITECTURE.md rule 6: long work is a job).
 */
import { randomUUID } from 'node:crypto';
import { compareProgressMessage, type Comparison, type ComparePlan, type ComparisonRow } from '../../../shared/api/compare';
import type { AnswerRecord, ErrorShape, Progress, StrategyChoice } from '../../../shared/api';
import { askQuestion, planQuestion } from '../analysis';
import { validateQuestion } from '../analysis/plan';
import { mapWithConcurrency, retryProgress } from '../analysis/run';
import type { AnalysisContext, AskOptions } from '../analysis/types';
import type { ResolvedScope } from '../collections/scope';
import { throwIfAborted, toPagewiseError } from '../errors';

export interface CompareOptions {
  strategy?: StrategyChoice;
  /** Overrides settings.budgetTokens when given (null = no cap). */
  budgetTokens?: number | null;
  fresh?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/**
 * Errors that would fail every other row the same way (a wrong key, no provider, a full disk): once one row
 * meets one, the rows not yet started get the same error without another request.
 */
const SHARED_FAILURES = new Set(['AUTH_FAILED', 'NO_PROVIDER', 'MODEL_NOT_FOUND', 'DISK_FULL']);

function askOptions(opts: CompareOptions): AskOptions {
  return {
    ...(opts.strategy !== undefined ? { strategy: opts.strategy } : {}),
    ...(opts.budgetTokens !== undefined ? { budgetTokens: opts.budgetTokens } : {}),
  };
}

function errorShape(error: unknown): ErrorShape {
  return toPagewiseError(error).toJSON();
}

/** Each document's one-document plan (analysis.plan), and the totals, so the cost is seen before anything is sent. */
/** `extractive`: no provider is configured (a plan's context has no provider either way, so the caller says). */
export function planCompare(ctx: AnalysisContext, scope: ResolvedScope, question: string, extractive: boolean, opts: CompareOptions = {}): ComparePlan {
  const q = validateQuestion(question);
  const rows: ComparePlan['rows'] = scope.documents.map((doc) => {
    try {
      const plan = { ...planQuestion(ctx, doc.id, q, askOptions(opts)), extractive };
      return { docId: doc.id, title: doc.title, plan, error: null };
    } catch (error) {
      return { docId: doc.id, title: doc.title, plan: null, error: errorShape(error) };
    }
  });
  const totals = { calls: 0, promptTokens: 0, estimatedCostUsd: 0 };
  for (const row of rows) {
    if (!row.plan) continue;
    totals.calls += row.plan.calls;
    totals.promptTokens += row.plan.promptTokens;
    totals.estimatedCostUsd += row.plan.estimatedCostUsd;
  }
  return {
    question: q,
    scopeLabel: scope.label,
    collectionId: scope.collection?.id ?? null,
    model: ctx.model.id,
    extractive,
    rows,
    totals,
  };
}

/**
 * Ask each document, at most settings.concurrency at a time. A failed row keeps its error and the others go on;
 * cancelling keeps the rows already finished (stored as they finished) and then throws CANCELLED.
 */
export async function runCompare(ctx: AnalysisContext, scope: ResolvedScope, question: string, opts: CompareOptions = {}): Promise<Comparison> {
  throwIfAborted(opts.signal);
  const q = validateQuestion(question);
  const library = ctx.library;
  const id = randomUUID();
  const docs = scope.documents;
  library.comparisons.create({
    id,
    question: q,
    scopeLabel: scope.label,
    collectionId: scope.collection?.id ?? null,
    docIds: docs.map((d) => d.id),
    createdAt: new Date().toISOString(),
  });

  // at most settings.concurrency requests in flight in all: rows in parallel, and the rest of the allowance to
  // each row's own map requests (an exhaustive answer), so 2 documents at 4 run 2 rows of 2 requests each
  const limit = Math.max(1, ctx.settings.concurrency);
  const parallelRows = Math.min(limit, docs.length);
  const rowSettings = { ...ctx.settings, concurrency: Math.max(1, Math.floor(limit / Math.max(1, parallelRows))) };
  let finished = 0;
  let shared: ErrorShape | null = null;
  const total = docs.length;
  const tell = (message: string, stage = 'compare'): void => opts.onProgress?.({ stage, done: finished, total, message });

  const runRow = async (index: number, signal: AbortSignal): Promise<ComparisonRow> => {
    const doc = docs[index];
    if (!doc) throw new Error('row out of range');
    let answer: AnswerRecord | null = null;
    let error: ErrorShape | null = shared;
    if (error === null) {
      tell(compareProgressMessage(index + 1, total, doc.title, 'asking'));
      // retries of this row's requests say which document waits
      const rowCtx: AnalysisContext = {
        ...ctx,
        settings: rowSettings,
        onRetry: (info) => {
          const p = retryProgress(info);
          opts.onProgress?.({ ...p, message: `${doc.title}: ${p.message ?? 'retrying'}` });
        },
      };
      try {
        answer = await askQuestion(rowCtx, doc.id, q, { ...askOptions(opts), ...(opts.fresh ? { fresh: true } : {}), signal });
      } catch (caught) {
        const pw = toPagewiseError(caught);
        if (pw.code === 'CANCELLED') throw pw;
        error = pw.toJSON();
        if (SHARED_FAILURES.has(pw.code)) shared = error;
      }
    }
    library.comparisons.addRow(id, { position: index, docId: doc.id, title: doc.title, answer, error });
    finished++;
    tell(compareProgressMessage(index + 1, total, doc.title, error ? 'failed' : 'answered'));
    return { docId: doc.id, title: doc.title, answer, error };
  };

  try {
    await mapWithConcurrency(
      docs.map((_, i) => i),
      parallelRows,
      (index, _i, signal) => runRow(index, signal),
      opts.signal,
    );
  } catch (caught) {
    // cancelled: what finished stays; a comparison with nothing in it is not kept
    if (finished === 0) library.comparisons.delete(id);
    throw toPagewiseError(caught);
  }
  const stored = library.comparisons.get(id);
  if (!stored) throw new Error('the comparison vanished while it was being written');
  // the answers as the engine returned them (cache hits keep cached: true), in the scope's order
  return stored;
}
