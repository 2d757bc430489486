/**
 * Domain objects that cross every boundary (engine <-> CLI / IPC / HTTP /
 * renderer). Declared once as zod schemas; TypeScript types are inferred.
 * Page numbers are always 1-based physical pages.
 *
 * The object schemas are z.lazy: each is built when something first parses with it (or builds a
 * schema around it), so importing this file costs a process little (README, "Start-up");
 * `z.unwrapLazy()` (./zod.ts) gives the object schema itself (its shape).
 */
import * as z from './zod';
import { DEFAULTS } from './defaults';

export const OutlineEntrySchema = z.lazy(() => z.object({
  title: z.string(),
  /** 1-based physical page the bookmark points to, null when it cannot be resolved. */
  pageNumber: z.nullable(z.int().check(z.positive())),
  depth: z.nonNegativeInt(),
}));
export type OutlineEntry = z.infer<typeof OutlineEntrySchema>;

export { MAX_PAGE_TEXT_CHARS } from './limits';

export const DocumentSchema = z.lazy(() => z.object({
  /** SHA-256 (hex) of the file's bytes. */
  id: z.string(),
  title: z.string(),
  fileName: z.string(),
  author: z.nullable(z.string()),
  pageCount: z.nonNegativeInt(),
  totalTokens: z.nonNegativeInt(),
  textlessPages: z.array(z.int().check(z.positive())),
  failedPages: z.array(z.int().check(z.positive())),
  /** Pages holding absurdly much text (a generated blob): only their first MAX_PAGE_TEXT_CHARS characters were kept. */
  truncatedPages: z.optional(z.array(z.int().check(z.positive()))),
  byteSize: z.nonNegativeInt(),
  /** ISO timestamps */
  createdAt: z.string(),
  lastUsedAt: z.string(),
}));
export type DocumentRecord = z.infer<typeof DocumentSchema>;

/** A named set of documents ("Acme lease set"); a document can be in several. */
export const CollectionSchema = z.lazy(() => z.object({
  id: z.string(),
  name: z.string(),
  /** Member documents in the order they were added. */
  docIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
}));
export type CollectionRecord = z.infer<typeof CollectionSchema>;

export const PageSchema = z.lazy(() => z.object({
  pageNumber: z.int().check(z.positive()),
  /**
   * The page's printed label ("22", "iv", "F-3"): the PDF's /PageLabels, else the running page number
   * the page prints (inferred at ingest); null when it prints none. pageNumber stays the identity.
   */
  label: z.nullable(z.string()),
  text: z.string(),
  tokens: z.nonNegativeInt(),
  /** True when the page has no text layer (scanned image): needs OCR. */
  noText: z.boolean(),
  /** True when pdf.js could not parse the page. */
  failed: z.boolean(),
}));
export type PageRecord = z.infer<typeof PageSchema>;

export const SearchHitSchema = z.lazy(() => z.object({
  /** The document the page belongs to (searches over the whole library mix documents). */
  docId: z.string(),
  docTitle: z.string(),
  pageNumber: z.int().check(z.positive()),
  /** The page's printed label (see PageSchema.label); null when it prints none. */
  label: z.nullable(z.string()),
  /** BM25 score; higher is better. */
  score: z.number(),
  /** Text around the match, with the matched terms wrapped in [[ and ]]. */
  snippet: z.string(),
  /** Page-order searches: how many times the terms occur on the page. */
  occurrences: z.optional(z.nonNegativeInt()),
  /** Page-order searches: the matched words as the page writes them (what the viewer highlights). */
  matches: z.optional(z.array(z.string())),
}));
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const CitationSchema = z.lazy(() => z.object({
  /** The physical page: the citation's identity (with the document). */
  page: z.int().check(z.positive()),
  /**
   * The printed label of `page` ("22", "iv") from the stored page, null when the page has none. What a reader is
   * shown (shared/text/page-labels.ts). The engine always fills it; optional only so older JSON still parses.
   */
  pageLabel: z.optional(z.nullable(z.string())),
  /** Last page for a range citation ([pp. 14-15]); absent for one page. */
  pageEnd: z.optional(z.int().check(z.positive())),
  /** The printed label of `pageEnd` (ranges only). */
  pageEndLabel: z.optional(z.nullable(z.string())),
  /** The verbatim quote the model gave, null for a bare [p. N]. */
  quote: z.nullable(z.string()),
  /** The app found the quote on that page (bare citations: page was in the context). */
  verified: z.boolean(),
  /**
   * The document the cited page belongs to (questions over several documents). The engine fills it on every
   * citation it can attribute; absent in older rows = the answer's document. In an answer over several documents
   * (docIds has 2+), absent means the document could not be told (a bare [p. N] that several or none of the
   * documents hold): such a citation is never verified.
   */
  docId: z.optional(z.string()),
  /** That document's title, for display ("Lease 2019 · p. 14"). */
  docTitle: z.optional(z.string()),
}));
export type Citation = z.infer<typeof CitationSchema>;

