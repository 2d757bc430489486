/** export.*: answers, summaries or a whole document's Q&A as a file. */
import { z } from 'zod';
import { AnswerIdSchema, DocIdSchema, defineOp } from './op';

export const ExportFormatSchema = z.enum(['md', 'html', 'docx', 'json']);
export type ExportFormatName = z.infer<typeof ExportFormatSchema>;

export const ExportTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('answer'), answerId: AnswerIdSchema }),
  z.strictObject({ kind: z.literal('document'), docId: DocIdSchema }),
]);
export type ExportTarget = z.infer<typeof ExportTargetSchema>;

export const ExportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** The file's bytes, base64. */
  dataBase64: z.string(),
});
export type ExportFile = z.infer<typeof ExportFileSchema>;

export const exportOps = {
  'export.render': defineOp({
    summary: 'Render an answer/summary, or all of a document\'s answers, as Markdown, HTML, DOCX or JSON.',
    input: z.strictObject({ target: ExportTargetSchema, format: ExportFormatSchema }),
    output: ExportFileSchema,
  }),
} as const;
