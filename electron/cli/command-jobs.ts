/** `pagewise jobs [list] | show ID | wait ID | cancel ID | retry ID [--direct]`: Batch API jobs (issue 12). */
import type { Job } from '../../shared/api/jobs';
import { type Command, requirePositional, UsageError } from './command';
import { documentJson, printDocuments } from './each-options';
import { formatInt, formatTable, formatUsd, printJson, truncate } from './output';
import { writeStdout } from './stdout';

const USAGE = [
  'pagewise jobs [--json]                  list batch jobs',
  'pagewise jobs show ID [--json]          one job and each of its requests',
  'pagewise jobs wait ID [--json]          wait (progress on stderr), store the results, print them',
  'pagewise jobs cancel ID                 cancel at the provider (finished requests are still collected)',
  'pagewise jobs retry ID [--direct]       re-run the failed requests as a new batch, or --direct now at the normal price',
  '  ID: a job id or its first 4+ characters (as `pagewise jobs` shows them).',
].join('\n');

function jobJson(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    label: job.label,
    status: job.status,
    requests: job.requests,
    done: job.done,
    failed: job.failed,
    predictedPromptTokens: job.predictedPromptTokens,
    estimatedCostUsd: job.estimatedCostUsd,
    costUsd: job.costUsd,
    batchId: job.batchId,
    retryOf: job.retryOf,
    createdAt: job.createdAt,
  };
}

function statusLine(job: Job): string {
  return `Job ${job.id.slice(0, 8)}: ${job.status.replace('_', ' ')} · ${job.done} done, ${job.failed} failed of ${job.requests} · ${formatUsd(job.costUsd)}`;
}

/** The poll interval in ms from PAGEWISE_BATCH_POLL_MS (tests and impatient users); default: the engine's. */
function pollOptions(): { pollMs?: number; maxPollMs?: number } {
  const raw = Number(process.env.PAGEWISE_BATCH_POLL_MS);
  return Number.isInteger(raw) && raw > 0 ? { pollMs: raw, maxPollMs: Math.max(raw, raw * 4) } : {};
}

export const jobsCommand: Command = {
  usage: USAGE,
  options: { direct: { type: 'boolean' } },
  async run({ positionals, options, json, session }) {
    const [verb = 'list', ...rest] = positionals;
    const { call } = await session();
    switch (verb) {
      case 'list': {
        const { jobs } = await call('jobs.list', {});
        if (json) printJson(jobs.map(jobJson));
        else if (jobs.length === 0) writeStdout('No batch jobs yet. Send one with --batch, e.g. pagewise summarize --docs a,b --batch\n');
        else {
          const rows = jobs.map((j) => [j.id.slice(0, 8), truncate(j.label, 48), j.status.replace('_', ' '), `${j.done}/${j.requests}`, formatInt(j.failed), formatUsd(j.collected ? j.costUsd : j.estimatedCostUsd), j.createdAt.slice(0, 16).replace('T', ' ')]);
          writeStdout(`${formatTable(['ID', 'WHAT', 'STATUS', 'DONE', 'FAILED', 'COST', 'SENT'], rows, new Set([3, 4, 5]))}\n`);
          writeStdout('Cost: what finished requests cost, or the estimate (at most) while a job runs.\n');
        }
        return 0;
      }
      case 'show': {
        const { job, requests } = await call('jobs.get', { id: requirePositional(rest, 0, 'the job id') });
        if (json) printJson({ job: jobJson(job), requests });
        else {
          writeStdout(`${job.label}\n${statusLine(job)}\n`);
          const rows = requests.map((r) => [r.customId, truncate(r.title, 40), r.status, formatInt(r.predictedPromptTokens), truncate(r.error ?? r.answerId ?? '', 60)]);
          writeStdout(`${formatTable(['REQUEST', 'DOCUMENT', 'STATUS', 'PROMPT', 'RESULT'], rows, new Set([3]))}\n`);
        }
        return 0;
      }
      case 'wait': {
        const id = requirePositional(rest, 0, 'the job id');
        let last = '';
        const result = await call('jobs.wait', { id, ...pollOptions() }, (event) => {
          if (event.type !== 'progress') return;
          const message = event.progress.message ?? event.progress.stage;
          if (message !== last) process.stderr.write(`pagewise: ${message}\n`);
          last = message;
        });
        const { job, documents } = result;
        if (json) {
          printJson({
            job: { id: job.id, status: job.status, requests: job.requests, done: job.done, failed: job.failed, predictedPromptTokens: job.predictedPromptTokens, costUsd: job.costUsd },
            documents: documents.map(documentJson),
          });
        } else {
          printDocuments(documents);
          writeStdout(`\n${statusLine(job)}\n`);
          if (job.failed > 0) writeStdout(`Re-run the failed requests with: pagewise jobs retry ${job.id.slice(0, 8)} (or --direct to run them now at the normal price)\n`);
        }
        return job.failed > 0 ? 1 : 0;
      }
      case 'cancel': {
        const { job } = await call('jobs.cancel', { id: requirePositional(rest, 0, 'the job id') });
        if (json) printJson({ job: jobJson(job) });
        else writeStdout(`${statusLine(job)}\nRequests that finished before the cancel are stored by: pagewise jobs wait ${job.id.slice(0, 8)}\n`);
        return 0;
      }
      case 'retry': {
        const direct = options.direct === true;
        const { job, documents } = await call('jobs.retryFailed', { id: requirePositional(rest, 0, 'the job id'), batch: !direct });
        if (json) printJson({ job: jobJson(job), documents: documents.map(documentJson) });
        else if (direct) {
          printDocuments(documents);
          writeStdout(`\n${statusLine(job)}\n`);
        } else writeStdout(`Batch job ${job.id} sent with ${job.requests} request${job.requests === 1 ? '' : 's'}. Wait for it with: pagewise jobs wait ${job.id.slice(0, 8)}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown jobs command "${verb}": use list, show, wait, cancel or retry`);
    }
  },
};
