import type { Comparison, ComparisonFormat, ComparePlan } from '../../shared/api/compare';
import { StrategyChoiceSchema } from '../../shared/api/domain';
import { unwrapLazy } from '../../shared/api/zod';
import { formatPageRef } from '../../shared/text/page-labels';
import { type Command, choiceOption, intOption, stringOption, UsageError } from './command';
import { printSubmitted } from './each-options';
import { requireScope, SCOPE_OPTIONS } from './scope-options';
import { formatInt, formatTable, formatUsd, printJson, truncate } from './output';
import { outputPath, writeOutputFile } from './output-file';
import { writeStdout } from './stdout';

const OUT_FORMATS: readonly ComparisonFormat[] = ['md', 'html', 'docx', 'json', 'csv'];

function outFormat(file: string): ComparisonFormat {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  const format = ext === 'markdown' ? 'md' : ext;
  if (!format || !(OUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--out must end in .md, .html, .docx, .json or .csv (the format comes from it), got "${file}"`);
  }
  return format as ComparisonFormat;
}

function printComparePlan(plan: ComparePlan): void {
  const rows = plan.rows.map((r, i) => [
    String(i + 1),
    truncate(r.title, 40),
    r.plan ? r.plan.strategy : '-',
    r.plan ? formatInt(r.plan.promptTokens) : '-',
    r.plan ? formatUsd(r.plan.estimatedCostUsd) : '-',
    r.error ? truncate(`cannot be asked: ${r.error.message}`, 70) : '',
  ]);
  writeStdout(`Comparing across ${plan.scopeLabel} (${formatInt(plan.rows.length)} documents), one answer each, with ${plan.model}\n\n`);
  writeStdout(`${formatTable(['#', 'document', 'strategy', 'prompt tokens', 'at most', ''], rows, new Set([0, 3, 4]))}\n\n`);
  const cost = plan.extractive
    ? `$0 now (offline: extractive answers, no model is called)`
    : `at most ${formatUsd(plan.totals.estimatedCostUsd)} (input + the full answer reserve; answers are usually shorter)`;
  writeStdout(`requests        ${formatInt(plan.totals.calls)}\nprompt tokens   ${formatInt(plan.totals.promptTokens)}\nestimated cost  ${cost}\n`);
}

/** One block per document: the answer's first lines, its citations with ✓/✗, tokens and cost. */
function printComparison(c: Comparison): void {
  const count = /\bdocuments?$/.test(c.scopeLabel) ? c.scopeLabel : `${c.scopeLabel} (${formatInt(c.documentCount)} documents)`;
  const unfinished = c.documentCount - c.rows.length;
  const out: string[] = [`Question: ${c.question}`, `Asked of ${count}, one answer each${unfinished > 0 ? `; ${formatInt(unfinished)} not reached` : ''}`, ''];
  c.rows.forEach((row, i) => {
    out.push(`${i + 1}. ${row.title}`);
    const a = row.answer;
    if (!a) {
      out.push(`   ✗ not answered: ${row.error?.message ?? 'no answer'}`, '');
      return;
    }
    const lines = a.text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    for (const line of lines.slice(0, 4)) out.push(`   ${truncate(line, 110)}`);
    if (lines.length > 4) out.push(`   … (${lines.length - 4} more lines: pagewise show ${a.id.slice(0, 8)})`);
    for (const cit of a.citations.slice(0, 6)) out.push(`   ${cit.verified ? '✓' : '✗'} ${formatPageRef(cit)}${cit.quote ? ` "${truncate(cit.quote, 80)}"` : ''}`);
    if (a.citations.length > 6) out.push(`   … ${a.citations.length - 6} more citations`);
    const facts = [
      a.extractive ? 'extractive, no model used' : null,
      a.cached ? 'from the cache, no cost' : null,
      a.extractive ? null : `${formatInt(a.usage.promptTokens)} prompt + ${formatInt(a.usage.completionTokens)} output tokens`,
      a.extractive || a.cached ? null : formatUsd(a.costUsd),
      a.status !== 'complete' ? `status: ${a.status}` : null,
    ].filter((f): f is string => f !== null);
    out.push(`   ${facts.join(' · ')}`, '');
  });
  const answered = c.rows.filter((r) => r.answer).length;
  out.push(
    `${formatInt(answered)} answered, ${formatInt(c.rows.length - answered)} not · ${formatInt(c.usage.promptTokens)} prompt + ${formatInt(c.usage.completionTokens)} output tokens · ${formatUsd(c.costUsd)}`,
    `id ${c.id} (export with: pagewise export ${c.id.slice(0, 8)} --format md|html|docx|json|csv)`,
  );
  writeStdout(`${out.join('\n')}\n`);
}

export const compareCommand: Command = {
  usage:
    'pagewise compare --collection NAME|--docs REF1,REF2|--all "<question>" [--plan] [--strategy auto|whole|focused|exhaustive]\n' +
    '                 [--budget TOKENS] [--fresh] [--out FILE.md|.html|.docx|.json|.csv] [--json]\n' +
    '                 [--batch]   (as one Batch API job: half price, results within 24 h; the comparison fills in as the job is collected)\n' +
    '       pagewise compare --history [--json]',
  options: {
    ...SCOPE_OPTIONS,
    plan: { type: 'boolean' },
    batch: { type: 'boolean' },
    strategy: { type: 'string' },
    budget: { type: 'string' },
    fresh: { type: 'boolean' },
    out: { type: 'string' },
    history: { type: 'boolean' },
  },
  async run({ positionals, options, json, session }) {
    if (options.history) {
      const { call } = await session();
      const { items } = await call('history.comparisons', {});
      if (json) printJson({ items });
      else if (items.length === 0) writeStdout('No comparisons yet: pagewise compare --collection NAME "question"\n');
      else {
        const rows = items.map((c) => [c.id.slice(0, 8), c.createdAt.slice(0, 16).replace('T', ' '), truncate(c.scopeLabel, 24), `${c.finishedRows - c.failedRows}/${c.documentCount}`, truncate(c.question, 60)]);
        writeStdout(`${formatTable(['id', 'asked (UTC)', 'documents', 'answered', 'question'], rows, new Set([3]))}\n`);
      }
      return 0;
    }
    const scope = requireScope(options);
    const question = positionals.join(' ').trim();
    if (question === '') throw new UsageError('give the question in quotes');
    const strategy = choiceOption(options, 'strategy', unwrapLazy(StrategyChoiceSchema).options, 'auto');
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const out = stringOption(options, 'out');
    const format = out !== undefined ? outFormat(out) : null;
    if (options.batch === true && out !== undefined) throw new UsageError('--out is for a direct run; export a batch comparison once its job is collected: pagewise export ID');
    const { call } = await session();
    const request = { scope, question, strategy, budgetTokens };

    if (options.batch === true && !options.plan) {
      const { job, comparisonId } = await call('jobs.compareEach', { ...request, fresh: options.fresh === true });
      if (json) printJson({ job: { id: job.id, status: job.status, requests: job.requests, estimatedCostUsd: job.estimatedCostUsd, predictedPromptTokens: job.predictedPromptTokens }, comparisonId });
      else {
        printSubmitted(job, false);
        writeStdout(`The comparison ${comparisonId.slice(0, 8)} is in pagewise compare --history; its rows fill in when the job is collected.\n`);
      }
      return 0;
    }

    if (options.plan) {
      const plan = await call('analysis.planCompare', request);
      if (json) printJson(plan);
      else printComparePlan(plan);
      return 0;
    }
    const comparison = await call('analysis.compare', { ...request, fresh: options.fresh === true }, (event) => {
      // progress on stderr, one line per step, so stdout stays the table (or the JSON)
      if (event.type === 'progress' && event.progress.message) process.stderr.write(`pagewise: ${event.progress.message}\n`);
    });
    if (json) printJson(comparison);
    else printComparison(comparison);
    if (out !== undefined && format !== null) {
      const file = await call('export.comparison', { comparisonId: comparison.id, format });
      const path = outputPath(out, file.fileName);
      const bytes = Buffer.from(file.dataBase64, 'base64');
      writeOutputFile(path, bytes);
      process.stderr.write(`pagewise: wrote ${path} (${(bytes.length / 1024).toFixed(1)} KB)\n`);
    }
    return comparison.rows.some((r) => r.answer) ? 0 : 1;
  },
};
