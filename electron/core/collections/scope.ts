/**
 * A scope (shared/api/scope.ts) resolved to the documents it names: explicit references (ids, prefixes or
 * titles, resolved like every other command's), a collection's members, or the whole library.
 */
import type { CollectionRecord, DocumentRecord } from '../../../shared/api/domain';
import type { Scope } from '../../../shared/api/scope';
import { PagewiseError } from '../errors';
import type { Library } from '../store';

export interface ResolvedScope {
  kind: 'documents' | 'collection' | 'all';
  /** What a screen calls it: "All documents", the collection's name, or "3 documents". */
  label: string;
  /** The collection, for a collection scope. */
  collection: CollectionRecord | null;
  /** Distinct documents, in the scope's order (collections: as added; the library: last used first). */
  documents: DocumentRecord[];
}

/** Resolve document references; each must name one document (DOC_NOT_FOUND says which did not). */
export function resolveDocumentRefs(library: Library, refs: readonly string[]): DocumentRecord[] {
  const seen = new Set<string>();
  const out: DocumentRecord[] = [];
  for (const ref of refs) {
    const doc = library.resolveDocument(ref);
    if (seen.has(doc.id)) continue;
    seen.add(doc.id);
    out.push(doc);
  }
  return out;
}

export function resolveScope(library: Library, scope: Scope): ResolvedScope {
  if ('docIds' in scope) {
    const documents = resolveDocumentRefs(library, scope.docIds);
    return { kind: 'documents', label: documents.length === 1 ? (documents[0]?.title ?? '1 document') : `${documents.length} documents`, collection: null, documents };
  }
  if ('collection' in scope) {
    const collection = library.collections.resolve(scope.collection);
    const documents: DocumentRecord[] = [];
    for (const id of collection.docIds) {
      const doc = library.getDocument(id);
      if (doc) documents.push(doc);
    }
    if (documents.length === 0) {
      throw new PagewiseError('INVALID_INPUT', `The collection "${collection.name}" has no documents: add some first (pagewise collection add "${collection.name}" DOC).`);
    }
    return { kind: 'collection', label: collection.name, collection, documents };
  }
  const documents = library.listDocuments();
  if (documents.length === 0) throw new PagewiseError('INVALID_INPUT', 'The library is empty: add a PDF first.');
  return { kind: 'all', label: 'All documents', collection: null, documents };
}
