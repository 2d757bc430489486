import { resolve } from 'node:path';
import { toPagewiseError } from '../core/errors';
import { type Command, stringOption, UsageError } from './command';
import { formatPageRanges, plural, printError, printJson, ProgressBar } from './output';
import { canPrompt, promptHidden } from './prompt';

export const ingestCommand: Command = {
  usage: 'pagewise ingest <file.pdf>... [--password PASSWORD] [--json]',
  options: { password: { type: 'string' } },
  async run({ positionals, options, json, session, signal }) {
    if (positionals.length === 0) throw new UsageError('name at least one PDF file to ingest');
    const givenPassword = stringOption(options, 'password');
    const { call } = await session();
    const bar = new ProgressBar();
    let failures = 0;
    const ingestOne = (file: string, password: string | undefined) =>
      call('library.ingest', { source: { kind: 'path', path: resolve(file) }, ...(password ? { password } : {}) }, (event) => {
        if (event.type === 'progress') bar.update(`${file}: ${event.progress.stage}`, event.progress.done, event.progress.total);
      });
    for (const file of positionals) {
      if (signal.aborted) break;
      try {
        let result: Awaited<ReturnType<typeof ingestOne>>;
        let password = givenPassword;
        for (let attempt = 1; ; attempt++) {
          try {
            result = await ingestOne(file, password);
            break;
          } catch (caught) {
            // On a terminal, ask for the password instead of failing (three tries).
            const code = toPagewiseError(caught).code;
            if ((code !== 'ENCRYPTED_PDF' && code !== 'WRONG_PASSWORD') || json || !canPrompt() || attempt > 3) throw caught;
            bar.clear();
            if (code === 'WRONG_PASSWORD') process.stderr.write('That password is not right.\n');
            password = await promptHidden(`Password for ${file}: `);
            if (password === '') throw caught;
          }
        }
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
          `${file}: ${verb} — "${doc.title}", ${plural(doc.pageCount, 'page')}, ${plural(doc.totalTokens, 'token')}, id ${doc.id.slice(0, 12)}\n`,
        );
        if (doc.textlessPages.length > 0) {
          const all = doc.textlessPages.length === doc.pageCount;
          process.stdout.write(
            `  ${all && doc.pageCount > 1 ? 'all ' : ''}${plural(doc.textlessPages.length, 'page')} ${doc.textlessPages.length === 1 ? 'needs' : 'need'} OCR (no text layer): ${formatPageRanges(doc.textlessPages)}\n`,
          );
        }
        if (doc.failedPages.length > 0) {
          process.stdout.write(`  ${plural(doc.failedPages.length, 'page')} could not be parsed and ${doc.failedPages.length === 1 ? 'is' : 'are'} empty: ${formatPageRanges(doc.failedPages)}\n`);
        }
      } catch (caught) {
        bar.clear();
        failures++;
        const error = toPagewiseError(caught);
        if (json) printJson({ file, error: { code: error.code, message: error.message } });
        else printError(error.toJSON());
        if (error.code === 'CANCELLED') return 130;
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
