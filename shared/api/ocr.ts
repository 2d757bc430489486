/** ocr.*: scanned pages (issue 11): read the pages without a text layer, and the stored text with where it came from. */
import { z } from 'zod';
import { DocumentSchema } from './domain';
import { DocIdSchema, defineOp } from './op';

/** How ingest reads pages without a text layer: auto = offline OCR (default), off = later, vision = the model. */
export const OcrModeSchema = z.enum(['auto', 'off', 'vision']);
export type OcrMode = z.infer<typeof OcrModeSchema>;

export const PageSourceSchema = z.enum(['text', 'ocr', 'vision']);

const PageListSchema = z.array(z.number().int().positive()).max(100_000);

export const OcrOutcomeSchema = z.object({
  document: DocumentSchema,
  /** Pages whose text came from OCR (in this or an earlier run). */
  ocrPages: z.array(z.number().int().positive()),
  /** Pages that rendered all white. */
  blankPages: z.array(z.number().int().positive()),
  /** Pages still without text (pending or failed OCR). */
  textlessPages: z.array(z.number().int().positive()),
  /** Pages not read yet (OCR off, cancelled or killed). */
  pendingPages: z.array(z.number().int().positive()),
  /** OCR pages read with low confidence: worth checking. */
  lowConfidencePages: z.array(z.number().int().positive()),
  /** Pages read (or found blank) by this run. */
  readNow: z.array(z.number().int().positive()),
  errors: z.array(z.object({ page: z.number().int().positive(), message: z.string() })),
});
export type OcrOutcome = z.infer<typeof OcrOutcomeSchema>;

export const PageTextSchema = z.object({
  page: z.number().int().positive(),
  label: z.string().nullable(),
  text: z.string(),
  source: PageSourceSchema,
  /** Mean word confidence 0..100 (OCR pages); null for a text layer. */
  confidence: z.number().nullable(),
});

export const ocrOps = {
  'ocr.run': defineOp({
    summary: 'Read the pages of a document that have no text layer (offline OCR); resumes where a run stopped.',
    input: z.strictObject({ docId: DocIdSchema, pages: PageListSchema.optional(), mode: z.enum(['auto', 'vision']).optional() }),
    output: OcrOutcomeSchema,
    events: ['progress'],
  }),
  'ocr.text': defineOp({
    summary: 'The stored text of each page, with where it came from (text layer, OCR) and the OCR confidence.',
    input: z.strictObject({ docId: DocIdSchema, pages: PageListSchema.optional() }),
    output: z.object({ id: z.string(), pages: z.array(PageTextSchema) }),
  }),
};