export const UsageSchema = z.lazy(() => z.object({
  promptTokens: z.nonNegativeInt(),
  completionTokens: z.nonNegativeInt(),
  /** prompt_tokens_details.cached_tokens as reported */
  cachedTokens: z.nonNegativeInt(),
  totalTokens: z.nonNegativeInt(),
}));
export type Usage = z.infer<typeof UsageSchema>;

export const StrategySchema = z.lazy(() => z.enum(['whole', 'focused', 'exhaustive']));
export type Strategy = z.infer<typeof StrategySchema>;
export const StrategyChoiceSchema = z.lazy(() => z.enum(['auto', 'whole', 'focused', 'exhaustive']));
export type StrategyChoice = z.infer<typeof StrategyChoiceSchema>;

export const SummaryKindSchema = z.lazy(() => z.enum(['brief', 'detailed', 'chapters', 'key-terms']));
export type SummaryKind = z.infer<typeof SummaryKindSchema>;

/** One document a plan reads from (every plan has at least one; a one-document plan has exactly one). */
export const PlanSourceSchema = z.lazy(() => z.object({
  docId: z.string(),
  title: z.string(),
  /** 1-based pages sent from it, in page order. */
  pages: z.array(z.int().check(z.positive())),
  /** Document-text tokens sent from it (its <page> blocks). */
  tokens: z.nonNegativeInt(),
  /** Tokens of its whole text. */
  documentTokens: z.nonNegativeInt(),
  /** Why it was chosen ("title names PepsiCo"); may be empty. */
  reasons: z.array(z.string()),
}));
export type PlanSource = z.infer<typeof PlanSourceSchema>;

export const PlanSchema = z.lazy(() => z.object({
  strategy: StrategySchema,
  /** Model requests the plan makes. */
  calls: z.nonNegativeInt(),
  /** 1-based pages sent, in page order. */
  pages: z.array(z.int().check(z.positive())),
  /** Exact prompt tokens of all requests together (chat-format overhead included). */
  promptTokens: z.nonNegativeInt(),
  reservedOutputTokens: z.nonNegativeInt(),
  contextWindow: z.int().check(z.positive()),
  model: z.string(),
  estimatedCostUsd: z.number().check(z.nonnegative()),
  /** Tokens of the whole document's text. */
  documentTokens: z.nonNegativeInt(),
  /** Document text tokens allowed per request. */
  inputBudget: z.nonNegativeInt(),
  /** True when no provider is configured: the answer will be extractive. */
  extractive: z.boolean(),
  /** Summaries of a document that does not fit: the parts it is read in (one request each) before they are combined. */
  parts: z.optional(z.int().check(z.positive())),
  /** The documents read from, in the order the prompt lists them (always filled; one entry for one document). */
  sources: z.array(PlanSourceSchema),
  /** Questions over a scope: what it is called ("All documents", a collection's name, "3 documents"). */
  scopeLabel: z.optional(z.string()),
}));
export type Plan = z.infer<typeof PlanSchema>;

export const AnswerStatusSchema = z.lazy(() => z.enum(['complete', 'incomplete', 'failed']));

export const AnswerSchema = z.lazy(() => z.object({
  id: z.string(),
  docId: z.string(),
  kind: z.enum(['answer', 'summary']),
  /** The question, or for a summary its kind ("brief", ...). */
  question: z.string(),
  threadId: z.nullable(z.string()),
  text: z.string(),
  citations: z.array(CitationSchema),
  /** Share of citations verified, 0..1 (1 when there are none). */
  verifiedShare: z.number().check(z.gte(0), z.lte(1)),
  model: z.string(),
  strategy: StrategySchema,
  /** True when no model was used (offline extractive mode). */
  extractive: z.boolean(),
  usage: UsageSchema,
  predictedPromptTokens: z.nonNegativeInt(),
  calls: z.nonNegativeInt(),
  costUsd: z.number().check(z.nonnegative()),
  status: AnswerStatusSchema,
  errorMessage: z.nullable(z.string()),
  /** Served from the cache (no model call). */
  cached: z.boolean(),
  createdAt: z.string(),
  /** Every document the answer was written from (one-document answers: [docId]; `docId` is the first). */
  docIds: z.optional(z.array(z.string())),
  /** Asked over a collection: its id. */
  collectionId: z.optional(z.nullable(z.string())),
  /** Asked over a scope: its label ("All documents", a collection's name, "3 documents"). */
  scopeLabel: z.optional(z.nullable(z.string())),
  /** Written by a Batch API job (at the batch price); absent or false: a direct run. */
  batch: z.optional(z.boolean()),
}));
export type AnswerRecord = z.infer<typeof AnswerSchema>;

export const ProgressSchema = z.lazy(() => z.object({
  /** "parse", "count", "store", "map", "reduce", ... */
  stage: z.string(),
  done: z.nonNegativeInt(),
  total: z.nonNegativeInt(),
  message: z.optional(z.string()),
  /** stage "retry": milliseconds until the next try, so a screen can count down. */
  waitMs: z.optional(z.nonNegativeInt()),
}));
export type Progress = z.infer<typeof ProgressSchema>;

export const ProviderKindSchema = z.lazy(() => z.enum(['none', 'openai', 'azure', 'compatible']));

