/**
 * The one "document id -> stored file" check, for every front door that hands out a stored PDF's
 * bytes (the HTTP server's /api/file/<id>, the Electron engine host's filePath, the preload's
 * fileBytes). Only a well-formed id of a document in this library maps to a path, so no request can
 * name a file outside files/.
 */
import { isDocumentId } from '../../../shared/api/document-id';
import type { DocumentRecord } from '../../../shared/api/domain';

export { isDocumentId };

/** What the lookup needs of the library (a Library satisfies it). */
export interface StoredFileSource {
  getDocument(id: string): DocumentRecord | null;
  originalFilePath(id: string): string;
}

/** The document and the path of its stored copy; null when docId is not a document of this library. */
export function storedDocumentFile(library: StoredFileSource, docId: string): { document: DocumentRecord; path: string } | null {
  if (!isDocumentId(docId)) return null;
  const document = library.getDocument(docId);
  return document ? { document, path: library.originalFilePath(document.id) } : null;
}
