/**
 * `pagewise extract`: a template's fields from one document or many, each value with its quote, page and
 * verified mark; the cost is shown before sending and the exact count after; `--out` writes the table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { OpEvent } from '../../shared/api';
import { TableFormatSchema, type Extraction, type ExtractionPlan, type ExtractionRun, type TemplateRef } from '../../shared/api/extract';
import { toPagewiseError } from '../core/errors';
import { parseInlineFields, parseTemplateFile } from '../core/extract/templates';
import { valueText } from '../core/extract/table';
import { type Command, intOption, stringOption, UsageError, type OptionValues } from './command';
import { printSubmitted } from './each-options';
import { extractionDocJson } from './extraction-output';
import { docOrScope, SCOPE_OPTIONS } from './scope-options';
import { formatInt, formatPageRanges, formatUsd, plural, printJson, ProgressBar, truncate } from './output';
import { outputPath, writeOutputFile } from './output-file';
import { writeStdout } from './stdout';

function templateRef(options: OptionValues): TemplateRef {
  const template = stringOption(options, 'template');
  const fields = stringOption(options, 'fields');
  if (template !== undefined && fields !== undefined) throw new UsageError('give --template or --fields, not both');
  if (fields !== undefined) return { definition: parseInlineFields(fields) };
  if (template === undefined) throw new UsageError('choose --template contract|financials|NAME|FILE.json, or --fields "name: description; ..."');
  if (template.toLowerCase().endsWith('.json') || (template.includes('/') && existsSync(template))) {
    let text: string;
    try {
      text = readFileSync(template, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the template file ${template}: ${(error as Error).message}`);
    }
    return { definition: parseTemplateFile(text) };
  }
  return { template };
}

function printPlanLine(plan: ExtractionPlan): void {
  const docs = plural(plan.documents.length, 'document');
  process.stderr.write(
    `Extracting ${plural(plan.fields.length, 'field')} (${plan.templateName}) from ${docs}: ${plural(plan.calls, 'request')}, ${formatInt(plan.promptTokens)} prompt tokens, at most ${formatUsd(plan.estimatedCostUsd)} with ${plan.model}.\n`,
  );
}

function printPlan(plan: ExtractionPlan): void {
  printPlanLine(plan);
  for (const d of plan.documents) {
    writeStdout(`${d.title}: ${d.plan.strategy}, ${plural(d.plan.calls, 'request')}, ${formatInt(d.plan.promptTokens)} prompt tokens\n`);
    for (const g of d.groups) writeStdout(`  ${g.fields.join(', ')}: pages ${formatPageRanges(g.pages)} (${formatInt(g.promptTokens)} tokens)\n`);
  }
}

/** The documented `extract --json` shape. */
export function runJson(run: ExtractionRun): unknown {
  return {
    documents: run.documents.map(extractionDocJson),
    usage: run.usage,
    predictedPromptTokens: run.predictedPromptTokens,
    costUsd: run.costUsd,
  };
}

function printExtraction(e: Extraction): void {
  writeStdout(`\n${e.title}\n`);
  if (e.errorMessage) writeStdout(`  ! ${e.errorMessage}\n`);
  const width = Math.max(...e.fields.map((f) => f.name.length));
  for (const f of e.fields) {
    if (f.value === null) {
      writeStdout(`  ${f.name.padEnd(width)}  not stated\n`);
      continue;
    }
    const mark = f.verified ? '✓' : 'unverified';
    writeStdout(`  ${f.name.padEnd(width)}  ${truncate(valueText(f.value), 70)}  (p. ${f.page ?? '?'} ${mark})\n`);
    if (f.quote) writeStdout(`  ${' '.repeat(width)}  “${truncate(f.quote, 110)}”\n`);
  }
}

function formatOf(out: string): 'csv' | 'xlsx' | 'json' | 'md' | 'html' {
  const ext = extname(out).slice(1).toLowerCase();
  const parsed = TableFormatSchema.safeParse(ext === 'markdown' ? 'md' : ext === 'htm' ? 'html' : ext);
  if (!parsed.success) throw new UsageError(`--out must end in .csv, .xlsx, .json, .md or .html (got "${out}")`);
  return parsed.data;
}