/** Desktop app only: how the API key is kept (the Settings dialog shows `notice` when there is one). */
export const KeyStorageStatusSchema = z.lazy(() => z.object({
  /** True when the OS protects the stored key (Keychain, DPAPI, a Linux keyring). */
  protectedByOs: z.boolean(),
  /** True when the key is kept in memory for this session only, never written to disk. */
  sessionOnly: z.boolean(),
  /** What to tell the user (why session only, what to do to keep it); null when all is well. */
  notice: z.nullable(z.string()),
}));
export type KeyStorageStatus = z.infer<typeof KeyStorageStatusSchema>;

/** How ingest reads pages without a text layer: auto = offline OCR (default), off = later, vision = the model. */
export const OcrModeSchema = z.lazy(() => z.enum(['auto', 'off', 'vision']));
export type OcrMode = z.infer<typeof OcrModeSchema>;

/** How closely the model looks at a page image (vision transcription). */
export const VisionDetailSchema = z.lazy(() => z.enum(['low', 'high']));
export type VisionDetail = z.infer<typeof VisionDetailSchema>;

/** A tesseract language code (eng, deu, chi_sim, ...): the data is the npm package @tesseract.js-data/<code>. */
export const OcrLanguageSchema = z.lazy(() => z.string().check(z.regex(/^[a-z]{3}(_[a-z]{3,4})?$/, 'must be a tesseract language code such as eng, deu or chi_sim')));

/**
 * Settings as the renderer may see them: never the API key itself. Every field
 * says what it does (.describe), paper-qa style; defaults are in ./defaults.
 */
export const PublicSettingsSchema = z.lazy(() => z.object({
  provider: z.described(ProviderKindSchema, "Where requests go: 'none' (offline, extractive answers), 'openai', 'azure' or 'compatible' (any OpenAI-compatible server)."),
  model: z.described(z.string(), `The model id sent to the provider (default ${DEFAULTS.model}); its context window, max output and prices come from the model table.`),
  baseUrl: z.described(z.nullable(z.string()), 'Base URL of the OpenAI API or of an OpenAI-compatible server; null = the provider\'s default.'),
  azureEndpoint: z.described(z.nullable(z.string()), 'Azure OpenAI resource endpoint, e.g. https://NAME.openai.azure.com.'),
  azureDeployment: z.described(z.nullable(z.string()), 'Azure OpenAI deployment name that serves the model.'),
  azureApiVersion: z.described(z.nullable(z.string()), 'Azure OpenAI API version; null = the SDK\'s default.'),
  customContextWindow: z.described(z.nullable(z.int().check(z.positive())), 'Context window (input + output tokens) of a model not in the built-in table.'),
  customMaxOutput: z.described(z.nullable(z.int().check(z.positive())), 'Most output tokens of a model not in the built-in table.'),
  customInputPricePerM: z.described(z.nullable(z.number().check(z.nonnegative())), 'US dollars per million input tokens, for a model not in the built-in table.'),
  customOutputPricePerM: z.described(z.nullable(z.number().check(z.nonnegative())), 'US dollars per million output tokens, for a model not in the built-in table.'),
  answerReserveTokens: z.described(z.int().check(z.positive()), `Output tokens reserved for the answer in every request (default ${DEFAULTS.answerReserveTokens}); capped at the model's max output.`),
  budgetTokens: z.described(z.nullable(z.int().check(z.positive())), "Cap on document text tokens per request; null = the model's full input budget."),
  concurrency: z.described(z.int().check(z.gte(1), z.lte(DEFAULTS.maxConcurrency)), `Parallel model requests for long summaries and exhaustive answers (default ${DEFAULTS.concurrency}).`),
  ocrMode: z.described(OcrModeSchema, `How a new PDF's pages without a text layer (scans) are read (default ${DEFAULTS.ocrMode}): 'auto' reads them on this computer by OCR, offline; 'off' leaves them for a later Run OCR or pagewise ocr; 'vision' sends the page images to the model, after showing the cost.`),
  visionDetail: z.described(VisionDetailSchema, `How closely the model looks at a page image when it transcribes a scan (default ${DEFAULTS.visionDetail}): 'high' reads small print (about 25,500 prompt tokens a letter page with gpt-4o-mini), 'low' is one fixed-cost look (2,833 tokens).`),
  ocrLanguage: z.described(OcrLanguageSchema, `The language offline OCR reads (default ${DEFAULTS.ocrLanguage}); only languages whose data package @tesseract.js-data/<code> is installed can be chosen (ocr.languages lists them).`),
  hasApiKey: z.described(z.boolean(), 'Whether an API key is stored (the key itself never leaves the main process).'),
  apiKeyHint: z.described(z.nullable(z.string()), 'The stored key masked for display, e.g. "sk-…abcd"; null when none.'),
  keyStorage: z.described(z.optional(KeyStorageStatusSchema), 'Desktop app only: how the API key is kept; absent in the CLI and browser mode, where the key comes from the environment.'),
}));
export type PublicSettings = z.infer<typeof PublicSettingsSchema>;
