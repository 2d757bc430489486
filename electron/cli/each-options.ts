/**
 * `--docs a,b` (or --collection / --all) with `--each` and `--batch`: one answer or summary PER document,
 * directly (one after another, the normal price) or as one Batch API job (half price, results within 24 h).
 * Kept apart from ask/summarize so that the combined multi-document answer (`ask --docs` without --each)
 * stays its own flags' business.
 */
import type { Scope } from '../../shared/api/scope';
import type { Job, JobDocument } from '../../shared/api/jobs';
import { StrategyChoiceSchema, SummaryKindSchema, type AnswerRecord } from '../../shared/api/domain';
import { unwrapLazy } from '../../shared/api/zod';
import { answerJson } from './answer-output';
import { extractionDocJson } from './extraction-output';
import { choiceOption, intOption, UsageError, type OptionSpec, type OptionValues } from './command';
import { formatInt, formatUsd, printJson } from './output';
import { SCOPE_OPTIONS, scopeFromOptions } from './scope-options';
import type { CliSession } from './session';
import { writeStdout } from './stdout';

export const EACH_OPTIONS: OptionSpec = {
  ...SCOPE_OPTIONS,
  each: { type: 'boolean' },
  batch: { type: 'boolean' },
};

export const EACH_USAGE = '--docs a,b | --collection NAME | --all [--each] [--batch]';
export const EACH_NOTE = '--each: one per document; --batch: as one Batch API job (half price, results within 24 h; prints the job and returns)';

/**
 * The scope of a run over each document, or null when this is not one: for ask only with --each or --batch
 * (`ask --docs` alone is one combined answer, not this helper's), for summarize with any scope (`always`).
 */
export function eachScope(options: OptionValues, always = false): Scope | null {
  if (!always && options.each !== true && options.batch !== true) return null;
  const scope = scopeFromOptions(options);
  if (scope === null && (options.each === true || options.batch === true)) throw new UsageError('--each and --batch need the documents: --docs a,b, --collection NAME or --all');
  return scope;
}

/** A submitted job, as `--batch` prints it (and returns at once). */
export function printSubmitted(job: Job, json: boolean): void {
  if (json) {
    printJson({ job: { id: job.id, status: job.status, requests: job.requests, estimatedCostUsd: job.estimatedCostUsd, predictedPromptTokens: job.predictedPromptTokens } });
    return;
  }
  const settled = job.done + job.failed;
  writeStdout(
    `Batch job ${job.id} sent: ${formatInt(job.pending)} request${job.pending === 1 ? '' : 's'} (${formatInt(job.predictedPromptTokens)} prompt tokens), at most ${formatUsd(job.estimatedCostUsd)} at the batch price (half the normal price). Results within 24 hours.\n` +
      (settled > 0 ? `${settled} document${settled === 1 ? ' was' : 's were'} not sent (already answered, or too long for one request): see pagewise jobs wait ${job.id.slice(0, 8)}.\n` : '') +
      `Wait for it (any time, even after a restart) with: pagewise jobs wait ${job.id.slice(0, 8)}\n`,
  );
}

export function documentJson(d: JobDocument): Record<string, unknown> {
  // an extraction's document: the shape `extract --json` prints (pending until the job is collected)
  if (d.extraction) return { ...extractionDocJson(d.extraction), batch: d.extraction.batch, costUsd: d.extraction.costUsd, ...(d.status === 'failed' ? { status: 'failed', error: d.error ?? d.extraction.errorMessage } : {}) };
  if (d.extraction === null) return { docId: d.docId, title: d.title, extractionId: null, status: d.status, error: d.error, fields: [] };
  return { docId: d.docId, title: d.title, status: d.status, error: d.error, answer: d.answer ? { ...answerJson(d.answer), batch: d.answer.batch === true } : null };
}

