/**
 * Collect a finished batch: download its output and error files, parse each JSONL line, and hand each
 * successful line to its kind's completer (which stores an ordinary answer / summary / extraction, marked
 * batch, at the batch price). Each line is one write transaction (result + request marked), so a killed
 * collect resumes with the lines not yet stored; requests already done are skipped. A failed line, and a
 * request the batch never ran (expired, cancelled, failed batch), is recorded per request, to be re-run.
 */
import type { Job } from '../../../shared/api/jobs';
import type { Usage } from '../../../shared/api/domain';
import { toPagewiseError } from '../errors';
import type { BatchApi } from '../llm/batch-api';
import type { ChatResult } from '../llm/types';
import type { AnalysisContext } from '../analysis/types';
import { batchKind } from './kinds';
import type { BatchRequestSpec } from './types';

export interface OutputLine {
  customId: string;
  /** The chat result of a 200 line; null for a failed one. */
  chat: ChatResult | null;
  error: string | null;
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function usageOf(raw: Record<string, unknown> | null): { usage: Usage; reported: boolean } {
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  if (!raw) return { usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 }, reported: false };
  const promptTokens = n(raw.prompt_tokens);
  const completionTokens = n(raw.completion_tokens);
  return {
    usage: { promptTokens, completionTokens, cachedTokens: n(record(raw.prompt_tokens_details)?.cached_tokens), totalTokens: n(raw.total_tokens) || promptTokens + completionTokens },
    reported: true,
  };
}

/** One line of an output or error file: {id, custom_id, response: {status_code, request_id, body}, error}. */
export function parseOutputLine(text: string): OutputLine | null {
  let value: Record<string, unknown> | null;
  try {
    value = record(JSON.parse(text));
  } catch {
    return null;
  }
  const customId = value?.custom_id;
  if (!value || typeof customId !== 'string') return null;
  const lineError = record(value.error);
  const response = record(value.response);
  const body = record(response?.body);
  const status = typeof response?.status_code === 'number' ? response.status_code : null;
  if (status === 200 && body) {
    const choice = record(Array.isArray(body.choices) ? body.choices[0] : null);
    const message = record(choice?.message);
    const { usage, reported } = usageOf(record(body.usage));
    const content = typeof message?.content === 'string' ? message.content : '';
    const finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : null;
    return { customId, chat: { text: content, usage, finishReason, usageReported: reported, attempts: 1 }, error: null };
  }
  const bodyError = record(body?.error);
  const reason =
    (typeof bodyError?.message === 'string' ? bodyError.message : null) ??
    (typeof lineError?.message === 'string' ? lineError.message : null) ??
    'The provider reported no reason.';
  const code = typeof lineError?.code === 'string' ? ` (${lineError.code})` : status !== null ? ` (HTTP ${status})` : '';
  return { customId, chat: null, error: `${reason}${code}` };
}

export function parseOutputFile(text: string): OutputLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(parseOutputLine)
    .filter((l): l is OutputLine => l !== null);
}

/** Why a request that has no line in either file did not run. */
function notRunReason(job: Job): string {
  switch (job.status) {
    case 'expired':
      return 'The batch expired (24 hours) before this request ran: re-run it.';
    case 'cancelled':
      return 'The batch was cancelled before this request ran.';
    case 'failed':
      return `The provider refused the batch${job.error ? `: ${job.error}` : ''}.`;
    default:
      return 'The provider returned no result for this request.';
  }
}

export async function collectJob(ctx: AnalysisContext, api: BatchApi, jobId: string, signal?: AbortSignal): Promise<Job> {
  const jobs = ctx.library.jobs;
  const job = jobs.getOrThrow(jobId);
  if (job.collected) return job;
  const lines = new Map<string, OutputLine>();
  for (const fileId of [job.errorFileId, job.outputFileId]) {
    if (fileId === null) continue;
    for (const line of parseOutputFile(await api.fileText(fileId, signal))) lines.set(line.customId, line);
  }
  for (const request of jobs.requests(jobId)) {
    if (request.status !== 'pending') continue;
    const line = lines.get(request.customId);
    if (!line?.chat) {
      const error = line?.error ?? notRunReason(job);
      jobs.markRequest(jobId, request.customId, { status: 'failed', error });
      const failed = batchKind(request.kind).failed;
      if (failed) failed(ctx, { docId: request.docId, meta: (JSON.parse(request.specJson) as { meta?: Record<string, unknown> }).meta ?? {} }, error);
      continue;
    }
    const spec = JSON.parse(request.specJson) as BatchRequestSpec;
    const chat = line.chat;
    try {
      jobs.transaction(() => {
        if (jobs.requestStatus(jobId, request.customId) !== 'pending') return; // another process stored it meanwhile
        const done = batchKind(spec.kind).complete(ctx, spec, chat);
        jobs.markRequest(jobId, request.customId, { status: 'done', ...done });
      });
    } catch (error) {
      const pw = toPagewiseError(error);
      if (pw.code === 'DISK_FULL' || pw.code === 'DB_BUSY') throw pw; // not this line's fault: collect again later
      jobs.markRequest(jobId, request.customId, { status: 'failed', error: `The result could not be stored: ${pw.message}` });
    }
  }
  return jobs.update(jobId, { collected: true });
}
