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
