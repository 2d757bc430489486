/** analysis.*: plans (what would be sent, at what cost), questions and summaries. */
import * as z from 'zod';
import { AnswerSchema, PlanSchema, StrategyChoiceSchema, SummaryKindSchema } from './domain';
import { DocIdSchema, defineOp } from './op';
import { ScopeSchema } from './scope';

/** Questions: non-empty; bounded so a payload cannot be huge (the analysis engine still checks the token budget). */
export const QuestionSchema = z.lazy(() => z.string().trim().min(1, 'type a question').max(20_000, 'the question is too long (at most 20,000 characters)'));
/** Cap on document-text tokens per request; null = the model's full input budget. */
export const BudgetTokensSchema = z.lazy(() => z.number().int().positive().max(10_000_000).nullable());
export const ThreadIdSchema = z.lazy(() => z.string().min(1).max(200).nullable());

/** A question about one document (docId) or several (scope: documents, a collection, all), as analysis.plan shows it and analysis.ask sends it. */
const QuestionFields = z.lazy(() => z.strictObject({
  docId: DocIdSchema.optional(),
  scope: ScopeSchema.optional(),
  question: QuestionSchema,
  strategy: StrategyChoiceSchema,
  budgetTokens: BudgetTokensSchema.optional(),
  threadId: ThreadIdSchema.optional(),
}));
const oneTarget = (v: { docId?: string | undefined; scope?: unknown }): boolean => (v.docId === undefined) !== (v.scope === undefined);
const ONE_TARGET = { message: 'give a document or a scope' };
const QuestionInputSchema = QuestionFields.refine(oneTarget, ONE_TARGET);

export const analysisOps = {
  'analysis.plan': defineOp({
    summary: 'What asking this question would send (strategy, pages, exact prompt tokens, cost), without calling a model.',
    input: () => QuestionInputSchema,
    output: () => PlanSchema,
  }),
  'analysis.ask': defineOp({
    summary: 'Answer a question about a document with verified page citations (streams the answer).',
    input: () => QuestionFields.unwrap().extend({
      /** Ignore the answer cache. */
      fresh: z.boolean().optional(),
    }).refine(oneTarget, ONE_TARGET),
    output: () => AnswerSchema,
    events: ['delta', 'progress'],
  }),
  'analysis.planSummary': defineOp({
    summary: 'What a summary of this kind would send and cost, without calling a model.',
    input: () => z.strictObject({ docId: DocIdSchema, kind: SummaryKindSchema, budgetTokens: BudgetTokensSchema.optional() }),
    output: () => PlanSchema,
  }),
  'analysis.summarize': defineOp({
    summary: 'Summarize a document of any length (map-reduce when it does not fit), with citations.',
    input: () => z.strictObject({
      docId: DocIdSchema,
      kind: SummaryKindSchema,
      fresh: z.boolean().optional(),
      budgetTokens: BudgetTokensSchema.optional(),
    }),
    output: () => AnswerSchema,
    events: ['delta', 'progress'],
  }),
} as const;
