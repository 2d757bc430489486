import { type Command, requirePositional, stringOption } from './command';
import { parsePageRanges } from './page-ranges';
import { printJson } from './output';
import { writeStdout } from './stdout';

export const textCommand: Command = {
  usage: 'pagewise text <doc> [--pages 3-5] [--json]\n  <doc> is an id (or its first 6+ characters), a file name or a title',
  options: { pages: { type: 'string' } },
  async run({ positionals, options, json, session }) {
    const ref = requirePositional(positionals, 0, 'document (id, file name or title)');
    const rawPages = stringOption(options, 'pages');
    const pages = rawPages === undefined ? undefined : parsePageRanges(rawPages);
    const { call } = await session();
    // the handler resolves the reference (id prefix, file name or title)
    const result = await call('ocr.text', { docId: ref, ...(pages ? { pages } : {}) });
    if (json) {
      printJson(result);
      return 0;
    }
    const out: string[] = [];
    for (const page of result.pages) {
      const label = page.label && page.label !== String(page.page) ? ` (printed ${page.label})` : '';
      const source = page.source === 'text' ? '' : ` · ${page.source.toUpperCase()}${page.confidence === null ? '' : `, confidence ${Math.round(page.confidence)}%`}`;
      out.push(`--- page ${page.page}${label}${source} ---`);
      out.push(page.text === '' ? '(no text)' : page.text);
      out.push('');
    }
    writeStdout(out.join('\n'));
    return 0;
  },
};
