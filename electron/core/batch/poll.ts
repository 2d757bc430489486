/**
 * Wait for a batch: retrieve its status with backoff (the first interval doubling up to a cap), store each
 * status, report progress, and stop at a final status. Resumable by construction: it starts from the stored
 * job, whatever process created it. The clock is injectable so tests need not wait. A connection problem
 * or a rate limit while waiting is not the batch failing: it is reported and the waiting goes on.
 */
import { FINAL_JOB_STATUSES, type Job } from '../../../shared/api/jobs';
import type { Progress } from '../../../shared/api/domain';
import { PagewiseError, toPagewiseError } from '../errors';
import type { BatchApi } from '../llm/batch-api';
import { sleep } from '../llm/retry';
import type { Library } from '../store';

export const DEFAULT_POLL_MS = 2_000;
export const DEFAULT_MAX_POLL_MS = 60_000;
const TRANSIENT = new Set(['PROVIDER_UNAVAILABLE', 'TIMEOUT', 'RATE_LIMITED']);

export interface Clock {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export const realClock: Clock = { sleep };

export interface PollOptions {
  pollMs?: number;
  maxPollMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** The wait before poll number `n` (0-based): pollMs, doubled each time, at most maxPollMs. */
export function pollDelay(n: number, pollMs: number, maxPollMs: number): number {
  return Math.min(maxPollMs, pollMs * 2 ** Math.min(n, 30));
}

export function isFinal(job: Job): boolean {
  return FINAL_JOB_STATUSES.includes(job.status);
}

export function statusProgress(job: Job, counts: { total: number; completed: number; failed: number }): Progress {
  const total = counts.total > 0 ? counts.total : job.requests - job.done - job.failed;
  const done = counts.completed + counts.failed;
  const words = job.status.replace('_', ' ');
  return {
    stage: 'batch',
    done: Math.min(done, total),
    total,
    message: `Batch ${words}: ${done} of ${total} request${total === 1 ? '' : 's'} finished${counts.failed > 0 ? ` (${counts.failed} failed)` : ''}.`,
  };
}

export async function waitForBatch(library: Library, api: BatchApi, jobId: string, opts: PollOptions = {}): Promise<Job> {
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const maxPollMs = Math.max(pollMs, opts.maxPollMs ?? DEFAULT_MAX_POLL_MS);
  const clock = opts.clock ?? realClock;
  let job = library.jobs.getOrThrow(jobId);
  if (job.batchId === null) throw new PagewiseError('INTERNAL', `Job ${jobId} was never sent to the provider.`);
  for (let n = 0; !isFinal(job); n++) {
    try {
      const batch = await api.retrieve(job.batchId as string, opts.signal);
      if (batch.status !== job.status || batch.outputFileId !== job.outputFileId || batch.errorFileId !== job.errorFileId) {
        job = library.jobs.update(jobId, { status: batch.status, outputFileId: batch.outputFileId, errorFileId: batch.errorFileId, error: batch.error });
      }
      opts.onProgress?.(statusProgress(job, batch.counts));
      if (isFinal(job)) break;
    } catch (error) {
      const pw = toPagewiseError(error);
      if (!TRANSIENT.has(pw.code)) throw pw;
      opts.onProgress?.({ stage: 'batch', done: 0, total: 0, message: `${pw.message} Still waiting; checking again soon.` });
    }
    await clock.sleep(pollDelay(n, pollMs, maxPollMs), opts.signal);
  }
  return job;
}
