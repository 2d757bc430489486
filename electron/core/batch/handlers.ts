/** jobs.* operations (contract: shared/api/jobs.ts): Batch API runs over many documents. */
import type { OpEvent, Progress } from '../../../shared/api';
import type { HandlerMap } from '../service';
import { resolveTemplate } from '../extract/templates';
import { planAnswerRequest } from './answer-kind';
import { planExtractionRequests } from './extraction-kind';
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
} satisfies HandlerMap<'jobs.list' | 'jobs.get' | 'jobs.wait' | 'jobs.refresh' | 'jobs.cancel' | 'jobs.retryFailed' | 'jobs.askEach' | 'jobs.summarizeEach' | 'jobs.extractEach'>;
