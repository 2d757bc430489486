import type { Command } from './command';
import { requirePositional, UsageError } from './command';
import { printJson } from './output';
import { writeStdout } from './stdout';

export const renameCommand: Command = {
  usage: 'pagewise rename <doc> "New title" [--json]\n  <doc>: an id (or its first 6+ characters), a file name or the current title.',
  options: {},
  async run({ positionals, json, session }) {
    const ref = requirePositional(positionals, 0, 'the document to rename');
    const title = requirePositional(positionals, 1, 'the new title (in quotes)');
    if (positionals.length > 2) throw new UsageError('put the new title in quotes: pagewise rename <doc> "New title"');
    const { call } = await session();
    const { document } = await call('library.rename', { docId: ref, title });
    if (json) printJson({ id: document.id, title: document.title });
    else writeStdout(`Renamed ${document.id.slice(0, 12)} to "${document.title}".\n`);
    return 0;
  },
};
