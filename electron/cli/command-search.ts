import { isatty } from 'node:tty';
import { type Command, intOption, UsageError } from './command';
import { printJson } from './output';
import { formatPageRef } from '../../shared/text/page-labels';
import { writeStdout } from './stdout';

export const searchCommand: Command = {
  usage: 'pagewise search <doc> "<words>" [--limit N] [--json]\n       pagewise search --all "<words>"',
  options: { limit: { type: 'string' }, all: { type: 'boolean' } },
  async run({ positionals, options, json, session }) {
    const all = options.all === true;
    const [ref, ...rest] = all ? [null, ...positionals] : positionals;
    const query = rest.join(' ').trim();
    if ((!all && !ref) || query === '') throw new UsageError('give a document and the words to search for');
    const limit = intOption(options, 'limit') ?? 20;
    const { call } = await session();
    const { hits } = await call('library.search', { docId: ref ?? null, query, limit });
    if (json) {
      printJson(hits);
      return 0;
    }
    if (hits.length === 0) {
      writeStdout(`No page matches "${query}".\n`);
      return 0;
    }
    const bold = isatty(1) ? (s: string) => `\x1b[1m${s}\x1b[22m` : (s: string) => s;
    for (const hit of hits) {
      const snippet = hit.snippet.replace(/\s+/g, ' ').replace(/\[\[(.*?)\]\]/g, (_m, word: string) => bold(word));
      // across the library each hit names its document
      const where = all ? `${hit.docTitle} (${hit.docId.slice(0, 12)}), ` : '';
      writeStdout(`${where}${formatPageRef({ page: hit.pageNumber, pageLabel: hit.label })}: ${snippet}\n`);
    }
    return 0;
  },
};
