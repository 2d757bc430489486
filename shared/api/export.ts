/** export.*: answers, summaries or a whole document's Q&A as a file. */
import * as z from './zod';
import { AnswerIdSchema, DocIdSchema, defineOp } from './op';

/** csv: comparison tables only (shared/api/compare.ts). */
export const ExportFormatSchema = z.lazy(() => z.enum(['md', 'html', 'docx', 'json', 'csv']));
export type ExportFormatName = z.infer<typeof ExportFormatSchema>;

export const ExportTargetSchema = z.lazy(() => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('answer'), answerId: AnswerIdSchema }),
  z.strictObject({ kind: z.literal('document'), docId: DocIdSchema }),
  /** A comparison table (shared/api/compare.ts), so the one export path (download, save dialog) serves it too. */
  z.strictObject({ kind: z.literal('comparison'), comparisonId: z.string().check(z.trim(), z.minLength(1, 'a comparison id is required'), z.maxLength(200)) }),
]));
export type ExportTarget = z.infer<typeof ExportTargetSchema>;

export const ExportFileSchema = z.lazy(() => z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** The file's bytes, base64. */
  dataBase64: z.string(),
}));
export type ExportFile = z.infer<typeof ExportFileSchema>;

export const exportOps = {
  'export.render': defineOp({
    summary: 'Render an answer/summary, all of a document\'s answers, or a comparison as Markdown, HTML, DOCX or JSON (comparisons: CSV too).',
    input: () => z.strictObject({ target: ExportTargetSchema, format: ExportFormatSchema }),
    output: () => ExportFileSchema,
  }),
} as const;
