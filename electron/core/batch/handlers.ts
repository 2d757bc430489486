/** jobs.* operations (contract: shared/api/jobs.ts): Batch API runs over many documents. */
import { randomUUID } from 'node:crypto';
import type { OpEvent, Progress } from '../../../shared/api';
import { validateQuestion } from '../analysis/plan';
import { resolveScope } from '../collections/scope';
import type { HandlerMap } from '../service';
import { resolveTemplate } from '../extract/templates';
import { planAnswerRequest } from './answer-kind';
import { recordSettledRows, withComparison } from './comparison-rows';
import { planExtractionRequests } from './extraction-kind';
import { batchApiOf } from './submit';
import { cancelJob, jobDocuments, refreshJob, retryFailed, submitEach, waitJob } from './job';
import { summaryKindLabel } from './labels';
import { planSummaryRequest } from './summary-kind';

const progressTo = (emit: (e: OpEvent) => void) => (progress: Progress) => emit({ type: 'progress', progress });

export const jobHandlers = {
  'jobs.list'(engine) {
    return { jobs: engine.library.jobs.list() };
  },

  'jobs.get'(engine, input) {
    const job = engine.library.jobs.resolve(input.id);
    return { job, requests: engine.library.jobs.requests(job.id).map(({ specJson: _s, ...r }) => r) };
  },

  async 'jobs.wait'(engine, input, { signal, emit }) {
    const id = engine.library.jobs.resolve(input.id).id;
    const ctx = await engine.analysisContext();
    const job = await waitJob(ctx, id, {
      signal,
      onProgress: progressTo(emit),
      ...(input.pollMs !== undefined ? { pollMs: input.pollMs } : {}),
      ...(input.maxPollMs !== undefined ? { maxPollMs: input.maxPollMs } : {}),
    });
    return { job, documents: jobDocuments(ctx, id) };
  },

  async 'jobs.refresh'(engine, input, { signal }) {
    const id = engine.library.jobs.resolve(input.id).id;
    return { job: await refreshJob(await engine.analysisContext(), id, signal) };
  },

  async 'jobs.cancel'(engine, input, { signal }) {
    const id = engine.library.jobs.resolve(input.id).id;
    return { job: await cancelJob(await engine.analysisContext(), id, signal) };
  },

  async 'jobs.retryFailed'(engine, input, { signal, emit }) {
    const id = engine.library.jobs.resolve(input.id).id;
    const ctx = await engine.analysisContext();
    const job = await retryFailed(ctx, id, input.batch, signal, progressTo(emit));
    return { job, documents: input.batch ? [] : jobDocuments(ctx, id) };
  },

  async 'jobs.askEach'(engine, input, { signal }) {
    const ctx = await engine.analysisContext();
    const opts = {
      ...(input.strategy !== undefined ? { strategy: input.strategy } : {}),
      ...(input.budgetTokens !== undefined ? { budgetTokens: input.budgetTokens } : {}),
      ...(input.fresh !== undefined ? { fresh: input.fresh } : {}),
    };
    const short = input.question.length > 60 ? `${input.question.slice(0, 57)}...` : input.question;
    const job = await submitEach(ctx, input.scope, (n) => `"${short}" asked of ${n} document${n === 1 ? '' : 's'}`, (docId) => planAnswerRequest(ctx, docId, input.question, opts), signal);
    return { job };
  },

  async 'jobs.compareEach'(engine, input, { signal }) {
    const ctx = await engine.analysisContext();
    batchApiOf(ctx); // a provider without a Batch API: said at once, no comparison stored
    const question = validateQuestion(input.question);
    const scope = resolveScope(engine.library, input.scope);
    const comparisonId = randomUUID();
    const position = new Map(scope.documents.map((d, i) => [d.id, { position: i, title: d.title }]));
    engine.library.comparisons.create({ id: comparisonId, question, scopeLabel: scope.label, collectionId: scope.collection?.id ?? null, docIds: scope.documents.map((d) => d.id), createdAt: new Date().toISOString() });
    const opts = {
      ...(input.strategy !== undefined ? { strategy: input.strategy } : {}),
      ...(input.budgetTokens !== undefined ? { budgetTokens: input.budgetTokens } : {}),
      ...(input.fresh !== undefined ? { fresh: input.fresh } : {}),
    };
    const short = question.length > 60 ? `${question.slice(0, 57)}...` : question;
    try {
      const job = await submitEach(ctx, input.scope, (n) => `Compare "${short}" across ${n} document${n === 1 ? '' : 's'}`, (docId) => {
        const at = position.get(docId) ?? { position: 0, title: docId };
        return withComparison(planAnswerRequest(ctx, docId, question, opts), { comparisonId, ...at });
      }, signal);
      recordSettledRows(ctx, job.id);
      return { job, comparisonId };
    } catch (error) {
      engine.library.comparisons.delete(comparisonId); // nothing was sent: no comparison to keep
      throw error;
    }
  },

  async 'jobs.summarizeEach'(engine, input, { signal }) {
    const ctx = await engine.analysisContext();
    const opts = {
      ...(input.budgetTokens !== undefined ? { budgetTokens: input.budgetTokens } : {}),
      ...(input.fresh !== undefined ? { fresh: input.fresh } : {}),
    };
    const job = await submitEach(ctx, input.scope, (n) => `${summaryKindLabel(input.kind)} of ${n} document${n === 1 ? '' : 's'}`, (docId) => planSummaryRequest(ctx, docId, input.kind, opts), signal);
    return { job };
  },

  async 'jobs.extractEach'(engine, input, { signal }) {
    const ctx = await engine.analysisContext();
    const template = resolveTemplate(engine.library, input.template);
    const opts = input.budgetTokens !== undefined ? { budgetTokens: input.budgetTokens } : {};
    const job = await submitEach(ctx, input.scope, (n) => `${template.name} fields of ${n} document${n === 1 ? '' : 's'}`, (docId) => planExtractionRequests(ctx, docId, template, opts), signal);
    return { job };
  },
} satisfies HandlerMap<'jobs.list' | 'jobs.get' | 'jobs.wait' | 'jobs.refresh' | 'jobs.cancel' | 'jobs.retryFailed' | 'jobs.askEach' | 'jobs.summarizeEach' | 'jobs.extractEach' | 'jobs.compareEach'>;