export const extractCommand: Command = {
  usage:
    'pagewise extract <doc> | --collection NAME | --docs a,b | --all  --template contract|financials|NAME|FILE.json | --fields "name: description; name (money): ..."  [--plan] [--budget TOKENS] [--json] [--out table.csv|.xlsx|.json|.md|.html]\n  --batch (with --collection, --docs or --all): as one Batch API job, half price, results within 24 h; prints the job and returns (then: pagewise jobs wait ID)\npagewise extract --list [doc] [--json]   (past extractions, newest first)',
  options: { ...SCOPE_OPTIONS, template: { type: 'string' }, fields: { type: 'string' }, plan: { type: 'boolean' }, batch: { type: 'boolean' }, budget: { type: 'string' }, out: { type: 'string' }, list: { type: 'boolean' } },
  async run({ positionals, options, json, session }) {
    if (options.list) {
      // past extractions (history), newest first: of one document, or all
      const { call } = await session();
      const doc = positionals[0];
      const { extractions } = await call('extraction.list', doc !== undefined ? { docId: doc } : {});
      if (json) printJson(extractions);
      else {
        for (const e of extractions) {
          const values = e.fields.filter((f) => f.value !== null);
          writeStdout(
            `${e.id.slice(0, 8)}  ${e.createdAt.slice(0, 16).replace('T', ' ')}  ${truncate(e.title, 40)}  ${e.templateName}  ${values.filter((f) => f.verified).length}/${values.length} verified${e.status === 'failed' ? '  FAILED' : ''}${e.batch ? '  batch' : ''}\n`,
          );
        }
        if (extractions.length === 0) writeStdout('No extractions yet.\n');
      }
      return 0;
    }
    const target = docOrScope(positionals, options);
    const template = templateRef(options);
    const budgetTokens = intOption(options, 'budget', 500) ?? null;
    const out = stringOption(options, 'out');
    const format = out !== undefined ? formatOf(out) : null;
    if (options.batch === true && !('scope' in target)) throw new UsageError('--batch runs over several documents: give --collection NAME, --docs a,b or --all');
    if (options.batch === true && out !== undefined) throw new UsageError('--out is for a direct run; write the table of a batch with pagewise extract --list, or from the app, once the job is collected');
    const { call } = await session();
    const input = { ...target, template, budgetTokens };
    if (options.batch === true && 'scope' in target && !options.plan) {
      printSubmitted((await call('jobs.extractEach', { scope: target.scope, template, budgetTokens })).job, json);
      return 0;
    }
    const plan = await call('extraction.plan', input);
    if (options.plan) {
      if (json) printJson(plan);
      else printPlan(plan);
      return 0;
    }
    // cost first, then send
    printPlanLine(plan);
    const bar = new ProgressBar();
    let run: ExtractionRun;
    try {
      run = await call('extraction.run', input, (event: OpEvent) => {
        if (event.type !== 'progress') return;
        if (event.progress.stage === 'retry') {
          bar.clear();
          process.stderr.write(`pagewise: ${event.progress.message ?? 'retrying'}\n`);
        } else bar.update('extracting', event.progress.done, event.progress.total);
      });
    } catch (caught) {
      bar.clear();
      throw toPagewiseError(caught);
    }
    bar.clear();
    if (format !== null && out !== undefined) {
      const file = await call('extraction.export', { ids: run.documents.map((e) => e.id), format });
      const path = outputPath(out, file.fileName);
      writeOutputFile(path, Buffer.from(file.dataBase64, 'base64'));
      process.stderr.write(`Wrote ${path}\n`);
    }
    if (json) printJson(runJson(run));
    else {
      for (const e of run.documents) printExtraction(e);
      const fields = run.documents.flatMap((e) => e.fields).filter((f) => f.value !== null);
      writeStdout(
        `\n${fields.filter((f) => f.verified).length} of ${plural(fields.length, 'value')} verified on their page. Sent ${formatInt(run.usage.promptTokens)} prompt tokens (predicted ${formatInt(run.predictedPromptTokens)}), ${formatInt(run.usage.completionTokens)} output; cost ${formatUsd(run.costUsd)}.\n`,
      );
    }
    return run.documents.some((e) => e.status === 'failed') ? 1 : 0;
  },
};
