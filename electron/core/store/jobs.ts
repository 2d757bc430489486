/**
 * The jobs and job_requests tables (issue 12): Batch API jobs and every request in them, with its exact
 * messages and plan (spec_json), so a job can be resumed, collected and re-run after any restart.
 * Each change is one write transaction; collecting a line (answer saved + request marked) is the caller's
 * one transaction through `transaction`. Reached through Library.jobs.
 */
import type Database from 'better-sqlite3';
import type { BatchKind, Job, JobRequest, JobStatus } from '../../../shared/api/jobs';
import { PagewiseError } from '../errors';
import type { WriteFn } from './connection';

interface JobRow {
  id: string;
  label: string;
  model: string;
  batch_id: string | null;
  input_file_id: string | null;
  output_file_id: string | null;
  error_file_id: string | null;
  status: JobStatus;
  request_count: number;
  predicted_prompt_tokens: number;
  estimated_cost_usd: number;
  collected: number;
  retry_of: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  done: number;
  failed: number;
  cost_usd: number;
}

interface RequestRow {
  custom_id: string;
  kind: BatchKind;
  doc_id: string;
  spec_json: string;
  predicted_prompt_tokens: number;
  status: JobRequest['status'];
  answer_id: string | null;
  error: string | null;
  title: string | null;
}

export interface NewJobRequest {
  customId: string;
  kind: BatchKind;
  docId: string;
  specJson: string;
  predictedPromptTokens: number;
  /** Already answered (the cache) or already failed (could not be planned). */
  status: JobRequest['status'];
  answerId: string | null;
  error: string | null;
}

export interface NewJob {
  id: string;
  label: string;
  model: string;
  predictedPromptTokens: number;
  estimatedCostUsd: number;
  retryOf: string | null;
}

export type JobUpdate = Partial<{
  status: JobStatus;
  batchId: string;
  inputFileId: string;
  outputFileId: string | null;
  errorFileId: string | null;
  collected: boolean;
  error: string | null;
}>;

export interface StoredJobRequest extends JobRequest {
  specJson: string;
}

const JOB_SELECT = `SELECT j.*,
    (SELECT COUNT(*) FROM job_requests r WHERE r.job_id = j.id AND r.status = 'done') AS done,
    (SELECT COUNT(*) FROM job_requests r WHERE r.job_id = j.id AND r.status = 'failed') AS failed,
    (SELECT COALESCE(SUM(r.cost_usd), 0) FROM job_requests r WHERE r.job_id = j.id) AS cost_usd
  FROM jobs j`;

