/**
 * Extraction as a Batch API kind (lane `batch`, electron/core/batch): the request specs of one document's
 * extraction (one per group of fields, each counted exactly, schema included) and the completer that turns
 * one request's chat result into the stored extraction.
 *
 * A document whose fields go out in several requests gets one extraction row, created by the first result
 * that lands (its id is planned ahead and travels in every spec's meta) and completed by the others: each
 * result fills its fields, adds its usage and cost, and counts one more call. Results are stored marked
 * `batch` at BATCH_PRICE_FACTOR of the normal price. A result that lands twice (a resumed job) is not
 * counted twice: the row remembers which groups it holds (extractions.batch_groups).
 */
import { randomUUID } from 'node:crypto';
import { TemplateFieldSchema, type Extraction, type TemplateField } from '../../../shared/api/extract';
import * as z from '../../../shared/api/zod';
import { PagewiseError } from '../errors';
import type { ChatResult, JsonSchemaResponseFormat } from '../llm/types';
import type { ChatMessage } from '../tokens';
import type { AnalysisContext } from '../analysis/types';
import { planExtraction, type ExtractionPlanOptions } from './plan';
import { assembleExtraction, completeGroup, groupRequest, type ResolvedTemplate } from './run';

/** The Batch API bills half the normal price. */
export const BATCH_PRICE_FACTOR = 0.5;

/** The shape lane `batch` agreed on for one request of a job. */
export interface ExtractionRequestSpec {
  customId: string;
  kind: 'extraction';
  docId: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  responseFormat: JsonSchemaResponseFormat;
  predictedPromptTokens: number;
  meta: ExtractionSpecMeta;
}

const MetaSchema = z.object({
  extractionId: z.string(),
  templateId: z.nullable(z.string()),
  templateName: z.string(),
  templateFields: z.array(TemplateFieldSchema),
  strategy: z.enum(['whole', 'focused', 'exhaustive']),
  /** Every page the document's requests send (the row's pages). */
  docPages: z.array(z.int().check(z.positive())),
  group: z.nonNegativeInt(),
  groupCount: z.int().check(z.positive()),
  fieldIndexes: z.array(z.nonNegativeInt()),
  pages: z.array(z.int().check(z.positive())),
});
export type ExtractionSpecMeta = z.infer<typeof MetaSchema>;

/** The specs of one document's extraction (plans first: a document that cannot be planned throws here). */
export function buildExtractionSpecs(ctx: AnalysisContext, docId: string, template: ResolvedTemplate, options: ExtractionPlanOptions = {}): ExtractionRequestSpec[] {
  const docPlan = planExtraction(ctx, docId, template.fields, options);
  const extractionId = randomUUID();
  return docPlan.groups.map((group, i) => {
    const { messages, predictedPromptTokens } = groupRequest(ctx, docPlan, group);
    return {
      customId: `extraction-${extractionId}-${i}`,
      kind: 'extraction',
      docId: docPlan.docId,
      messages,
      maxOutputTokens: docPlan.reserve,
      responseFormat: group.responseFormat,
      predictedPromptTokens,
      meta: {
        extractionId,
        templateId: template.id,
        templateName: template.name,
        templateFields: template.fields,
        strategy: docPlan.plan.strategy,
        docPages: docPlan.plan.pages,
        group: i,
        groupCount: docPlan.groups.length,
        fieldIndexes: group.fieldIndexes,
        pages: group.pages,
      },
    };
  });
}

/** One request's result -> the stored extraction of its document (created or completed). */
export function completeExtraction(ctx: AnalysisContext, spec: { docId: string; predictedPromptTokens: number; meta: unknown }, result: ChatResult): Extraction {
  const parsedMeta = MetaSchema.safeParse(spec.meta);
  if (!parsedMeta.success) throw new PagewiseError('INTERNAL', 'A batch result for an extraction carries no readable plan: re-run the extraction.');
  const meta = parsedMeta.data;
  const fields: TemplateField[] = meta.fieldIndexes.map((i) => meta.templateFields[i]).filter((f): f is TemplateField => f !== undefined);
  const outcome = completeGroup(ctx, spec.docId, { fieldIndexes: meta.fieldIndexes, fields, pages: meta.pages }, spec.predictedPromptTokens, result);
  const template: ResolvedTemplate = { id: meta.templateId, name: meta.templateName, fields: meta.templateFields };
  const docPlan = { docId: spec.docId, plan: { strategy: meta.strategy, pages: meta.docPages } } as const;
  const fresh = assembleExtraction(ctx, docPlan as Parameters<typeof assembleExtraction>[1], template, [outcome], { batch: true, costFactor: BATCH_PRICE_FACTOR });
  const existing = ctx.library.extractions.get(meta.extractionId);
  if (!existing || existing.id !== meta.extractionId) {
    return ctx.library.extractions.add(fresh, meta.extractionId, [meta.group]);
  }
  const held = ctx.library.extractions.batchGroups(existing.id);
  if (held.includes(meta.group)) return existing;
  const merged = existing.fields.map((f, i) => (meta.fieldIndexes.includes(i) ? (fresh.fields[i] ?? f) : f));
  const errors = [existing.errorMessage, fresh.errorMessage].filter((m): m is string => m !== null);
  const raws = [existing.rawOutput, fresh.rawOutput].filter((m): m is string => m !== null && m !== '');
  return ctx.library.extractions.replace(existing.id, {
    ...fresh,
    fields: merged,
    calls: existing.calls + 1,
    usage: {
      promptTokens: existing.usage.promptTokens + fresh.usage.promptTokens,
      completionTokens: existing.usage.completionTokens + fresh.usage.completionTokens,
      cachedTokens: existing.usage.cachedTokens + fresh.usage.cachedTokens,
      totalTokens: existing.usage.totalTokens + fresh.usage.totalTokens,
    },
    predictedPromptTokens: existing.predictedPromptTokens + fresh.predictedPromptTokens,
    costUsd: existing.costUsd + fresh.costUsd,
    status: existing.status === 'failed' || fresh.status === 'failed' ? 'failed' : 'complete',
    errorMessage: errors.length > 0 ? errors.join(' ') : null,
    rawOutput: raws.length > 0 ? raws.join('\n\n') : null,
  }, [...held, meta.group]);
}

/** The kind registry entry lane `batch` registers as 'extraction'. */
export const extractionBatchKind = {
  complete(ctx: AnalysisContext, spec: { docId: string; predictedPromptTokens: number; meta: unknown }, chatResult: ChatResult): Extraction {
    return completeExtraction(ctx, spec, chatResult);
  },
};
