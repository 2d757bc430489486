import type { Command } from './command';
import { UsageError } from './command';
import { printJson } from './output';

export const removeCommand: Command = {
  name: 'remove',
  summary: 'Remove documents (and their stored copy, answers and summaries)',
  usage: 'pagewise remove <doc>... [--json]',
  options: {},
  async run({ positionals, json, session }) {
    if (positionals.length === 0) throw new UsageError('name the document(s) to remove');
    const { call, engine } = await session();
    for (const ref of positionals) {
      const doc = engine.library.resolveDocument(ref);
      const { removed } = await call('library.remove', { docId: doc.id });
      if (json) printJson({ id: doc.id, title: doc.title, removed });
      else process.stdout.write(removed ? `Removed "${doc.title}" (${doc.id.slice(0, 12)}).\n` : `"${doc.title}" was already gone.\n`);
    }
    return 0;
  },
};
