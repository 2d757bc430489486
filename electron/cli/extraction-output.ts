/** One document's extraction as `extract --json` prints it, shared by `jobs wait --json` (a batch's results). */
import type { Extraction } from '../../shared/api/extract';

export function extractionDocJson(e: Extraction): Record<string, unknown> {
  return {
    docId: e.docId,
    title: e.title,
    extractionId: e.id,
    status: e.status,
    error: e.errorMessage,
    ...(e.rawOutput !== null ? { rawOutput: e.rawOutput } : {}),
    fields: e.fields.map((f) => ({ name: f.name, value: f.value, quote: f.quote, page: f.page, verified: f.verified })),
  };
}
