import type { Command } from './command';
import { formatInt, formatTable, printJson, truncate } from './output';
import { writeStdout } from './stdout';

export const listCommand: Command = {
  usage: 'pagewise list [--json]',
  options: {},
  async run({ json, session }) {
    const { call } = await session();
    const { documents } = await call('library.list', {});
    if (json) {
      printJson(documents);
      return 0;
    }
    if (documents.length === 0) {
      writeStdout('The library is empty. Add a PDF with: pagewise ingest <file.pdf>\n');
      return 0;
    }
    const rows = documents.map((doc) => [
      doc.id.slice(0, 12),
      truncate(doc.title, 48),
      formatInt(doc.pageCount),
      formatInt(doc.totalTokens),
      doc.textlessPages.length > 0 ? `${doc.textlessPages.length} need OCR` : '',
      doc.lastUsedAt.slice(0, 10),
    ]);
    writeStdout(`${formatTable(['ID', 'TITLE', 'PAGES', 'TOKENS', 'NOTE', 'LAST USED'], rows, new Set([2, 3]))}\n`);
    return 0;
  },
};
