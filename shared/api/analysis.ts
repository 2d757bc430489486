/** analysis.*: plans (what would be sent, at what cost), questions and summaries. */
import * as z from './zod';
import { AnswerSchema, PlanSchema, StrategyChoiceSchema, SummaryKindSchema } from './domain';
import { DocIdSchema, defineOp } from './op';
import { ScopeSchema } from './scope';

/** Questions: non-empty; bounded so a payload cannot be huge (the analysis engine still checks the token budget). */
export const QuestionSchema = z.lazy(() => z.string().check(
  z.trim(),
  z.minLength(1, 'type a question'),
  z.maxLength(20_000, 'the question is too long (at most 20,000 characters)'),
));
/** Cap on document-text tokens per request; null = the model's full input budget. */
export const BudgetTokensSchema = z.lazy(() => z.nullable(z.int().check(z.positive(), z.lte(10_000_000))));
export const ThreadIdSchema = z.lazy(() => z.nullable(z.string().check(z.minLength(1), z.maxLength(200))));

/** A question about one document (docId) or several (scope: documents, a collection, all), as analysis.plan shows it and analysis.ask sends it. */
const QuestionFields = z.lazy(() => z.strictObject({
  docId: z.optional(DocIdSchema),
  scope: z.optional(ScopeSchema),
  question: QuestionSchema,
  strategy: StrategyChoiceSchema,
  budgetTokens: z.optional(BudgetTokensSchema),
  threadId: z.optional(ThreadIdSchema),
}));
const oneTarget = (v: { docId?: string | undefined; scope?: unknown }): boolean => (v.docId === undefined) !== (v.scope === undefined);
const ONE_TARGET = { message: 'give a document or a scope' };
const QuestionInputSchema = QuestionFields.check(z.refine(oneTarget, ONE_TARGET));

export const analysisOps = {
  'analysis.plan': defineOp({
    summary: 'What asking this question would send (strategy, pages, exact prompt tokens, cost), without calling a model.',
    input: () => QuestionInputSchema,
    output: () => PlanSchema,
  }),
  'analysis.ask': defineOp({
    summary: 'Answer a question about a document with verified page citations (streams the answer).',
    input: () => z.extend(z.unwrapLazy(QuestionFields), {
      /** Ignore the answer cache. */
      fresh: z.optional(z.boolean()),
    }).check(z.refine(oneTarget, ONE_TARGET)),
    output: () => AnswerSchema,
    events: ['delta', 'progress'],
  }),
  'analysis.planSummary': defineOp({
    summary: 'What a summary of this kind would send and cost, without calling a model.',
    input: () => z.strictObject({ docId: DocIdSchema, kind: SummaryKindSchema, budgetTokens: z.optional(BudgetTokensSchema) }),
    output: () => PlanSchema,
  }),
  'analysis.summarize': defineOp({
    summary: 'Summarize a document of any length (map-reduce when it does not fit), with citations.',
    input: () => z.strictObject({
      docId: DocIdSchema,
      kind: SummaryKindSchema,
      fresh: z.optional(z.boolean()),
      budgetTokens: z.optional(BudgetTokensSchema),
    }),
    output: () => AnswerSchema,
    events: ['delta', 'progress'],
  }),
} as const;