export class JobRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
  ) {}

  private toJob(row: JobRow): Job {
    return {
      id: row.id,
      label: row.label,
      status: row.status,
      model: row.model,
      batchId: row.batch_id,
      inputFileId: row.input_file_id,
      outputFileId: row.output_file_id,
      errorFileId: row.error_file_id,
      requests: row.request_count,
      done: row.done,
      failed: row.failed,
      pending: Math.max(0, row.request_count - row.done - row.failed),
      predictedPromptTokens: row.predicted_prompt_tokens,
      estimatedCostUsd: row.estimated_cost_usd,
      costUsd: row.cost_usd,
      collected: row.collected === 1,
      retryOf: row.retry_of,
      error: row.error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  create(job: NewJob, requests: readonly NewJobRequest[]): Job {
    const now = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO jobs (id, label, model, status, request_count, predicted_prompt_tokens, estimated_cost_usd, retry_of, created_at, updated_at)
           VALUES (?, ?, ?, 'preparing', ?, ?, ?, ?, ?, ?)`,
        )
        .run(job.id, job.label, job.model, requests.length, job.predictedPromptTokens, job.estimatedCostUsd, job.retryOf, now, now);
      const insert = this.db.prepare(
        `INSERT INTO job_requests (job_id, custom_id, ordinal, kind, doc_id, spec_json, predicted_prompt_tokens, status, answer_id, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      requests.forEach((r, i) => insert.run(job.id, r.customId, i, r.kind, r.docId, r.specJson, r.predictedPromptTokens, r.status, r.answerId, r.error));
    });
    return this.getOrThrow(job.id);
  }

  get(id: string): Job | null {
    const row = this.db.prepare<[string], JobRow>(`${JOB_SELECT} WHERE j.id = ?`).get(id);
    return row ? this.toJob(row) : null;
  }

  getOrThrow(id: string): Job {
    const job = this.get(id);
    if (!job) throw new PagewiseError('JOB_NOT_FOUND', `No batch job has the id "${id}". Run \`pagewise jobs\` to see them.`);
    return job;
  }

  /** By full id or a unique prefix (4+ characters). */
  resolve(ref: string): Job {
    const wanted = ref.trim();
    const exact = this.get(wanted);
    if (exact) return exact;
    const rows = wanted.length >= 4 ? this.db.prepare<[string, string], { id: string }>('SELECT id FROM jobs WHERE id >= ? AND id < ? LIMIT 2').all(wanted, `${wanted}\uffff`) : [];
    if (rows.length === 1 && rows[0]) return this.getOrThrow(rows[0].id);
    throw new PagewiseError(
      'JOB_NOT_FOUND',
      rows.length > 1
        ? `"${wanted}" is the start of more than one job id: type more of it.`
        : `No batch job has the id "${wanted}". Run \`pagewise jobs\` to see them.`,
    );
  }

  list(limit = 200): Job[] {
    return this.db
      .prepare<[number], JobRow>(`${JOB_SELECT} ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`)
      .all(limit)
      .map((r) => this.toJob(r));
  }

  update(id: string, update: JobUpdate): Job {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    const set = (column: string, value: string | number | null): void => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (update.status !== undefined) set('status', update.status);
    if (update.batchId !== undefined) set('batch_id', update.batchId);
    if (update.inputFileId !== undefined) set('input_file_id', update.inputFileId);
    if (update.outputFileId !== undefined) set('output_file_id', update.outputFileId);
    if (update.errorFileId !== undefined) set('error_file_id', update.errorFileId);
    if (update.collected !== undefined) set('collected', update.collected ? 1 : 0);
    if (update.error !== undefined) set('error', update.error);
    set('updated_at', new Date().toISOString());
    this.write(() => {
      this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    });
    return this.getOrThrow(id);
  }

  requests(jobId: string): StoredJobRequest[] {
    return this.db
      .prepare<[string], RequestRow>(
        `SELECT r.custom_id, r.kind, r.doc_id, r.spec_json, r.predicted_prompt_tokens, r.status, r.answer_id, r.error, d.title AS title
         FROM job_requests r LEFT JOIN documents d ON d.id = r.doc_id WHERE r.job_id = ? ORDER BY r.ordinal`,
      )
      .all(jobId)
      .map((r) => ({
        customId: r.custom_id,
        kind: r.kind,
        docId: r.doc_id,
        title: r.title ?? '(removed document)',
        status: r.status,
        predictedPromptTokens: r.predicted_prompt_tokens,
        answerId: r.answer_id,
        error: r.error,
        specJson: r.spec_json,
      }));
  }

  /** A request's status as stored now (two processes collecting one job must not store a result twice). */
  requestStatus(jobId: string, customId: string): JobRequest['status'] | null {
    const row = this.db.prepare<[string, string], { status: JobRequest['status'] }>('SELECT status FROM job_requests WHERE job_id = ? AND custom_id = ?').get(jobId, customId);
    return row?.status ?? null;
  }

  /**
   * Mark one request done or failed. Call inside `transaction` together with saving its result, so a
   * killed process leaves either both or neither.
   */
  markRequest(jobId: string, customId: string, outcome: { status: 'done'; answerId: string; costUsd: number } | { status: 'failed'; error: string }): void {
    this.write(() => {
      if (outcome.status === 'done') {
        this.db
          .prepare("UPDATE job_requests SET status = 'done', answer_id = ?, cost_usd = ?, error = NULL WHERE job_id = ? AND custom_id = ?")
          .run(outcome.answerId, outcome.costUsd, jobId, customId);
      } else {
        this.db.prepare("UPDATE job_requests SET status = 'failed', error = ? WHERE job_id = ? AND custom_id = ?").run(outcome.error, jobId, customId);
      }
    });
  }

  /** Forget a job that never reached the provider. */
  remove(id: string): void {
    this.write(() => {
      this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
    });
  }

  /** Run fn in the library's one write transaction (nested writes inside it join it). */
  transaction<T>(fn: () => T): T {
    return this.write(fn);
  }
}
