import type { Command } from './command';
import { UsageError } from './command';
import { printJson } from './output';
import { writeStdout } from './stdout';

export const removeCommand: Command = {
  usage: 'pagewise remove <doc>... [--json]',
  options: {},
  async run({ positionals, json, session }) {
    if (positionals.length === 0) throw new UsageError('name the document(s) to remove');
    const { call } = await session();
    for (const ref of positionals) {
      // Which document the reference names (the handlers resolve it), for the message.
      const doc = (await call('library.info', { docId: ref })).document;
      const { removed } = await call('library.remove', { docId: doc.id });
      if (json) printJson({ id: doc.id, title: doc.title, removed });
      else writeStdout(removed ? `Removed "${doc.title}" (${doc.id.slice(0, 12)}).\n` : `"${doc.title}" was already gone.\n`);
    }
    return 0;
  },
};
