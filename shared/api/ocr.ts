/** ocr.*: scanned pages (issue 11): read the pages without a text layer, and the stored text with where it came from. */
import * as z from 'zod';
import { DocumentSchema, VisionDetailSchema } from './domain';
import { DocIdSchema, EmptyInputSchema, defineOp } from './op';

// OcrModeSchema and VisionDetailSchema live in domain.ts, beside the settings that name them
export const PageSourceSchema = z.lazy(() => z.enum(['text', 'ocr', 'vision']));

const PageListSchema = z.lazy(() => z.array(z.number().int().positive()).max(100_000));

export const OcrOutcomeSchema = z.lazy(() => z.object({
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
  /** Vision transcription: the prompt tokens the plan counted, what the provider reported, and the cost. */
  usage: z
    .object({ predictedPromptTokens: z.number().int(), promptTokens: z.number().int(), completionTokens: z.number().int(), costUsd: z.number() })
    .optional(),
  /** Stopped by ocr.cancel: the pages read are kept, pendingPages wait for the next run. */
  stopped: z.boolean().optional(),
}));
export type OcrOutcome = z.infer<typeof OcrOutcomeSchema>;

export const PageTextSchema = z.lazy(() => z.object({
  page: z.number().int().positive(),
  label: z.string().nullable(),
  text: z.string(),
  source: PageSourceSchema,
  /** Mean word confidence 0..100 (OCR pages); null for a text layer. */
  confidence: z.number().nullable(),
}));

/** One recognised word: text, box as fractions of the page image (0..1, origin top left), confidence 0..100. */
export const OcrWordSchema = z.lazy(() => z.tuple([z.string(), z.number(), z.number(), z.number(), z.number(), z.number()]));

/** A document's OCR state at a glance (the library row, the viewer's low-confidence list). */
export const OcrDocStatusSchema = z.lazy(() => z.object({
  id: z.string(),
  /** Pages still waiting for OCR (ingested with OCR off, cancelled or killed). */
  pendingPages: z.array(z.number().int().positive()),
  /** Pages whose text came from OCR or vision. */
  ocrPages: z.array(z.number().int().positive()),
  lowConfidencePages: z.array(z.number().int().positive()),
}));
export type OcrDocStatus = z.infer<typeof OcrDocStatusSchema>;

/** An OCR language this install can read: its code, its name in English, and the npm package with its data. */
export const OcrLanguageInfoSchema = z.lazy(() => z.object({ code: z.string(), name: z.string(), package: z.string() }));
export type OcrLanguageInfo = z.infer<typeof OcrLanguageInfoSchema>;

export const ocrOps = {
  'ocr.run': defineOp({
    summary: 'Read the pages of a document that have no text layer (offline OCR); resumes where a run stopped.',
    input: () => z.strictObject({
      docId: DocIdSchema,
      pages: PageListSchema.optional(),
      mode: z.enum(['auto', 'vision']).optional(),
      /** Vision: the image detail sent (high: tiles of 512 px, low: one fixed-cost look). Default high. */
      detail: VisionDetailSchema.optional(),
    }),
    output: () => OcrOutcomeSchema,
    events: ['progress'],
  }),
  'ocr.text': defineOp({
    summary: 'The stored text of each page, with where it came from (text layer, OCR) and the OCR confidence.',
    input: () => z.strictObject({ docId: DocIdSchema, pages: PageListSchema.optional() }),
    output: () => z.object({ id: z.string(), pages: z.array(PageTextSchema) }),
  }),
  'ocr.plan': defineOp({
    summary: 'What vision transcription of the pending pages would send and cost (image sizes, exact prompt tokens); sends nothing.',
    input: () => z.strictObject({ docId: DocIdSchema, pages: PageListSchema.optional(), detail: VisionDetailSchema.optional() }),
    output: () => z.object({
      model: z.string(),
      detail: VisionDetailSchema,
      pages: z.array(
        z.object({ page: z.number().int().positive(), width: z.number().int(), height: z.number().int(), imageTokens: z.number().int(), promptTokens: z.number().int() }),
      ),
      promptTokens: z.number().int(),
      imageTokens: z.number().int(),
      promptCostUsd: z.number(),
      maxCostUsd: z.number(),
    }),
  }),
  'ocr.cancel': defineOp({
    summary: "Stop a document's OCR run after the pages being read; the run then returns what it read (stopped: true).",
    input: () => z.strictObject({ docId: DocIdSchema }),
    output: () => z.object({ stopping: z.boolean() }),
  }),
  'ocr.status': defineOp({
    summary: 'Which documents have pages waiting for OCR, read by OCR, or read with low confidence (all documents, or the given ones).',
    input: () => z.strictObject({ docIds: z.array(DocIdSchema).max(10_000).optional() }),
    output: () => z.object({ documents: z.array(OcrDocStatusSchema) }),
  }),
  'ocr.languages': defineOp({
    summary: 'The languages offline OCR can read here: those whose data package @tesseract.js-data/<code> is installed (what Settings offers).',
    input: () => EmptyInputSchema,
    output: () => z.object({ languages: z.array(OcrLanguageInfoSchema), current: z.string() }),
  }),
  'ocr.words': defineOp({
    summary: "One page's stored text with the word boxes kept from OCR (none for a page with a text layer): what the viewer highlights a quote with.",
    input: () => z.strictObject({ docId: DocIdSchema, page: z.number().int().positive() }),
    output: () => PageTextSchema.unwrap().extend({ words: z.array(OcrWordSchema) }),
  }),
};
