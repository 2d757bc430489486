/** library.*: documents in the local library (ingest, list, inspect, rename, search, remove). */
import * as z from './zod';
import { DocumentSchema, OcrModeSchema, OutlineEntrySchema, PageSchema, SearchHitSchema } from './domain';
import { DocIdSchema, EmptyInputSchema, defineOp } from './op';

export const IngestSourceSchema = z.lazy(() => z.discriminatedUnion('kind', [
  /** A file on the engine's machine (CLI, Electron drag and drop / open dialog). */
  z.strictObject({ kind: z.literal('path'), path: z.string().check(z.minLength(1), z.maxLength(4096)) }),
  /** Bytes sent earlier with POST /api/upload (browser mode). */
  z.strictObject({ kind: z.literal('upload'), uploadId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a valid upload id')) }),
]));
export type IngestSource = z.infer<typeof IngestSourceSchema>;

export const PageStatSchema = z.lazy(() => z.object({
  pageNumber: z.int().check(z.positive()),
  /** The page's printed label ("22"), from /PageLabels or the running page number; null when it prints none. */
  label: z.nullable(z.string()),
  tokens: z.nonNegativeInt(),
  noText: z.boolean(),
  failed: z.boolean(),
}));
export type PageStat = z.infer<typeof PageStatSchema>;

export const DocumentFitSchema = z.lazy(() => z.object({
  /** Model id the fit was computed for (the current setting). */
  model: z.string(),
  contextWindow: z.int().check(z.positive()),
  /** Document-text tokens one request may carry (window - answer reserve - prompt overhead, capped by the budget setting). */
  inputBudget: z.nonNegativeInt(),
  documentTokens: z.nonNegativeInt(),
  fitsWhole: z.boolean(),
  /** documentTokens / inputBudget (> 1 = needs focusing). */
  fillRatio: z.number().check(z.nonnegative()),
}));
export type DocumentFit = z.infer<typeof DocumentFitSchema>;

export const libraryOps = {
  'library.ingest': defineOp({
    summary: 'Parse a PDF into the library (already present: returned at once).',
    input: () => z.strictObject({
      source: IngestSourceSchema,
      /** Display file name (uploads: the browser's file name). */
      fileName: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))),
      password: z.optional(z.string().check(z.maxLength(1000))),
      /**
       * Pages without a text layer: OCR them now (auto), later (off) or by the model (vision: nothing is sent here;
       * the pages are returned in visionPages for the caller to show their cost, ocr.plan, and send, ocr.run).
       * Absent: the ocrMode setting.
       */
      ocr: z.optional(OcrModeSchema),
    }),
    output: () => z.object({
      document: DocumentSchema,
      alreadyPresent: z.boolean(),
      ms: z.number().check(z.nonnegative()),
      /** Pages whose text came from OCR. */
      ocrPages: z.array(z.int().check(z.positive())),
      /** Pages that rendered all white (not "needs OCR"). */
      blankPages: z.array(z.int().check(z.positive())),
      /** OCR pages read with low confidence. */
      lowConfidencePages: z.array(z.int().check(z.positive())),
      /** The mode this ingest used (the ocr input, else the ocrMode setting). */
      ocrMode: OcrModeSchema,
      /** Vision mode: the pages still without text, to transcribe with ocr.run mode vision once the caller has shown the cost; else empty. */
      visionPages: z.array(z.int().check(z.positive())),
    }),
    events: ['progress'],
  }),
  'library.list': defineOp({
    summary: 'All documents, last used first.',
    input: () => EmptyInputSchema,
    output: () => z.object({ documents: z.array(DocumentSchema) }),
  }),
  'library.info': defineOp({
    summary: 'A document with its outline, per-page token counts and how it fits the model window.',
    input: () => z.strictObject({ docId: DocIdSchema }),
    output: () => z.object({
      document: DocumentSchema,
      outline: z.array(OutlineEntrySchema),
      pages: z.array(PageStatSchema),
      fit: DocumentFitSchema,
    }),
  }),
  'library.rename': defineOp({
    summary: 'Give a document the title a reader knows it by (library, breadcrumbs, history, exports).',
    input: () => z.strictObject({
      docId: DocIdSchema,
      // spaces collapsed first, then the length checked on what will be stored
      title: z.pipe(
        z.pipe(z.string(), z.transform((value) => value.replace(/\s+/g, ' ').trim())),
        z.string().check(z.minLength(1, 'type a title'), z.maxLength(300, 'the title is too long (at most 300 characters)')),
      ),
    }),
    output: () => z.object({ document: DocumentSchema }),
  }),
  'library.remove': defineOp({
    summary: 'Remove a document, its pages, answers and stored file.',
    input: () => z.strictObject({ docId: DocIdSchema }),
    output: () => z.object({ removed: z.boolean() }),
  }),
  'library.search': defineOp({
    summary: 'Full-text search over the pages of one document (or all, docId null).',
    input: () => z.strictObject({
      docId: z.nullable(DocIdSchema),
      query: z.string().check(z.trim(), z.minLength(1, 'type some words to search for'), z.maxLength(2000)),
      limit: z.optional(z.int().check(z.gte(1), z.lte(500))),
      /** Whole-library searches: at most this many pages of each document (one long book does not hide the rest). */
      perDocument: z.optional(z.int().check(z.gte(1), z.lte(100))),
      /** 'page' (with a docId): every matching page of that document in page order, each with its occurrences; limit is ignored. */
      order: z.optional(z.enum(['rank', 'page'])),
    }),
    output: () => z.object({ hits: z.array(SearchHitSchema) }),
  }),
  'library.page': defineOp({
    summary: 'One page of a document with its text.',
    input: () => z.strictObject({ docId: DocIdSchema, pageNumber: z.int().check(z.positive()) }),
    output: () => PageSchema,
  }),
} as const;
