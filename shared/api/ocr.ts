/** ocr.*: scanned pages (issue 11): read the pages without a text layer, and the stored text with where it came from. */
import * as z from './zod';
import { DocumentSchema, VisionDetailSchema } from './domain';
import { DocIdSchema, EmptyInputSchema, defineOp } from './op';

// OcrModeSchema and VisionDetailSchema live in domain.ts, beside the settings that name them
export const PageSourceSchema = z.lazy(() => z.enum(['text', 'ocr', 'vision']));

const PageListSchema = z.lazy(() => z.array(z.int().check(z.positive())).check(z.maxLength(100_000)));

export const OcrOutcomeSchema = z.lazy(() => z.object({
  document: DocumentSchema,
  /** Pages whose text came from OCR (in this or an earlier run). */
  ocrPages: z.array(z.int().check(z.positive())),
  /** Pages that rendered all white. */
  blankPages: z.array(z.int().check(z.positive())),
  /** Pages still without text (pending or failed OCR). */
  textlessPages: z.array(z.int().check(z.positive())),
  /** Pages not read yet (OCR off, cancelled or killed). */
  pendingPages: z.array(z.int().check(z.positive())),
  /** OCR pages read with low confidence: worth checking. */
  lowConfidencePages: z.array(z.int().check(z.positive())),
  /** Pages read (or found blank) by this run. */
  readNow: z.array(z.int().check(z.positive())),
  errors: z.array(z.object({ page: z.int().check(z.positive()), message: z.string() })),
  /** Vision transcription: the prompt tokens the plan counted, what the provider reported, and the cost. */
  usage: z.optional(z.object({ predictedPromptTokens: z.int(), promptTokens: z.int(), completionTokens: z.int(), costUsd: z.number() })),
  /** Stopped by ocr.cancel: the pages read are kept, pendingPages wait for the next run. */
  stopped: z.optional(z.boolean()),
}));
export type OcrOutcome = z.infer<typeof OcrOutcomeSchema>;

export const PageTextSchema = z.lazy(() => z.object({
  page: z.int().check(z.positive()),
  label: z.nullable(z.string()),
  text: z.string(),
  source: PageSourceSchema,
  /** Mean word confidence 0..100 (OCR pages); null for a text layer. */
  confidence: z.nullable(z.number()),
}));

/** One recognised word: text, box as fractions of the page image (0..1, origin top left), confidence 0..100. */
export const OcrWordSchema = z.lazy(() => z.tuple([z.string(), z.number(), z.number(), z.number(), z.number(), z.number()]));

/** A document's OCR state at a glance (the library row, the viewer's low-confidence list). */
export const OcrDocStatusSchema = z.lazy(() => z.object({
  id: z.string(),
  /** Pages still waiting for OCR (ingested with OCR off, cancelled or killed). */
  pendingPages: z.array(z.int().check(z.positive())),
  /** Pages whose text came from OCR or vision. */
  ocrPages: z.array(z.int().check(z.positive())),
  lowConfidencePages: z.array(z.int().check(z.positive())),
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
      pages: z.optional(PageListSchema),
      mode: z.optional(z.enum(['auto', 'vision'])),
      /** Vision: the image detail sent (high: tiles of 512 px, low: one fixed-cost look). Default high. */
      detail: z.optional(VisionDetailSchema),
    }),
    output: () => OcrOutcomeSchema,
    events: ['progress'],
  }),
  'ocr.text': defineOp({
    summary: 'The stored text of each page, with where it came from (text layer, OCR) and the OCR confidence.',
    input: () => z.strictObject({ docId: DocIdSchema, pages: z.optional(PageListSchema) }),
    output: () => z.object({ id: z.string(), pages: z.array(PageTextSchema) }),
  }),
  'ocr.plan': defineOp({
    summary: 'What vision transcription of the pending pages would send and cost (image sizes, exact prompt tokens); sends nothing.',
    input: () => z.strictObject({ docId: DocIdSchema, pages: z.optional(PageListSchema), detail: z.optional(VisionDetailSchema) }),
    output: () => z.object({
      model: z.string(),
      detail: VisionDetailSchema,
      pages: z.array(
        z.object({ page: z.int().check(z.positive()), width: z.int(), height: z.int(), imageTokens: z.int(), promptTokens: z.int() }),
      ),
      promptTokens: z.int(),
      imageTokens: z.int(),
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
    input: () => z.strictObject({ docIds: z.optional(z.array(DocIdSchema).check(z.maxLength(10_000))) }),
    output: () => z.object({ documents: z.array(OcrDocStatusSchema) }),
  }),
  'ocr.languages': defineOp({
    summary: 'The languages offline OCR can read here: those whose data package @tesseract.js-data/<code> is installed (what Settings offers).',
    input: () => EmptyInputSchema,
    output: () => z.object({ languages: z.array(OcrLanguageInfoSchema), current: z.string() }),
  }),
  'ocr.words': defineOp({
    summary: "One page's stored text with the word boxes kept from OCR (none for a page with a text layer): what the viewer highlights a quote with.",
    input: () => z.strictObject({ docId: DocIdSchema, page: z.int().check(z.positive()) }),
    output: () => z.extend(z.unwrapLazy(PageTextSchema), { words: z.array(OcrWordSchema) }),
  }),
};
