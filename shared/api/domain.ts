/**
 * Domain objects that cross every boundary (engine <-> CLI / IPC / HTTP /
 * renderer). Declared once as zod schemas; TypeScript types are inferred.
 * Page numbers are always 1-based physical pages.
 */
import { z } from 'zod';

export const ErrorShapeSchema = z.object({
  type: z.literal('PagewiseError'),
  code: z.string(),
  message: z.string(),
});

export const OutlineEntrySchema = z.object({
  title: z.string(),
  /** 1-based physical page the bookmark points to, null when it cannot be resolved. */
  pageNumber: z.number().int().positive().nullable(),
  depth: z.number().int().nonnegative(),
});
export type OutlineEntry = z.infer<typeof OutlineEntrySchema>;

export const DocumentSchema = z.object({
  /** SHA-256 (hex) of the file's bytes. */
  id: z.string(),
  title: z.string(),
  fileName: z.string(),
  author: z.string().nullable(),
  pageCount: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  textlessPages: z.array(z.number().int().positive()),
  failedPages: z.array(z.number().int().positive()),
  byteSize: z.number().int().nonnegative(),
  /** ISO timestamps */
  createdAt: z.string(),
  lastUsedAt: z.string(),
});
export type DocumentRecord = z.infer<typeof DocumentSchema>;

export const PageSchema = z.object({
  pageNumber: z.number().int().positive(),
  /**
   * The page's printed label ("22", "iv", "F-3"): the PDF's /PageLabels, else the running page number
   * the page prints (inferred at ingest); null when it prints none. pageNumber stays the identity.
   */
  label: z.string().nullable(),
  text: z.string(),
  tokens: z.number().int().nonnegative(),
  /** True when the page has no text layer (scanned image): needs OCR. */
  noText: z.boolean(),
  /** True when pdf.js could not parse the page. */
  failed: z.boolean(),
});
export type PageRecord = z.infer<typeof PageSchema>;

export const SearchHitSchema = z.object({
  /** The document the page belongs to (searches over the whole library mix documents). */
  docId: z.string(),
  docTitle: z.string(),
  pageNumber: z.number().int().positive(),
  /** The page's printed label (see PageSchema.label); null when it prints none. */
  label: z.string().nullable(),
  /** BM25 score; higher is better. */
  score: z.number(),
  /** Text around the match, with the matched terms wrapped in [[ and ]]. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const CitationSchema = z.object({
  page: z.number().int().positive(),
  /** Last page for a range citation ([pp. 14-15]); absent for one page. */
  pageEnd: z.number().int().positive().optional(),
  /** The verbatim quote the model gave, null for a bare [p. N]. */
  quote: z.string().nullable(),
  /** The app found the quote on that page (bare citations: page was in the context). */
  verified: z.boolean(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const UsageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** prompt_tokens_details.cached_tokens as reported */
  cachedTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const StrategySchema = z.enum(['whole', 'focused', 'exhaustive']);
export type Strategy = z.infer<typeof StrategySchema>;
export const StrategyChoiceSchema = z.enum(['auto', 'whole', 'focused', 'exhaustive']);
export type StrategyChoice = z.infer<typeof StrategyChoiceSchema>;

export const SummaryKindSchema = z.enum(['brief', 'detailed', 'chapters', 'key-terms']);
export type SummaryKind = z.infer<typeof SummaryKindSchema>;

export const PlanSchema = z.object({
  strategy: StrategySchema,
  /** Model requests the plan makes. */
  calls: z.number().int().nonnegative(),
  /** 1-based pages sent, in page order. */
  pages: z.array(z.number().int().positive()),
  /** Exact prompt tokens of all requests together (chat-format overhead included). */
  promptTokens: z.number().int().nonnegative(),
  reservedOutputTokens: z.number().int().nonnegative(),
  contextWindow: z.number().int().positive(),
  model: z.string(),
  estimatedCostUsd: z.number().nonnegative(),
  /** Tokens of the whole document's text. */
  documentTokens: z.number().int().nonnegative(),
  /** Document text tokens allowed per request. */
  inputBudget: z.number().int().nonnegative(),
  /** True when no provider is configured: the answer will be extractive. */
  extractive: z.boolean(),
});
export type Plan = z.infer<typeof PlanSchema>;

export const AnswerStatusSchema = z.enum(['complete', 'incomplete', 'failed']);

export const AnswerSchema = z.object({
  id: z.string(),
  docId: z.string(),
  kind: z.enum(['answer', 'summary']),
  /** The question, or for a summary its kind ("brief", ...). */
  question: z.string(),
  threadId: z.string().nullable(),
  text: z.string(),
  citations: z.array(CitationSchema),
  /** Share of citations verified, 0..1 (1 when there are none). */
  verifiedShare: z.number().min(0).max(1),
  model: z.string(),
  strategy: StrategySchema,
  /** True when no model was used (offline extractive mode). */
  extractive: z.boolean(),
  usage: UsageSchema,
  predictedPromptTokens: z.number().int().nonnegative(),
  calls: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  status: AnswerStatusSchema,
  errorMessage: z.string().nullable(),
  /** Served from the cache (no model call). */
  cached: z.boolean(),
  createdAt: z.string(),
});
export type AnswerRecord = z.infer<typeof AnswerSchema>;

export const ProgressSchema = z.object({
  /** "parse", "count", "store", "map", "reduce", ... */
  stage: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  message: z.string().optional(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const ProviderKindSchema = z.enum(['none', 'openai', 'azure', 'compatible']);

/** Settings as the renderer may see them: never the API key itself. */
export const PublicSettingsSchema = z.object({
  provider: ProviderKindSchema,
  model: z.string(),
  baseUrl: z.string().nullable(),
  azureEndpoint: z.string().nullable(),
  azureDeployment: z.string().nullable(),
  azureApiVersion: z.string().nullable(),
  /** Context window / max output / prices for a model not in the built-in table. */
  customContextWindow: z.number().int().positive().nullable(),
  customMaxOutput: z.number().int().positive().nullable(),
  customInputPricePerM: z.number().nonnegative().nullable(),
  customOutputPricePerM: z.number().nonnegative().nullable(),
  answerReserveTokens: z.number().int().positive(),
  /** Cap on document text tokens per request; null = the model's full input budget. */
  budgetTokens: z.number().int().positive().nullable(),
  concurrency: z.number().int().min(1).max(16),
  hasApiKey: z.boolean(),
  /** Masked key for display, e.g. "sk-…abcd"; null when none. */
  apiKeyHint: z.string().nullable(),
});
export type PublicSettings = z.infer<typeof PublicSettingsSchema>;
