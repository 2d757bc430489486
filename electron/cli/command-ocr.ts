import { type Command, choiceOption, optionalChoiceOption, requirePositional, stringOption } from './command';
import { ocrLines } from './ocr-output';
import { parsePageRanges } from './page-ranges';
import { plural, printJson, ProgressBar } from './output';
import { runVisionWithCost, visionUsageLine } from './vision-run';
import { writeStdout } from './stdout';

export const ocrCommand: Command = {
  usage:
    'pagewise ocr <doc> [--pages 3-5] [--ocr auto|vision] [--detail high|low] [--json]\n  <doc> is an id (or its first 6+ characters), a file name or a title\n' +
    '  --ocr auto (the default, whatever the ocrMode setting) reads the pages on this computer, offline;\n' +
    '  --ocr vision sends the page images to the model (the cost is printed first); --detail: how closely it looks (default: the visionDetail setting, high)',
  options: { pages: { type: 'string' }, ocr: { type: 'string' }, detail: { type: 'string' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const mode = choiceOption(options, 'ocr', ['auto', 'vision'] as const, 'auto');
    const rawPages = stringOption(options, 'pages');
    const pages = rawPages === undefined ? undefined : parsePageRanges(rawPages);
    const detail = optionalChoiceOption(options, 'detail', ['high', 'low'] as const);
    const { call } = await session();
    const bar = new ProgressBar();
    const started = performance.now();
    // the handlers resolve the reference (id prefix, file name or title)
    const outcome =
      mode === 'vision'
        ? await runVisionWithCost(call, bar, { docRef: ref, label: ref, ...(detail ? { detail } : {}), ...(pages ? { pages } : {}) })
        : await call('ocr.run', { docId: ref, mode, ...(pages ? { pages } : {}) }, (event) => {
            if (event.type === 'progress') bar.update(`${ref}: ${event.progress.message ?? event.progress.stage}`, event.progress.done, event.progress.total);
          });
    bar.clear();
    const doc = outcome.document;
    if (json) {
      const { document, ...pagesByState } = outcome;
      printJson({ id: doc.id, ...pagesByState, tokens: document.totalTokens });
      return 0;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const head =
      outcome.readNow.length > 0
        ? `${doc.fileName}: read ${plural(outcome.readNow.length, 'page')} in ${seconds} s; the document now has ${plural(outcome.document.totalTokens, 'token')}`
        : `${doc.fileName}: no page needed OCR`;
    const sent = outcome.usage ? [visionUsageLine(outcome.usage)] : [];
    writeStdout(`${[head, ...sent, ...ocrLines(outcome, doc.id.slice(0, 12))].join('\n')}\n`);
    return 0;
  },
};
