/**
 * Small per-document values of the ranking (profiles, document kind, page
 * features), kept for every document of a library, not only the few whose
 * texts pages.ts keeps: a question over a 40-document library must not
 * re-read 4,000 pages. An entry is dropped when the document's record changes
 * (pages re-read by OCR) or the document is gone.
 */
import type { Library } from '../../store';
import type { DocumentRecord } from '../../../../shared/api/domain';

interface Entry {
  signature: string;
  values: Map<string, unknown>;
}

const caches = new WeakMap<Library, Map<string, Entry>>();

function signatureOf(doc: DocumentRecord): string {
  return `${doc.pageCount}|${doc.totalTokens}|${doc.textlessPages.join(',')}|${doc.failedPages.join(',')}|${doc.title}|${doc.fileName}`;
}

/** Memoised per-document value, valid while the record is unchanged. */
export function perDocument<T>(library: Library, doc: DocumentRecord, key: string, compute: () => T): T {
  let perLib = caches.get(library);
  if (!perLib) {
    perLib = new Map();
    caches.set(library, perLib);
  }
  const signature = signatureOf(doc);
  let entry = perLib.get(doc.id);
  if (!entry || entry.signature !== signature) {
    entry = { signature, values: new Map() };
    perLib.set(doc.id, entry);
  }
  if (entry.values.has(key)) return entry.values.get(key) as T;
  const value = compute();
  entry.values.set(key, value);
  return value;
}

/** The cached value, if any (undefined when absent or the record changed). */
export function peekPerDocument<T>(library: Library, doc: DocumentRecord, key: string): T | undefined {
  const entry = caches.get(library)?.get(doc.id);
  if (!entry || entry.signature !== signatureOf(doc)) return undefined;
  return entry.values.get(key) as T | undefined;
}

/** Stores a value; drops this document's values whose key starts with `dropPrefix` (an older generation of them). */
export function storePerDocument<T>(library: Library, doc: DocumentRecord, key: string, value: T, dropPrefix?: string): void {
  perDocument(library, doc, '', () => null);
  const entry = caches.get(library)?.get(doc.id);
  if (!entry) return;
  if (dropPrefix !== undefined) for (const k of [...entry.values.keys()]) if (k.startsWith(dropPrefix) && k !== key) entry.values.delete(k);
  entry.values.set(key, value);
}
