import { MAX_PAGE_TEXT_CHARS } from '../../shared/api/domain';
import { type Command, requirePositional } from './command';
import { formatInt, formatPageRanges, formatPercent, printJson } from './output';
import { summarizePageLabels } from '../../shared/text/page-label-runs';
import { writeStdout } from './stdout';

export const infoCommand: Command = {
  usage: 'pagewise info <doc> [--pages] [--outline] [--json]\n  <doc> is an id (or its first 6+ characters), a file name or a title',
  options: { pages: { type: 'boolean' }, outline: { type: 'boolean' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const { call } = await session();
    const info = await call('library.info', { docId: ref });
    if (json) {
      printJson(info);
      return 0;
    }
    const { document: doc, fit } = info;
    const out: string[] = [];
    out.push(`${doc.title}`);
    out.push(`  file        ${doc.fileName} (${(doc.byteSize / 1024 / 1024).toFixed(1)} MB)`);
    out.push(`  id          ${doc.id}`);
    if (doc.author) out.push(`  author      ${doc.author}`);
    out.push(`  pages       ${formatInt(doc.pageCount)}`);
    out.push(`  printed     ${summarizePageLabels(info.pages) ?? 'no printed page numbers found (pages are named by their pdf number)'}`);
    out.push(`  tokens      ${formatInt(doc.totalTokens)} (o200k_base, as ${fit.model} counts them)`);
    out.push(
      `  window      ${formatInt(fit.contextWindow)} tokens; ${formatInt(fit.inputBudget)} left for document text after the answer reserve and prompt`,
    );
    out.push(
      fit.fitsWhole
        ? `  fit         fits in one request: fills ${formatPercent(fit.fillRatio)} of the input budget`
        : `  fit         needs focusing: ${fit.fillRatio.toFixed(1)}x the input budget (questions send the best pages; summaries map-reduce)`,
    );
    if (doc.textlessPages.length > 0) {
      out.push(`  no text     ${formatInt(doc.textlessPages.length)} page(s) need OCR: ${formatPageRanges(doc.textlessPages)}`);
    }
    if (doc.failedPages.length > 0) out.push(`  failed      ${formatPageRanges(doc.failedPages)}`);
    if (doc.truncatedPages?.length) {
      out.push(`  truncated   ${formatPageRanges(doc.truncatedPages)}: absurdly much text, only the first ${formatInt(MAX_PAGE_TEXT_CHARS)} characters of each kept`);
    }
    out.push(`  outline     ${info.outline.length > 0 ? `${info.outline.length} bookmarks` : 'none'}`);
    if (options.outline) {
      for (const entry of info.outline) {
        out.push(`    ${'  '.repeat(entry.depth)}${entry.title}${entry.pageNumber ? ` .... p. ${entry.pageNumber}` : ''}`);
      }
    }
    if (options.pages) {
      out.push('  page  label  tokens');
      for (const page of info.pages) {
        const flag = page.failed ? '  (failed)' : page.noText ? '  (no text layer)' : '';
        out.push(`  ${String(page.pageNumber).padStart(4)}  ${(page.label ?? '').padEnd(5)}  ${String(page.tokens).padStart(6)}${flag}`);
      }
    }
    writeStdout(`${out.join('\n')}\n`);
    return 0;
  },
};
