/**
 * The batch engine's steps put together for the operations: submit a run over many documents, wait
 * (resume + poll + collect), cancel, re-run failed requests, and the per-document outcome of a job.
 */
import type { Scope } from '../../../shared/api/scope';
import type { Job, JobDocument } from '../../../shared/api/jobs';
import type { Progress } from '../../../shared/api/domain';
import { PagewiseError, toPagewiseError } from '../errors';
import { resolveModel } from '../llm/models';
import type { BatchApi } from '../llm/batch-api';
import type { AnalysisContext } from '../analysis/types';
import { resolveScope } from '../collections/scope';
import { prepareJob } from './build';
import { collectJob } from './collect';
import { batchKind } from './kinds';
import { isFinal, waitForBatch, type PollOptions } from './poll';
import { batchApiOf, createJob, ensureSubmitted } from './submit';
import type { BatchRequestSpec, PlannedRequest } from './types';

/** Plan each document, store the job, upload and create the batch. BATCH_UNSUPPORTED leaves nothing stored. */
export async function submitEach(
  ctx: AnalysisContext,
  scope: Scope,
  label: (count: number) => string,
  plan: (docId: string) => PlannedRequest | PlannedRequest[],
  signal?: AbortSignal,
): Promise<Job> {
  const api = batchApiOf(ctx); // before planning: a provider without a Batch API is told at once
  const { documents } = resolveScope(ctx.library, scope);
  if (documents.length === 0) throw new PagewiseError('INVALID_INPUT', 'There is no document to run over: add documents first.');
  const prepared = prepareJob(ctx.model, documents.flatMap((d) => plan(d.id)), api.body);
  const job = createJob(ctx, label(documents.length), prepared);
  if (job.status !== 'preparing') return job;
  try {
    return await ensureSubmitted(ctx, api, job.id, signal);
  } catch (error) {
    const pw = toPagewiseError(error);
    // nothing reached the provider: forget the job rather than list one that never existed there
    if (pw.code === 'BATCH_UNSUPPORTED' || ctx.library.jobs.get(job.id)?.inputFileId === null) ctx.library.jobs.remove(job.id);
    throw pw;
  }
}

/** The context to store a job's results with: its own model's prices, whatever the settings say now. */
function jobContext(ctx: AnalysisContext, job: Job): AnalysisContext {
  if (job.model === ctx.model.id) return ctx;
  try {
    return { ...ctx, model: resolveModel(job.model) };
  } catch {
    return ctx;
  }
}

export async function waitJob(ctx: AnalysisContext, jobId: string, opts: PollOptions = {}): Promise<Job> {
  let job = ctx.library.jobs.getOrThrow(jobId);
  if (job.collected) return job;
  const api = batchApiOf(ctx);
  if (job.status === 'preparing') {
    opts.onProgress?.({ stage: 'upload', done: 0, total: 1, message: 'Sending the batch to the provider.' });
    job = await ensureSubmitted(ctx, api, jobId, opts.signal);
  }
  if (!isFinal(job)) job = await waitForBatch(ctx.library, api, jobId, opts);
  opts.onProgress?.({ stage: 'collect', done: 0, total: job.requests, message: 'Storing the results.' });
  return collectJob(jobContext(ctx, job), api, jobId, opts.signal);
}

/** One look at the provider (the app's jobs panel): send a stored job, update its status, collect it when final. */
export async function refreshJob(ctx: AnalysisContext, jobId: string, signal?: AbortSignal): Promise<Job> {
  let job = ctx.library.jobs.getOrThrow(jobId);
  if (job.collected) return job;
  const api = batchApiOf(ctx);
  if (job.status === 'preparing') job = await ensureSubmitted(ctx, api, jobId, signal);
  if (!isFinal(job) && job.batchId !== null) {
    const batch = await api.retrieve(job.batchId, signal);
    job = ctx.library.jobs.update(jobId, { status: batch.status, outputFileId: batch.outputFileId, errorFileId: batch.errorFileId, error: batch.error });
  }
  return isFinal(job) ? collectJob(jobContext(ctx, job), api, jobId, signal) : job;
}