/** Each document's answer or error, as text. */
export function printDocuments(documents: readonly JobDocument[]): void {
  for (const d of documents) {
    writeStdout(`\n== ${d.title} (${d.docId.slice(0, 12)})\n`);
    if (d.extraction) {
      for (const f of d.extraction.fields) writeStdout(`  ${f.name}: ${f.value === null ? 'not stated' : JSON.stringify(f.value)}${f.page !== null ? ` (p. ${f.page}${f.verified ? ' ✓' : ', unverified'})` : ''}\n`);
      writeStdout(`${d.extraction.batch ? 'batch · ' : ''}${formatUsd(d.extraction.costUsd)} · extraction ${d.extraction.id.slice(0, 8)}${d.error ? ` · ${d.error}` : ''}\n`);
    } else if (d.answer) writeStdout(`${d.answer.text}\n${d.answer.batch ? 'batch · ' : ''}${formatUsd(d.answer.costUsd)} · id ${d.answer.id}\n`);
    else writeStdout(`${d.status === 'pending' ? 'Not finished yet.' : `Failed: ${d.error ?? 'no reason given'}`}\n`);
  }
}

/** Without --batch: each document in turn, directly (the normal run), printed as a job's documents are. */
export async function runEachDirect(
  call: CliSession['call'],
  scope: Scope,
  json: boolean,
  run: (docId: string) => Promise<AnswerRecord>,
): Promise<number> {
  const { documents: all } = await call('library.list', {});
  const ids = 'docIds' in scope ? scope.docIds : 'collection' in scope ? (await call('collection.get', { collection: scope.collection })).collection.docIds : all.map((d) => d.id);
  const out: JobDocument[] = [];
  for (const ref of ids) {
    try {
      const answer = await run(ref);
      out.push({ docId: answer.docId, title: all.find((d) => d.id === answer.docId)?.title ?? ref, customId: ref, status: 'done', answer, error: null });
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      out.push({ docId: ref, title: all.find((d) => d.id === ref)?.title ?? ref, customId: ref, status: 'failed', answer: null, error: message });
    }
  }
  const costUsd = out.reduce((n, d) => n + (d.answer && !d.answer.cached ? d.answer.costUsd : 0), 0);
  if (json) printJson({ documents: out.map(documentJson), costUsd });
  else {
    printDocuments(out);
    writeStdout(`\n${out.filter((d) => d.status === 'done').length} of ${out.length} documents answered · ${formatUsd(costUsd)}\n`);
  }
  return out.some((d) => d.status === 'failed') ? 1 : 0;
}

/** `ask --docs ... --each [--batch] "q"`: one answer per document (every positional is the question). */
export async function runAskEach(session: () => Promise<CliSession>, scope: Scope, positionals: string[], options: OptionValues, json: boolean): Promise<number> {
  const question = positionals.join(' ').trim();
  if (question === '') throw new UsageError('give the question, in quotes');
  const strategy = choiceOption(options, 'strategy', unwrapLazy(StrategyChoiceSchema).options, 'auto');
  const budgetTokens = intOption(options, 'budget', 500) ?? null;
  const fresh = options.fresh === true;
  const { call } = await session();
  if (options.batch === true) {
    printSubmitted((await call('jobs.askEach', { scope, question, strategy, budgetTokens, fresh })).job, json);
    return 0;
  }
  return runEachDirect(call, scope, json, (docId) => call('analysis.ask', { docId, question, strategy, budgetTokens, fresh }));
}

/** `summarize --docs ... [--batch]`: a summary of each document. */
export async function runSummarizeEach(session: () => Promise<CliSession>, scope: Scope, positionals: string[], options: OptionValues, json: boolean): Promise<number> {
  if (positionals.length > 0) throw new UsageError('give the documents either as <doc> or with --docs/--collection/--all, not both');
  const kind = choiceOption(options, 'kind', unwrapLazy(SummaryKindSchema).options, 'brief');
  const budgetTokens = intOption(options, 'budget', 500) ?? null;
  const fresh = options.fresh === true;
  const { call } = await session();
  if (options.batch === true) {
    printSubmitted((await call('jobs.summarizeEach', { scope, kind, budgetTokens, fresh })).job, json);
    return 0;
  }
  return runEachDirect(call, scope, json, (docId) => call('analysis.summarize', { docId, kind, budgetTokens, fresh }));
}
