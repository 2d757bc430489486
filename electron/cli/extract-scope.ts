/**
 * `<doc> | --collection NAME | --all | --docs a,b` -> a document or a Scope (shared/api/scope.ts).
 * A minimal local parser for `extract`: lane multidoc's electron/cli/scope-options.ts replaces it when it lands.
 */
import type { Scope } from '../../shared/api/scope';
import { type OptionValues, stringOption, UsageError } from './command';

export const SCOPE_OPTIONS = { collection: { type: 'string' }, all: { type: 'boolean' }, docs: { type: 'string' } } as const;

export function parseTarget(positionals: readonly string[], options: OptionValues): { docId: string } | { scope: Scope } {
  const doc = positionals[0];
  const collection = stringOption(options, 'collection');
  const docs = stringOption(options, 'docs');
  const all = options.all === true;
  const given = [doc !== undefined, collection !== undefined, docs !== undefined, all].filter(Boolean).length;
  if (given === 0) throw new UsageError('name a document, or --collection NAME, --docs a,b or --all');
  if (given > 1) throw new UsageError('give only one of: a document, --collection, --docs, --all');
  if (doc !== undefined) return { docId: doc };
  if (collection !== undefined) return { scope: { collection } };
  if (docs !== undefined) {
    const docIds = docs.split(',').map((d) => d.trim()).filter((d) => d !== '');
    if (docIds.length === 0) throw new UsageError('--docs needs at least one document (ids, file names or titles, separated by commas)');
    return { scope: { docIds } };
  }
  return { scope: { all: true } };
}
