/** `pagewise collection create|add|remove|list|show|rename|delete`: named sets of documents (issue 10). */
import type { CollectionRecord } from '../../shared/api/domain';
import type { Command } from './command';
import { requirePositional, UsageError } from './command';
import { formatInt, formatTable, printJson, truncate } from './output';
import type { CliSession } from './session';
import { writeStdout } from './stdout';

const USAGE = [
  'pagewise collection list [--json]',
  'pagewise collection show NAME [--json]',
  'pagewise collection create NAME [doc ...] [--json]',
  'pagewise collection add NAME doc [doc ...]',
  'pagewise collection remove NAME doc [doc ...]',
  'pagewise collection rename NAME "New name"',
  'pagewise collection delete NAME',
  '  NAME: the collection\'s name (or its first letters); doc: an id (or its first 6+ characters), a file name or a title.',
].join('\n');

async function printCollection(call: CliSession['call'], collection: CollectionRecord, json: boolean): Promise<void> {
  const { documents } = await call('library.list', {});
  const byId = new Map(documents.map((d) => [d.id, d]));
  const members = collection.docIds.map((id) => byId.get(id)).filter((d) => d !== undefined);
  if (json) {
    printJson({ ...collection, documents: members.map((d) => ({ id: d.id, title: d.title, pageCount: d.pageCount, totalTokens: d.totalTokens })) });
    return;
  }
  writeStdout(`${collection.name}: ${members.length} document${members.length === 1 ? '' : 's'}\n`);
  if (members.length === 0) return;
  const rows = members.map((d) => [d.id.slice(0, 12), truncate(d.title, 56), formatInt(d.pageCount), formatInt(d.totalTokens)]);
  const total = members.reduce((n, d) => n + d.totalTokens, 0);
  writeStdout(`${formatTable(['ID', 'TITLE', 'PAGES', 'TOKENS'], rows, new Set([2, 3]))}\n`);
  writeStdout(`${formatInt(total)} tokens in all.\n`);
}

export const collectionCommand: Command = {
  usage: USAGE,
  options: {},
  async run({ positionals, json, session }) {
    const [verb, ...rest] = positionals;
    if (verb === undefined) throw new UsageError('say what to do: list, show, create, add, remove, rename or delete');
    const { call } = await session();
    switch (verb) {
      case 'list': {
        const { collections } = await call('collection.list', {});
        if (json) printJson(collections);
        else if (collections.length === 0) writeStdout('No collections yet. Make one with: pagewise collection create NAME doc1 doc2\n');
        else {
          const rows = collections.map((c) => [truncate(c.name, 48), formatInt(c.docIds.length), c.updatedAt.slice(0, 10)]);
          writeStdout(`${formatTable(['NAME', 'DOCUMENTS', 'CHANGED'], rows, new Set([1]))}\n`);
        }
        return 0;
      }
      case 'show': {
        const { collection } = await call('collection.get', { collection: requirePositional(rest, 0, 'the collection name') });
        await printCollection(call, collection, json);
        return 0;
      }
      case 'create': {
        const name = requirePositional(rest, 0, 'a name for the collection');
        const { collection } = await call('collection.create', { name, docIds: rest.slice(1) });
        if (json) printJson(collection);
        else writeStdout(`Made the collection "${collection.name}" with ${collection.docIds.length} document${collection.docIds.length === 1 ? '' : 's'}.\n`);
        return 0;
      }
      case 'add':
      case 'remove': {
        const name = requirePositional(rest, 0, 'the collection name');
        if (rest.length < 2) throw new UsageError(`name the documents to ${verb}: pagewise collection ${verb} NAME doc1 doc2`);
        const before = (await call('collection.get', { collection: name })).collection.docIds.length;
        const { collection } = await call(verb === 'add' ? 'collection.add' : 'collection.remove', { collection: name, docIds: rest.slice(1) });
        if (json) printJson(collection);
        else {
          const changed = Math.abs(collection.docIds.length - before);
          const what = verb === 'add' ? `Added ${changed} document${changed === 1 ? '' : 's'} to` : `Took ${changed} document${changed === 1 ? '' : 's'} out of`;
          writeStdout(`${what} "${collection.name}" (${collection.docIds.length} now).\n`);
        }
        return 0;
      }
      case 'rename': {
        const name = requirePositional(rest, 0, 'the collection name');
        const newName = requirePositional(rest, 1, 'the new name (in quotes)');
        if (rest.length > 2) throw new UsageError('put the new name in quotes: pagewise collection rename NAME "New name"');
        const { collection } = await call('collection.rename', { collection: name, name: newName });
        if (json) printJson(collection);
        else writeStdout(`Renamed the collection to "${collection.name}".\n`);
        return 0;
      }
      case 'delete': {
        const name = requirePositional(rest, 0, 'the collection name');
        const { collection } = await call('collection.get', { collection: name });
        const { deleted } = await call('collection.delete', { collection: collection.id });
        if (json) printJson({ deleted, id: collection.id, name: collection.name });
        else writeStdout(`Deleted the collection "${collection.name}" (its documents stay in the library).\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown collection action "${verb}": use list, show, create, add, remove, rename or delete`);
    }
  },
};
