import { resolve } from 'node:path';
import { toPagewiseError } from '../core/errors';
import { type Command, stringOption, UsageError } from './command';
import { formatInt, formatPageRanges, printError, printJson, ProgressBar } from './output';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Parse PDFs, count their tokens and add them to the library',
  usage: 'pagewise ingest <file.pdf>... [--password PASSWORD] [--json]',
  options: { password: { type: 'string' } },
  async run({ positionals, options, json, session, signal }) {
    if (positionals.length === 0) throw new UsageError('name at least one PDF file to ingest');
    const password = stringOption(options, 'password');
    const { call } = await session();
    const bar = new ProgressBar();
    let failures = 0;
    for (const file of positionals) {
      if (signal.aborted) break;
      try {
        const result = await call(
          'library.ingest',
          { source: { kind: 'path', path: resolve(file) }, ...(password ? { password } : {}) },
          (event) => {
            if (event.type === 'progress') bar.update(`${file}: ${event.progress.stage}`, event.progress.done, event.progress.total);
          },
        );
        bar.clear();
        const doc = result.document;
        if (json) {
          printJson({
            file,
            id: doc.id,
            title: doc.title,
            pages: doc.pageCount,
            tokens: doc.totalTokens,
            textlessPages: doc.textlessPages,
            failedPages: doc.failedPages,
            ms: Math.round(result.ms),
            alreadyPresent: result.alreadyPresent,
          });
          continue;
        }
        const verb = result.alreadyPresent ? 'already in the library' : `ingested in ${(result.ms / 1000).toFixed(1)} s`;
        process.stdout.write(
          `${file}: ${verb} — "${doc.title}", ${formatInt(doc.pageCount)} pages, ${formatInt(doc.totalTokens)} tokens, id ${doc.id.slice(0, 12)}\n`,
        );
        if (doc.textlessPages.length > 0) {
          const all = doc.textlessPages.length === doc.pageCount;
          process.stdout.write(
            `  ${all ? 'all ' : ''}${formatInt(doc.textlessPages.length)} ${doc.textlessPages.length === 1 ? 'page needs' : 'pages need'} OCR (no text layer): ${formatPageRanges(doc.textlessPages)}\n`,
          );
        }
        if (doc.failedPages.length > 0) {
          process.stdout.write(`  ${doc.failedPages.length} page(s) could not be parsed and are empty: ${formatPageRanges(doc.failedPages)}\n`);
        }
      } catch (caught) {
        bar.clear();
        failures++;
        const error = toPagewiseError(caught);
        if (json) printJson({ file, error: { code: error.code, message: error.message } });
        else printError(error.toJSON());
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
