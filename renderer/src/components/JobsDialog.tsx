/**
 * Batch jobs (issue 12): each job's status, requests done and failed, and cost, with Cancel and
 * "Re-run failed". While open it asks the provider about unfinished jobs (jobs.refresh), every
 * REFRESH_MS; a finished job's results are stored in history by that same call.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Job } from '../../../shared/api/jobs';
import { useClient } from '../state';
import { formatCost, formatDate, plural } from '../lib/format';
import { DialogHead } from './DialogHead';
import { useModal } from './useModal';

const REFRESH_MS = 15_000;

const STATUS_WORDS: Record<Job['status'], string> = {
  preparing: 'Not sent yet',
  validating: 'Being checked by the provider',
  in_progress: 'Running',
  finalizing: 'Finishing',
  completed: 'Finished',
  failed: 'Refused by the provider',
  expired: 'Expired (24 hours passed)',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
};

export function jobStatusText(job: Job): string {
  if (job.collected && job.status === 'completed') return job.failed > 0 ? 'Finished, some failed' : 'Finished';
  return STATUS_WORDS[job.status];
}

/** Nothing more will change: its results (or failures) are stored. */
function finished(job: Job): boolean {
  return job.collected;
}

export function JobsDialog({ open, onClose, onResults }: { open: boolean; onClose: () => void; onResults?: () => void }): ReactNode {
  const client = useClient();
  const modal = useModal(open);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async (ask: boolean) => {
    try {
      let list = (await client.call('jobs.list', {})).jobs;
      if (ask) {
        let collected = false;
        for (const job of list.filter((j) => !finished(j))) {
          const { job: fresh } = await client.call('jobs.refresh', { id: job.id });
          collected ||= fresh.collected;
        }
        if (collected) onResults?.();
        list = (await client.call('jobs.list', {})).jobs;
      }
      setJobs(list);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, [client, onResults]);

  useEffect(() => {
    if (!open) return;
    void load(true);
    const timer = setInterval(() => void load(true), REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, load]);

  const act = async (job: Job, what: 'cancel' | 'retry'): Promise<void> => {
    setBusy(job.id);
    try {
      if (what === 'cancel') await client.call('jobs.cancel', { id: job.id });
      else await client.call('jobs.retryFailed', { id: job.id, batch: true });
      await load(false);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <dialog
      ref={modal.ref}
      className="shortcuts-dialog jobs-dialog"
      aria-labelledby="jobs-title"
      onClose={onClose}
      onClick={modal.onBackdropClick}
    >
      <div className="shortcuts-content">
        <DialogHead id="jobs-title" title="Batch jobs" onClose={modal.close} />
        <div className="dialog-body jobs-body">
          <p className="muted jobs-intro">Runs sent as a batch cost half the normal price and finish within 24 hours. Their results appear in each document's history.</p>
          {error ? (
            <p className="error-box" role="alert">
              {error}
            </p>
          ) : null}
          {jobs === null ? <p className="muted">Loading…</p> : null}
          {jobs !== null && jobs.length === 0 ? <p className="muted">No batch jobs yet.</p> : null}
          {jobs !== null && jobs.length > 0 ? (
            <ul className="jobs-list" data-testid="jobs-list">
              {jobs.map((job) => (
                <li key={job.id} className="job-row" data-testid="job-row">
                  <div className="job-main">
                    <div className="job-label">{job.label}</div>
                    <div className="job-facts muted">
                      <span className={`job-status job-status-${job.status}`}>{jobStatusText(job)}</span>
                      {' · '}
                      {job.done} of {plural(job.requests, 'request')} done
                      {job.failed > 0 ? <span className="job-failed">{` · ${job.failed} failed`}</span> : null}
                      {' · '}
                      {job.collected ? formatCost(job.costUsd) : `at most ${formatCost(job.estimatedCostUsd)}`}
                      {' · sent '}
                      {formatDate(job.createdAt)}
                    </div>
                  </div>
                  <div className="job-actions">
                    {!finished(job) && job.status !== 'cancelled' && job.status !== 'cancelling' ? (
                      <button type="button" className="button button-small" disabled={busy === job.id} onClick={() => void act(job, 'cancel')}>
                        Cancel
                      </button>
                    ) : null}
                    {job.collected && job.failed > 0 ? (
                      <button type="button" className="button button-small" disabled={busy === job.id} onClick={() => void act(job, 'retry')}>
                        Re-run failed
                      </button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </dialog>
  );
}
