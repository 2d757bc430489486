/**
 * jobs.*: long runs over many documents sent through the provider's Batch API (issue 12): half the price,
 * results within 24 hours. A job is stored in the library, so waiting on it resumes after a restart.
 * Submitting: jobs.askEach (the same question to each document), jobs.summarizeEach (a summary of each),
 * jobs.extractEach (a template's fields from each), all through one engine (electron/core/batch).
 */
import * as z from './zod';
import { BudgetTokensSchema, QuestionSchema } from './analysis';
import { AnswerSchema, StrategyChoiceSchema, SummaryKindSchema } from './domain';
import { defineOp } from './op';
import { ExtractionSchema, TemplateRefSchema } from './extract';
import { ScopeSchema } from './scope';

/** The provider's batch statuses, plus `preparing` (stored, not yet created at the provider). */
export const JobStatusSchema = z.lazy(() => z.enum(['preparing', 'validating', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled']));
export type JobStatus = z.infer<typeof JobStatusSchema>;
/** Statuses after which the provider does no more work on the batch. */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'expired', 'cancelled'];

export const BatchKindSchema = z.lazy(() => z.enum(['answer', 'summary', 'extraction']));
export type BatchKind = z.infer<typeof BatchKindSchema>;

export const JobSchema = z.lazy(() => z.object({
  id: z.string(),
  /** What the job does, for lists ("Summaries (brief) of 3 documents"). */
  label: z.string(),
  status: JobStatusSchema,
  model: z.string(),
  /** The provider's batch and file ids (null until created / produced). */
  batchId: z.nullable(z.string()),
  inputFileId: z.nullable(z.string()),
  outputFileId: z.nullable(z.string()),
  errorFileId: z.nullable(z.string()),
  requests: z.nonNegativeInt(),
  done: z.nonNegativeInt(),
  failed: z.nonNegativeInt(),
  pending: z.nonNegativeInt(),
  /** Prompt tokens of every request, counted exactly before sending. */
  predictedPromptTokens: z.nonNegativeInt(),
  /** Before sending: prompts plus every reserved output token, at the batch price (an upper bound). */
  estimatedCostUsd: z.number().check(z.nonnegative()),
  /** What the finished requests cost, at the batch price. */
  costUsd: z.number().check(z.nonnegative()),
  /** Results stored (history, cache) and failures recorded. */
  collected: z.boolean(),
  /** The job whose failed requests this one re-runs. */
  retryOf: z.nullable(z.string()),
  error: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
}));
export type Job = z.infer<typeof JobSchema>;

export const JobRequestSchema = z.lazy(() => z.object({
  customId: z.string(),
  kind: BatchKindSchema,
  docId: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'done', 'failed']),
  predictedPromptTokens: z.nonNegativeInt(),
  /** The stored answer / summary / extraction when done. */
  answerId: z.nullable(z.string()),
  error: z.nullable(z.string()),
}));
export type JobRequest = z.infer<typeof JobRequestSchema>;

/** One document's outcome, as a direct run over several documents gives it. */
export const JobDocumentSchema = z.lazy(() => z.object({
  docId: z.string(),
  title: z.string(),
  customId: z.string(),
  status: z.enum(['pending', 'done', 'failed']),
  answer: z.nullable(AnswerSchema),
  /** An extraction job's result for this document (its fields with quotes, pages and verified marks). */
  extraction: z.optional(z.nullable(ExtractionSchema)),
  error: z.nullable(z.string()),
}));
export type JobDocument = z.infer<typeof JobDocumentSchema>;

const JobIdSchema = z.lazy(() => z.string().check(z.trim(), z.minLength(1, 'a job id is required'), z.maxLength(200)));

export const jobOps = {
  'jobs.list': defineOp({
    summary: 'Batch jobs, newest first, with their status, requests done and failed, and cost.',
    input: () => z.strictObject({}),
    output: () => z.object({ jobs: z.array(JobSchema) }),
  }),
  'jobs.get': defineOp({
    summary: 'One batch job (by id or its first characters) and each of its requests.',
    input: () => z.strictObject({ id: JobIdSchema }),
    output: () => z.object({ job: JobSchema, requests: z.array(JobRequestSchema) }),
  }),
  'jobs.wait': defineOp({
    summary: 'Wait for a batch job (polling with backoff; resumes a stored job), store its results, and return them.',
    input: () => z.strictObject({
      id: JobIdSchema,
      /** First poll interval in ms (doubles up to maxPollMs); default 2,000. */
      pollMs: z.optional(z.int().check(z.gte(1), z.lte(3_600_000))),
      maxPollMs: z.optional(z.int().check(z.gte(1), z.lte(3_600_000))),
    }),
    output: () => z.object({ job: JobSchema, documents: z.array(JobDocumentSchema) }),
    events: ['progress'],
  }),
  'jobs.refresh': defineOp({
    summary: "Ask the provider once for a job's status (no waiting); a finished job's results are stored.",
    input: () => z.strictObject({ id: JobIdSchema }),
    output: () => z.object({ job: JobSchema }),
  }),
  'jobs.cancel': defineOp({
    summary: 'Cancel a batch job at the provider (requests already finished are still collected).',
    input: () => z.strictObject({ id: JobIdSchema }),
    output: () => z.object({ job: JobSchema }),
  }),
  'jobs.retryFailed': defineOp({
    summary: "Re-run a job's failed requests: as a new batch job, or directly (full price, now).",
    input: () => z.strictObject({ id: JobIdSchema, batch: z.boolean() }),
    output: () => z.object({ job: JobSchema, documents: z.array(JobDocumentSchema) }),
    events: ['progress'],
  }),
  'jobs.askEach': defineOp({
    summary: 'Ask the same question of each document as one batch job (half price, results within 24 h).',
    input: () => z.strictObject({
      scope: ScopeSchema,
      question: QuestionSchema,
      strategy: z.optional(StrategyChoiceSchema),
      budgetTokens: z.optional(BudgetTokensSchema),
      fresh: z.optional(z.boolean()),
    }),
    output: () => z.object({ job: JobSchema }),
  }),
  'jobs.compareEach': defineOp({
    summary: 'Compare as one batch job: the same question to each document; the comparison is in history at once, each row filled as its answer lands.',
    input: () => z.strictObject({
      scope: ScopeSchema,
      question: QuestionSchema,
      strategy: z.optional(StrategyChoiceSchema),
      budgetTokens: z.optional(BudgetTokensSchema),
      fresh: z.optional(z.boolean()),
    }),
    output: () => z.object({ job: JobSchema, comparisonId: z.string() }),
  }),
  'jobs.summarizeEach': defineOp({
    summary: 'Summarize each document as one batch job (half price, results within 24 h).',
    input: () => z.strictObject({
      scope: ScopeSchema,
      kind: SummaryKindSchema,
      budgetTokens: z.optional(BudgetTokensSchema),
      fresh: z.optional(z.boolean()),
    }),
    output: () => z.object({ job: JobSchema }),
  }),
  'jobs.extractEach': defineOp({
    summary: "A template's fields from each document as one batch job (half price, results within 24 h).",
    input: () => z.strictObject({
      scope: ScopeSchema,
      template: TemplateRefSchema,
      budgetTokens: z.optional(z.nullable(z.int().check(z.positive(), z.lte(10_000_000)))),
    }),
    output: () => z.object({ job: JobSchema }),
  }),
} as const;
