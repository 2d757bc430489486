/**
 * Compare as a batch: the same question to each document ('answer' requests), each request carrying the
 * comparison it belongs to (meta.comparison). The comparison is stored when the job is sent (so it is in
 * history at once, its rows not reached yet) and each row is filled as its answer lands: a finished line, a
 * failed one, a request settled without being sent (cached, or too long for one request), a direct re-run.
 */
import type { AnalysisContext } from '../analysis/types';
import type { PlannedRequest } from './types';

export interface ComparisonLink {
  comparisonId: string;
  position: number;
  title: string;
}

export function comparisonLink(meta: Record<string, unknown> | undefined): ComparisonLink | null {
  const link = meta?.comparison as Partial<ComparisonLink> | undefined;
  if (!link || typeof link.comparisonId !== 'string' || typeof link.position !== 'number' || typeof link.title !== 'string') return null;
  return { comparisonId: link.comparisonId, position: link.position, title: link.title };
}

export function withComparison(planned: PlannedRequest, link: ComparisonLink): PlannedRequest {
  if ('outcome' in planned) return { ...planned, meta: { ...planned.meta, comparison: link } };
  return { ...planned, spec: { ...planned.spec, meta: { ...planned.spec.meta, comparison: link } } };
}

/** A row of the comparison: its answer, or why it has none (code: where it failed). */
export function recordRow(ctx: AnalysisContext, link: ComparisonLink, docId: string, answerId: string | null, error: { code: string; message: string } | null): void {
  if (!ctx.library.comparisons.get(link.comparisonId)) return; // deleted meanwhile: nothing to fill
  const answer = answerId !== null ? ctx.library.getAnswer(answerId) : null;
  ctx.library.comparisons.addRow(link.comparisonId, { position: link.position, docId, title: link.title, answer, error: answer ? null : (error ?? { code: 'ANSWER_NOT_FOUND', message: 'The answer is no longer in the library.' }) });
}

/** The rows of requests settled when the job was made (served from the cache, or not plannable into one line). */
export function recordSettledRows(ctx: AnalysisContext, jobId: string): void {
  for (const r of ctx.library.jobs.requests(jobId)) {
    if (r.status === 'pending') continue;
    const link = comparisonLink((JSON.parse(r.specJson) as { meta?: Record<string, unknown> }).meta);
    if (link) recordRow(ctx, link, r.docId, r.answerId, r.error !== null ? { code: 'INVALID_INPUT', message: r.error } : null);
  }
}
