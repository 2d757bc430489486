import { resolve } from 'node:path';
import type { OcrOutcome } from '../../shared/api';
import { MAX_PAGE_TEXT_CHARS } from '../../shared/api/domain';
import { PagewiseError, toPagewiseError } from '../core/errors';
import { type Command, optionalChoiceOption, stringOption, UsageError } from './command';
import { ocrLines } from './ocr-output';
import { formatInt, formatPageRanges, plural, printError, printJson, ProgressBar } from './output';
import { canPrompt, promptHidden } from './prompt';
import { runVisionWithCost, visionUsageLine } from './vision-run';
import { writeStdout } from './stdout';

export const ingestCommand: Command = {
  usage:
    'pagewise ingest <file.pdf>... [--password PASSWORD] [--ocr auto|off|vision] [--detail high|low] [--json]\n' +
    '  --ocr (default: the ocrMode setting, auto): auto reads scanned pages offline; off leaves them for `pagewise ocr`;\n' +
    '  vision sends their images to the model, printing the cost first; --detail: how closely it looks (default: visionDetail, high)',
  options: { password: { type: 'string' }, ocr: { type: 'string' }, detail: { type: 'string' } },
  async run({ positionals, options, json, session, signal }) {
    if (positionals.length === 0) throw new UsageError('name at least one PDF file to ingest');
    const givenPassword = stringOption(options, 'password');
    // absent: the engine uses the ocrMode setting (and the visionDetail setting for the detail)
    const ocr = optionalChoiceOption(options, 'ocr', ['auto', 'off', 'vision'] as const);
    const detail = optionalChoiceOption(options, 'detail', ['high', 'low'] as const);
    const { call } = await session();
    const bar = new ProgressBar();
    let failures = 0;
    const ingestOne = (file: string, password: string | undefined) =>
      call('library.ingest', { source: { kind: 'path', path: resolve(file) }, ...(ocr ? { ocr } : {}), ...(password ? { password } : {}) }, (event) => {
        if (event.type === 'progress') bar.update(`${file}: ${event.progress.message ?? event.progress.stage}`, event.progress.done, event.progress.total);
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
        const id = result.document.id;
        const head = (doc: typeof result.document): void => {
          const verb = result.alreadyPresent ? 'already in the library' : `ingested in ${(result.ms / 1000).toFixed(1)} s`;
          writeStdout(
            `${file}: ${verb} — "${doc.title}", ${plural(doc.pageCount, 'page')}, ${plural(doc.totalTokens, 'token')}, id ${doc.id.slice(0, 12)}\n`,
          );
        };
        // vision: the ingest sent nothing; the cost is printed, then the pages go to the model
        let vision: OcrOutcome | null = null;
        let visionError: PagewiseError | null = null;
        if (result.visionPages.length > 0) {
          if (!json) head(result.document);
          const started = performance.now();
          try {
            vision = await runVisionWithCost(call, bar, { docRef: id, label: file, ...(detail ? { detail } : {}) });
          } catch (caught) {
            visionError = notTranscribed(file, id, result.visionPages.length, toPagewiseError(caught));
          }
          bar.clear();
          if (vision && !json) {
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            writeStdout(`  the model read ${plural(readByModel(vision).length, 'page')} in ${seconds} s; the document now has ${plural(vision.document.totalTokens, 'token')}\n`);
          }
        }
        const doc = vision?.document ?? result.document;
        const read = vision ?? result;
        if (json) {
          printJson({
            file,
            id: doc.id,
            title: doc.title,
            pages: doc.pageCount,
            tokens: doc.totalTokens,
            textlessPages: doc.textlessPages,
            ocrPages: read.ocrPages,
            blankPages: read.blankPages,
            lowConfidencePages: read.lowConfidencePages,
            failedPages: doc.failedPages,
            ms: Math.round(result.ms),
            alreadyPresent: result.alreadyPresent,
            ocrMode: result.ocrMode,
            ...(result.visionPages.length > 0 ? { visionPages: vision ? readByModel(vision) : [] } : {}),
            ...(vision?.usage ? { usage: vision.usage } : {}),
            ...(visionError ? { error: { code: visionError.code, message: visionError.message } } : {}),
          });
          if (visionError) {
            failures++;
            if (visionError.code === 'CANCELLED') return 130;
          }
          continue;
        }
        if (visionError) {
          failures++;
          printError(visionError.toJSON());
          if (visionError.code === 'CANCELLED') return 130;
          continue;
        }
        if (!vision) head(doc);
        const ocrReport = [...(vision?.usage ? [visionUsageLine(vision.usage)] : []), ...ocrLines(read, doc.id.slice(0, 12))];
        if (ocrReport.length > 0) writeStdout(`${ocrReport.join('\n')}\n`);
        if (result.ocrMode !== 'off' && doc.textlessPages.length > 0) {
          writeStdout(`  OCR found no text on ${plural(doc.textlessPages.length, 'page')}: ${formatPageRanges(doc.textlessPages)}\n`);
        }
        if (result.ocrMode === 'off' && doc.textlessPages.length > 0) {
          const all = doc.textlessPages.length === doc.pageCount;
          writeStdout(
            `  ${all && doc.pageCount > 1 ? 'all ' : ''}${plural(doc.textlessPages.length, 'page')} ${doc.textlessPages.length === 1 ? 'needs' : 'need'} OCR (no text layer): ${formatPageRanges(doc.textlessPages)}; run: pagewise ocr ${doc.id.slice(0, 12)}\n`,
          );
        }
        if (doc.failedPages.length > 0) {
          writeStdout(`  ${plural(doc.failedPages.length, 'page')} could not be parsed and ${doc.failedPages.length === 1 ? 'is' : 'are'} empty: ${formatPageRanges(doc.failedPages)}\n`);
        }
        if (doc.truncatedPages && doc.truncatedPages.length > 0) {
          const pages = doc.truncatedPages;
          writeStdout(
            `  ${plural(pages.length, 'page')} ${pages.length === 1 ? 'holds' : 'hold'} absurdly much text (not prose); only the first ${formatInt(MAX_PAGE_TEXT_CHARS)} characters of each were kept: ${formatPageRanges(pages)}\n`,
          );
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

/** The pages this vision run read and stored text for. */
function readByModel(outcome: OcrOutcome): number[] {
  return outcome.readNow.filter((page) => outcome.ocrPages.includes(page));
}

/** The file is in the library but the model did not read its scans: say so, and how to read them offline. */
function notTranscribed(file: string, id: string, pages: number, cause: PagewiseError): PagewiseError {
  const ref = id.slice(0, 12);
  const what = `${file} was added to the library (id ${ref}), but its ${plural(pages, 'scanned page')} ${pages === 1 ? 'was' : 'were'} not sent to the model`;
  if (cause.code === 'CANCELLED') return new PagewiseError('CANCELLED', `${what}: stopped. Pages already transcribed are kept; run pagewise ocr ${ref} --ocr vision for the rest.`);
  if (cause.code === 'NO_PROVIDER') {
    return new PagewiseError(
      'NO_PROVIDER',
      `${what}: no model provider is set up. Read them offline on this computer with: pagewise ocr ${ref}. Or set OPENAI_API_KEY (or a provider in the config file) and run pagewise ocr ${ref} --ocr vision.`,
    );
  }
  return new PagewiseError(
    cause.code,
    `${what}: ${cause.message} Read them offline on this computer with: pagewise ocr ${ref} (or, once a model is set up, pagewise ocr ${ref} --ocr vision).`,
  );
}
