/**
 * JSON export: a stable, documented shape for scripts and other tools.
 *
 * ```jsonc
 * {
 *   "schema": "pagewise.export/1",       // bumped only on an incompatible change
 *   "generatedAt": "2026-03-14T09:26:53.000Z",
 *   "appVersion": "0.1.0",
 *   "document": { "id", "title", "fileName", "author", "pageCount", "totalTokens", "textlessPages", "failedPages" },
 *   "totals": { "items", "promptTokens", "completionTokens", "cachedTokens", "costUsd" },
 *   "items": [                            // oldest first
 *     { "id", "kind": "answer"|"summary", "question", "threadId", "text", "status", "errorMessage",
 *       "extractive", "label",             // label: "extractive, no model used" or null
 *       "model", "strategy", "calls", "cached", "createdAt",
 *       "usage": { "promptTokens", "completionTokens", "cachedTokens", "totalTokens" },
 *       "predictedPromptTokens", "costUsd", "verifiedShare",
 *       "citations": [ { "page", "pageLabel", "pageEnd", "pageEndLabel", "quote", "verified", "docId"?, "docTitle"? } ] }
 *       // page/pageEnd: physical pages (the identity); pageLabel/pageEndLabel: what the page prints ("22"), null if nothing;
 *       // pageEnd null for one page; quote null for a bare [p. N]
 *   ]
 * }
 * ```
 * Keys always appear, in this order (null rather than absent), so diffs of two
 * exports are meaningful. Page numbers are 1-based physical pages.
 */
import * as z from '../../../shared/api/zod';
import { EXTRACTIVE_LABEL, itemsInDateOrder, labelledPages } from './view';
import type { ExportBundle } from './view';

export const EXPORT_JSON_SCHEMA_ID = 'pagewise.export/1';

export const ExportJsonCitationSchema = z.object({
  page: z.int().check(z.positive()),
  /** The label printed on `page` ("22", "iv"); null when the page prints none. */
  pageLabel: z.nullable(z.string()),
  pageEnd: z.nullable(z.int().check(z.positive())),
  /** The label printed on `pageEnd`; null for one page or when it prints none. */
  pageEndLabel: z.nullable(z.string()),
  quote: z.nullable(z.string()),
  verified: z.boolean(),
  /** Answers over several documents: the cited page's document (absent otherwise). */
  docId: z.optional(z.string()),
  docTitle: z.optional(z.nullable(z.string())),
});

export const ExportJsonItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['answer', 'summary']),
  question: z.string(),
  threadId: z.nullable(z.string()),
  text: z.string(),
  status: z.enum(['complete', 'incomplete', 'failed']),
  errorMessage: z.nullable(z.string()),
  extractive: z.boolean(),
  label: z.nullable(z.string()),
  model: z.string(),
  strategy: z.enum(['whole', 'focused', 'exhaustive']),
  calls: z.nonNegativeInt(),
  cached: z.boolean(),
  createdAt: z.string(),
  usage: z.object({
    promptTokens: z.nonNegativeInt(),
    completionTokens: z.nonNegativeInt(),
    cachedTokens: z.nonNegativeInt(),
    totalTokens: z.nonNegativeInt(),
  }),
  predictedPromptTokens: z.nonNegativeInt(),
  costUsd: z.number().check(z.nonnegative()),
  verifiedShare: z.number().check(z.gte(0), z.lte(1)),
  citations: z.array(ExportJsonCitationSchema),
});

export const ExportJsonSchema = z.object({
  schema: z.literal(EXPORT_JSON_SCHEMA_ID),
  generatedAt: z.string(),
  appVersion: z.string(),
  document: z.object({
    id: z.string(),
    title: z.string(),
    fileName: z.string(),
    author: z.nullable(z.string()),
    pageCount: z.nonNegativeInt(),
    totalTokens: z.nonNegativeInt(),
    textlessPages: z.array(z.int().check(z.positive())),
    failedPages: z.array(z.int().check(z.positive())),
  }),
  totals: z.object({
    items: z.nonNegativeInt(),
    promptTokens: z.nonNegativeInt(),
    completionTokens: z.nonNegativeInt(),
    cachedTokens: z.nonNegativeInt(),
    costUsd: z.number().check(z.nonnegative()),
  }),
  items: z.array(ExportJsonItemSchema),
});
export type ExportJson = z.infer<typeof ExportJsonSchema>;

export function buildExportJson(bundle: ExportBundle): ExportJson {
  const doc = bundle.document;
  const items = itemsInDateOrder(bundle.items).map((item) => ({
    id: item.id,
    kind: item.kind,
    question: item.question,
    threadId: item.threadId,
    text: item.text,
    status: item.status,
    errorMessage: item.errorMessage,
    extractive: item.extractive,
    label: item.extractive ? EXTRACTIVE_LABEL : null,
    model: item.model,
    strategy: item.strategy,
    calls: item.calls,
    cached: item.cached,
    createdAt: item.createdAt,
    usage: {
      promptTokens: item.usage.promptTokens,
      completionTokens: item.usage.completionTokens,
      cachedTokens: item.usage.cachedTokens,
      totalTokens: item.usage.totalTokens,
    },
    predictedPromptTokens: item.predictedPromptTokens,
    costUsd: item.costUsd,
    verifiedShare: item.verifiedShare,
    citations: item.citations.map((c) => ({
      page: c.page,
      pageLabel: labelledPages(c, bundle.pageLabels ?? []).pageLabel,
      pageEnd: c.pageEnd ?? null,
      pageEndLabel: labelledPages(c, bundle.pageLabels ?? []).pageEndLabel,
      quote: c.quote,
      verified: c.verified,
      // answers over several documents: the document of each citation
      ...(c.docId !== undefined ? { docId: c.docId, docTitle: c.docTitle ?? null } : {}),
    })),
  }));
  const sum = (pick: (item: (typeof items)[number]) => number): number =>
    items.reduce((total, item) => total + pick(item), 0);
  return {
    schema: EXPORT_JSON_SCHEMA_ID,
    generatedAt: bundle.generatedAt,
    appVersion: bundle.appVersion,
    document: {
      id: doc.id,
      title: doc.title,
      fileName: doc.fileName,
      author: doc.author,
      pageCount: doc.pageCount,
      totalTokens: doc.totalTokens,
      textlessPages: [...doc.textlessPages],
      failedPages: [...doc.failedPages],
    },
    totals: {
      items: items.length,
      promptTokens: sum((i) => i.usage.promptTokens),
      completionTokens: sum((i) => i.usage.completionTokens),
      cachedTokens: sum((i) => i.usage.cachedTokens),
      // Rounded to 1e-8 dollars so float summation noise never shows in the file.
      costUsd: Math.round(sum((i) => i.costUsd) * 1e8) / 1e8,
    },
    items,
  };
}

export function renderJson(bundle: ExportBundle): string {
  return `${JSON.stringify(buildExportJson(bundle), null, 2)}\n`;
}
