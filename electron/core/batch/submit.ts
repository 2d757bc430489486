/**
 * Store a prepared job, then upload its JSONL (files.create) and create the batch (batches.create). Each step
 * is written to the library as soon as it is done, so a restart resumes where it stopped: a job with an input
 * file id is never uploaded again, a job with a batch id is never created again, and a job whose batch was
 * created but whose id was never stored (killed in between) adopts that batch (found by its input file). A provider without a Batch
 * API (none, an OpenAI-compatible server, a 404) is BATCH_UNSUPPORTED, before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import type { Job } from '../../../shared/api/jobs';
import { PagewiseError } from '../errors';
import { unsupportedError, type BatchApi } from '../llm/batch-api';
import type { AnalysisContext } from '../analysis/types';
import { assertRoomToSave } from '../store/disk';
import { batchLine, type PreparedJob } from './build';
import type { BatchRequestSpec } from './types';

/** The provider's Batch API, or BATCH_UNSUPPORTED in one line. */
export function batchApiOf(ctx: AnalysisContext): BatchApi {
  const api = ctx.provider?.batchApi?.() ?? null;
  if (!api) throw unsupportedError();
  return api;
}

export function createJob(ctx: AnalysisContext, label: string, prepared: PreparedJob, retryOf: string | null = null): Job {
  assertRoomToSave(ctx.library.path, 'the batch job could not be stored there, so nothing was sent');
  const id = randomUUID();
  const requests = [
    ...prepared.specs.map((spec) => ({
      customId: spec.customId,
      kind: spec.kind,
      docId: spec.docId,
      specJson: JSON.stringify(spec),
      predictedPromptTokens: spec.predictedPromptTokens,
      status: 'pending' as const,
      answerId: null,
      error: null,
    })),
    ...prepared.settled.map((s) => ({
      customId: s.customId,
      kind: s.kind,
      docId: s.docId,
      specJson: JSON.stringify({ customId: s.customId, kind: s.kind, docId: s.docId, meta: s.meta }),
      predictedPromptTokens: 0,
      status: s.outcome.status,
      answerId: s.outcome.status === 'done' ? s.outcome.answerId : null,
      error: s.outcome.status === 'failed' ? s.outcome.error : null,
    })),
  ].sort((a, b) => a.customId.localeCompare(b.customId));
  const jobs = ctx.library.jobs;
  const job = jobs.create(
    { id, label, model: ctx.model.id, predictedPromptTokens: prepared.predictedPromptTokens, estimatedCostUsd: prepared.estimatedCostUsd, retryOf },
    requests,
  );
  // nothing to send (every document cached or unplannable): the job is done as it stands
  if (prepared.specs.length === 0) return jobs.update(job.id, { status: 'completed', collected: true });
  return job;
}

/** The stored specs of the requests still to send, in order. */
export function pendingSpecs(ctx: AnalysisContext, jobId: string): BatchRequestSpec[] {
  return ctx.library.jobs
    .requests(jobId)
    .filter((r) => r.status === 'pending')
    .map((r) => JSON.parse(r.specJson) as BatchRequestSpec);
}

/** Upload and create, skipping what the stored job shows was already done. */
export async function ensureSubmitted(ctx: AnalysisContext, api: BatchApi, jobId: string, signal?: AbortSignal): Promise<Job> {
  const jobs = ctx.library.jobs;
  let job = jobs.getOrThrow(jobId);
  if (job.batchId !== null || job.status !== 'preparing') return job;
  const resumed = job.inputFileId !== null;
  if (job.inputFileId === null) {
    const specs = pendingSpecs(ctx, jobId);
    if (specs.length === 0) throw new PagewiseError('INTERNAL', `Job ${jobId} has no request to send.`);
    const jsonl = `${specs.map((s) => batchLine(api.body, s)).join('\n')}\n`;
    const fileId = await api.upload(jsonl, `pagewise-${jobId}.jsonl`, signal);
    job = jobs.update(jobId, { inputFileId: fileId });
  }
  // uploaded by a process that died before it stored the batch id: adopt that batch, never create a second one
  const existing = resumed ? await api.findByInputFile(job.inputFileId as string, signal) : null;
  const batch = existing ?? (await api.create(job.inputFileId as string, { pagewise_job: jobId }, signal));
  return jobs.update(jobId, { batchId: batch.id, status: batch.status, error: batch.error });
}