export async function cancelJob(ctx: AnalysisContext, jobId: string, signal?: AbortSignal): Promise<Job> {
  const jobs = ctx.library.jobs;
  const job = jobs.getOrThrow(jobId);
  if (isFinal(job) || job.status === 'cancelling') return job;
  if (job.batchId === null) return jobs.update(jobId, { status: 'cancelled' }); // never created at the provider
  const batch = await batchApiOf(ctx).cancel(job.batchId, signal);
  return jobs.update(jobId, { status: batch.status });
}

/**
 * Each document's outcome. An extraction's requests (one per group of fields) are one document: failed when
 * any group failed, pending while any is, with the one extraction row they fill.
 */
export function jobDocuments(ctx: AnalysisContext, jobId: string): JobDocument[] {
  const out: JobDocument[] = [];
  const extractionRows = new Map<string, JobDocument>();
  for (const r of ctx.library.jobs.requests(jobId)) {
    if (r.kind !== 'extraction') {
      out.push({ docId: r.docId, title: r.title, customId: r.customId, status: r.status, answer: r.answerId ? ctx.library.getAnswer(r.answerId) : null, error: r.error });
      continue;
    }
    const extraction = r.answerId ? ctx.library.extractions.get(r.answerId) : null;
    const seen = extractionRows.get(r.docId);
    if (!seen) {
      const row: JobDocument = { docId: r.docId, title: r.title, customId: r.customId, status: r.status, answer: null, extraction, error: r.error };
      extractionRows.set(r.docId, row);
      out.push(row);
      continue;
    }
    seen.extraction = seen.extraction ?? extraction;
    if (r.status === 'failed' || (r.status === 'pending' && seen.status === 'done')) seen.status = r.status;
    if (r.error !== null) seen.error = seen.error !== null ? `${seen.error} ${r.error}` : r.error;
  }
  return out;
}

/**
 * Re-run a job's failed requests. batch: a new job with just those requests (their stored specs, as sent);
 * requests that were never planned into a line are run directly only. Direct: each is run now at the normal
 * price, and the old job's request is marked done with the new answer.
 */
export async function retryFailed(ctx: AnalysisContext, jobId: string, batch: boolean, signal: AbortSignal, onProgress?: (p: Progress) => void): Promise<Job> {
  const jobs = ctx.library.jobs;
  const job = jobs.getOrThrow(jobId);
  if (!job.collected) throw new PagewiseError('INVALID_INPUT', `Job ${job.id.slice(0, 8)} is still ${job.status.replace('_', ' ')}: wait for it first (pagewise jobs wait ${job.id.slice(0, 8)}).`);
  const failed = jobs.requests(jobId).filter((r) => r.status === 'failed');
  if (failed.length === 0) throw new PagewiseError('INVALID_INPUT', 'This job has no failed request to re-run.');
  if (batch) {
    const api: BatchApi = batchApiOf(ctx);
    const planned: PlannedRequest[] = failed
      .map((r) => JSON.parse(r.specJson) as Partial<BatchRequestSpec>)
      .filter((s) => Array.isArray(s.messages))
      .map((s) => {
        const { customId: _c, ...spec } = s as BatchRequestSpec;
        return { docId: spec.docId, spec };
      });
    if (planned.length === 0) throw new PagewiseError('INVALID_INPUT', 'None of the failed requests fits one batch request: re-run them directly.');
    const prepared = prepareJob(ctx.model, planned, api.body);
    const next = createJob(ctx, `Re-run of ${planned.length} failed request${planned.length === 1 ? '' : 's'} of ${job.label}`, prepared, job.id);
    return ensureSubmitted(ctx, api, next.id, signal);
  }
  let done = 0;
  for (const r of failed) {
    onProgress?.({ stage: 'direct', done, total: failed.length, message: `Running ${r.title} directly.` });
    const spec = JSON.parse(r.specJson) as { meta?: Record<string, unknown> };
    const handler = batchKind(r.kind);
    if (!handler.runDirect) continue;
    try {
      const result = await handler.runDirect(ctx, { docId: r.docId, meta: spec.meta ?? {} }, signal);
      jobs.markRequest(jobId, r.customId, { status: 'done', ...result });
    } catch (error) {
      const pw = toPagewiseError(error);
      if (pw.code === 'CANCELLED') throw pw;
      jobs.markRequest(jobId, r.customId, { status: 'failed', error: pw.message });
    }
    done++;
  }
  return jobs.getOrThrow(jobId);
}
