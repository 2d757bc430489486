/** A document id: the SHA-256 of its bytes, lowercase hex (docs/ARCHITECTURE.md rule 3). */
const DOCUMENT_ID = /^[0-9a-f]{64}$/;

/** Whether a value is a well-formed document id (front doors check this before any file lookup). */
export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID.test(value);
}
