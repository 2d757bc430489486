/**
 * Compare (issue 10): the same question put to each document of a scope separately, answered side by side.
 * Each row is an ordinary one-document answer (the engine's ask, cache, verification and history); a row that
 * fails keeps its error in words and the others complete. Comparisons are kept (history.comparisons) and export
 * as a table (export.comparison, also export.render with a comparison target).
 */
import * as z from './zod';
import { BudgetTokensSchema, QuestionSchema } from './analysis';
import { AnswerSchema, PlanSchema, StrategyChoiceSchema, UsageSchema } from './domain';
import { ErrorShapeSchema } from './errors';
import { ExportFileSchema, ExportFormatSchema } from './export';
import { defineOp } from './op';
import { ScopeSchema } from './scope';

export const ComparisonIdSchema = z.lazy(() => z.string().check(z.trim(), z.minLength(1, 'a comparison id is required'), z.maxLength(200)));

/** What a comparison over this scope would send, per document, before anything is paid for. */
export const ComparePlanSchema = z.lazy(() => z.object({
  question: z.string(),
  scopeLabel: z.string(),
  collectionId: z.nullable(z.string()),
  model: z.string(),
  /** True when no provider is configured: every row will be extractive (no cost). */
  extractive: z.boolean(),
  rows: z.array(
    z.object({
      docId: z.string(),
      title: z.string(),
      /** The one-document plan (analysis.plan); null when this document cannot be asked (error says why). */
      plan: z.nullable(PlanSchema),
      error: z.nullable(ErrorShapeSchema),
    }),
  ),
  /** Over the rows that can be asked. */
  totals: z.object({
    calls: z.nonNegativeInt(),
    promptTokens: z.nonNegativeInt(),
    estimatedCostUsd: z.number().check(z.nonnegative()),
  }),
}));
export type ComparePlan = z.infer<typeof ComparePlanSchema>;

export const ComparisonRowSchema = z.lazy(() => z.object({
  docId: z.string(),
  title: z.string(),
  /** The document's answer (null when the row failed). */
  answer: z.nullable(AnswerSchema),
  /** Why this row has no answer (a scanned document without text, a rate limit that outlasted the retries). */
  error: z.nullable(ErrorShapeSchema),
}));
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

export const ComparisonSchema = z.lazy(() => z.object({
  id: z.string(),
  question: z.string(),
  scopeLabel: z.string(),
  collectionId: z.nullable(z.string()),
  createdAt: z.string(),
  /** One row per finished document, in the scope's order. */
  rows: z.array(ComparisonRowSchema),
  /** Documents the comparison was asked over; more than rows.length when it was cancelled or stopped. */
  documentCount: z.nonNegativeInt(),
  /** What this comparison's requests used (rows answered from the cache used nothing). */
  usage: UsageSchema,
  costUsd: z.number().check(z.nonnegative()),
}));
export type Comparison = z.infer<typeof ComparisonSchema>;

/** A past comparison in a list: no answers, just what a list shows. */
export const ComparisonSummarySchema = z.lazy(() => z.object({
  id: z.string(),
  question: z.string(),
  scopeLabel: z.string(),
  collectionId: z.nullable(z.string()),
  createdAt: z.string(),
  documentCount: z.nonNegativeInt(),
  /** Rows that finished (with an answer or an error). */
  finishedRows: z.nonNegativeInt(),
  failedRows: z.nonNegativeInt(),
}));
export type ComparisonSummary = z.infer<typeof ComparisonSummarySchema>;

export const ComparisonFormatSchema = ExportFormatSchema;
export type ComparisonFormat = z.infer<typeof ComparisonFormatSchema>;

const CompareInputSchema = z.lazy(() => z.strictObject({
  scope: ScopeSchema,
  question: QuestionSchema,
  strategy: z.optional(StrategyChoiceSchema),
  budgetTokens: z.optional(BudgetTokensSchema),
}));

export const compareOps = {
  'analysis.planCompare': defineOp({
    summary: 'What comparing this question across the documents of a scope would send and cost, per document.',
    input: () => CompareInputSchema,
    output: () => ComparePlanSchema,
  }),
  'analysis.compare': defineOp({
    summary: 'Ask the same question of each document of a scope separately; the answers side by side (one row per document).',
    input: () => z.extend(z.unwrapLazy(CompareInputSchema), { fresh: z.optional(z.boolean()) }),
    output: () => ComparisonSchema,
    events: ['progress'],
  }),
  'history.comparisons': defineOp({
    summary: 'Past comparisons, newest first; optionally of one collection.',
    input: () => z.strictObject({ collectionId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))), limit: z.optional(z.int().check(z.gte(1), z.lte(1000))) }),
    output: () => z.object({ items: z.array(ComparisonSummarySchema) }),
  }),
  'history.comparison': defineOp({
    summary: 'One past comparison with its rows (an id or a unique id prefix).',
    input: () => z.strictObject({ comparisonId: ComparisonIdSchema }),
    output: () => ComparisonSchema,
  }),
  'history.deleteComparison': defineOp({
    summary: 'Delete a comparison (its answers stay in each document\'s history).',
    input: () => z.strictObject({ comparisonId: ComparisonIdSchema }),
    output: () => z.object({ deleted: z.boolean() }),
  }),
  'export.comparison': defineOp({
    summary: 'A comparison as a table: Markdown, HTML, DOCX, JSON or CSV.',
    input: () => z.strictObject({ comparisonId: ComparisonIdSchema, format: ComparisonFormatSchema }),
    output: () => ExportFileSchema,
  }),
} as const;

/** Where one document of a running comparison is (the progress events of analysis.compare say it in words). */
export type CompareRowState = 'asking' | 'answered' | 'failed';

const ROW_STATE_WORDS: Record<CompareRowState, string> = { asking: '', answered: ': answered', failed: ': could not be answered' };

/** "Document 2 of 5: Lease 2019", then "...: answered" or "...: could not be answered" (1-based index). */
export function compareProgressMessage(index: number, total: number, title: string, state: CompareRowState): string {
  return `Document ${index} of ${total}: ${title}${ROW_STATE_WORDS[state]}`;
}

/** The document (1-based) and state a progress message of analysis.compare names; null for other messages (retries). */
export function readCompareProgress(message: string): { index: number; state: CompareRowState } | null {
  const m = /^Document (\d+) of \d+: /.exec(message);
  if (!m) return null;
  const state: CompareRowState = message.endsWith(ROW_STATE_WORDS.failed) ? 'failed' : message.endsWith(ROW_STATE_WORDS.answered) ? 'answered' : 'asking';
  return { index: Number(m[1]), state };
}
