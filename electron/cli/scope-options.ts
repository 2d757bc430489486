/**
 * The scope flags every command over several documents shares (ask; compare, extract and batch reuse them):
 * --all (every document), --collection NAME (a collection by name or id), --docs ref1,ref2 (documents by id
 * prefix, file name or title). At most one of them; none = the command's usual one document.
 */
import type { Scope } from '../../shared/api/scope';
import { MAX_SCOPE_DOCS } from '../../shared/api/scope';
import { type OptionSpec, type OptionValues, stringOption, UsageError } from './command';

/** The option spec to spread into a command's options. */
export const SCOPE_OPTIONS: OptionSpec = {
  all: { type: 'boolean' },
  collection: { type: 'string' },
  docs: { type: 'string' },
};

/** Usage text for the scope flags. */
export const SCOPE_USAGE = '--all | --collection NAME | --docs REF1,REF2';

/** The scope the flags name, or null when none was given; a usage error for two at once or an empty list. */
export function scopeFromOptions(options: OptionValues): Scope | null {
  const all = options.all === true;
  const collection = stringOption(options, 'collection');
  const docs = stringOption(options, 'docs');
  const given = [all, collection !== undefined, docs !== undefined].filter(Boolean).length;
  if (given > 1) throw new UsageError('give one of --all, --collection or --docs');
  if (all) return { all: true };
  if (collection !== undefined) {
    if (collection.trim() === '') throw new UsageError('--collection needs a collection name');
    return { collection: collection.trim() };
  }
  if (docs !== undefined) {
    const refs = docs.split(',').map((r) => r.trim()).filter((r) => r !== '');
    if (refs.length === 0) throw new UsageError('--docs needs document references separated by commas, e.g. --docs lease,amendment');
    if (refs.length > MAX_SCOPE_DOCS) throw new UsageError(`--docs names at most ${MAX_SCOPE_DOCS} documents; make a collection for more`);
    return { docIds: refs };
  }
  return null;
}

/** The scope the flags name; a usage error saying `missing` when none was given (compare, extract, batch). */
export function requireScope(options: OptionValues, missing = 'say which documents: --collection NAME, --docs REF1,REF2 or --all (one of them)'): Scope {
  const scope = scopeFromOptions(options);
  if (scope === null) throw new UsageError(missing);
  return scope;
}

/**
 * `<doc>` or the scope flags (extract): one document by its reference, or a Scope; exactly one of them.
 * A positional plus a scope flag is a usage error, as is neither.
 */
export function docOrScope(positionals: readonly string[], options: OptionValues): { docId: string } | { scope: Scope } {
  const doc = positionals[0];
  const scope = scopeFromOptions(options);
  if (doc !== undefined && scope !== null) throw new UsageError('give only one of: a document, --collection, --docs, --all');
  if (doc !== undefined) return { docId: doc };
  if (scope === null) throw new UsageError('name a document, or --collection NAME, --docs a,b or --all');
  return { scope };
}
