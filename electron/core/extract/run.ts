/**
 * Running an extraction: per document, one request per group of fields (plan.ts), each answer validated
 * (schema.ts parseModelJson) and every value verified against its page (verify.ts), then one stored row.
 * A request whose answer is not the JSON asked for makes the document's extraction `failed` with the raw
 * text kept for the user; the values of that group are not kept (nothing unreadable is silently stored).
 * Documents run one after another; a failure of one document does not stop the others.
 */
import type { Usage } from '../../../shared/api/domain';
import type { Extraction, ExtractedField, ExtractionRun, TemplateField } from '../../../shared/api/extract';
import { PagewiseError, toPagewiseError } from '../errors';
import { costUsd } from '../llm/models';
import type { ChatResult } from '../llm/types';
import type { ChatMessage } from '../tokens';
import type { AnalysisContext } from '../analysis/types';
import { assertFits } from '../analysis/plan';
import { buildDocumentContent } from '../analysis/pages';
import type { NewExtraction } from '../store/extractions';
import { planExtraction, type ExtractionDocPlan, type ExtractionGroup, type ExtractionPlanOptions } from './plan';
import { extractionMessages } from './prompts';
import { parseModelJson, responseFormatTokens } from './schema';
import { verifyFields } from './verify';

export interface ResolvedTemplate {
  id: string | null;
  name: string;
  fields: TemplateField[];
}

export interface GroupRequest {
  messages: ChatMessage[];
  /** Exact prompt tokens (messages + schema), what the server will report. */
  predictedPromptTokens: number;
}

/** The messages of one group's request, counted (rule 4: what is counted is what is sent). */
export function groupRequest(ctx: AnalysisContext, docPlan: ExtractionDocPlan, group: ExtractionGroup): GroupRequest {
  const { content } = buildDocumentContent(ctx.library, docPlan.docId, group.pages);
  const messages = extractionMessages(content, group.fields);
  const predictedPromptTokens = assertFits(ctx, messages, docPlan.reserve) + responseFormatTokens(group.responseFormat);
  return { messages, predictedPromptTokens };
}

export interface GroupOutcome {
  fieldIndexes: number[];
  fields: ExtractedField[];
  usage: Usage;
  predictedPromptTokens: number;
  pages: number[];
  /** Why this group's values could not be used (null: they were). */
  error: string | null;
  rawOutput: string | null;
}

const ZERO: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 };

function notStated(f: TemplateField): ExtractedField {
  return { name: f.name, type: f.type, value: null, quote: null, page: null, pageLabel: null, verified: false };
}

/** A chat result -> the group's verified fields, or why they cannot be used. */
export function completeGroup(ctx: AnalysisContext, docId: string, group: Pick<ExtractionGroup, 'fieldIndexes' | 'fields' | 'pages'>, predictedPromptTokens: number, result: ChatResult): GroupOutcome {
  const base = { fieldIndexes: group.fieldIndexes, usage: result.usage, predictedPromptTokens, pages: group.pages };
  const parsed = parseModelJson(result.text, group.fields);
  if (!parsed.ok) {
    const cut = result.finishReason === 'length' ? ' (its answer was cut off at the output limit: raise the reserve, --reserve, or use fewer fields)' : '';
    return {
      ...base,
      fields: group.fields.map(notStated),
      error: `${parsed.reason}${cut}; the values of ${group.fields.map((f) => f.name).join(', ')} were not kept. Run the extraction again; the raw answer is kept with the extraction.`,
      rawOutput: result.text,
    };
  }
  return { ...base, fields: verifyFields(ctx.library, docId, group.fields, parsed.fields, group.pages), error: null, rawOutput: null };
}

function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** The outcomes of a document's groups -> the row to store (fields in template order). */
export function assembleExtraction(
  ctx: AnalysisContext,
  docPlan: Pick<ExtractionDocPlan, 'docId' | 'plan'>,
  template: ResolvedTemplate,
  outcomes: readonly GroupOutcome[],
  options: { batch?: boolean; costFactor?: number; failure?: string | null } = {},
): NewExtraction {
  const fields = template.fields.map(notStated);
  let usage = ZERO;
  let predicted = 0;
  const errors: string[] = [];
  const raws: string[] = [];
  for (const o of outcomes) {
    o.fieldIndexes.forEach((fi, k) => {
      const f = o.fields[k];
      if (f) fields[fi] = f;
    });
    usage = addUsage(usage, o.usage);
    predicted += o.predictedPromptTokens;
    if (o.error) errors.push(o.error);
    if (o.rawOutput !== null) raws.push(o.rawOutput);
  }
  if (options.failure) errors.unshift(options.failure);
  return {
    docId: docPlan.docId,
    templateId: template.id,
    templateName: template.name,
    templateFields: template.fields,
    fields,
    strategy: docPlan.plan.strategy,
    calls: outcomes.length,
    pages: docPlan.plan.pages,
    model: ctx.model.id,
    usage,
    predictedPromptTokens: predicted,
    costUsd: costUsd(ctx.model, usage) * (options.costFactor ?? 1),
    status: errors.length > 0 ? 'failed' : 'complete',
    errorMessage: errors.length > 0 ? errors.join(' ') : null,
    rawOutput: raws.length > 0 ? raws.join('\n\n') : null,
    batch: options.batch ?? false,
  };
}

export interface RunOptions extends ExtractionPlanOptions {
  signal?: AbortSignal;
  /** Before each document (done = documents finished). */
  onProgress?: (done: number, total: number, title: string) => void;
}

/** One document: its requests in turn, then one stored extraction. */
export async function extractDocument(ctx: AnalysisContext, docPlan: ExtractionDocPlan, template: ResolvedTemplate, signal?: AbortSignal): Promise<Extraction> {
  const provider = ctx.provider;
  if (!provider) {
    throw new PagewiseError('NO_PROVIDER', 'Extraction needs a model: set up a provider and API key (Settings, or OPENAI_API_KEY).');
  }
  const outcomes: GroupOutcome[] = [];
  let failure: string | null = null;
  for (const group of docPlan.groups) {
    const { messages, predictedPromptTokens } = groupRequest(ctx, docPlan, group);
    try {
      const result = await provider.chat({
        messages,
        maxOutputTokens: docPlan.reserve,
        responseFormat: group.responseFormat,
        ...(signal ? { signal } : {}),
        ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}),
      });
      outcomes.push(completeGroup(ctx, docPlan.docId, group, predictedPromptTokens, result));
    } catch (error) {
      const e = toPagewiseError(error);
      if (e.code === 'CANCELLED' || signal?.aborted) throw e;
      // keep what the other groups found; the failure is said on the row
      failure = `A request failed: ${e.message}`;
      outcomes.push({ fieldIndexes: group.fieldIndexes, fields: group.fields.map(notStated), usage: ZERO, predictedPromptTokens: 0, pages: group.pages, error: null, rawOutput: null });
    }
  }
  return ctx.library.extractions.add(assembleExtraction(ctx, docPlan, template, outcomes, { failure }));
}

/** Every document of a scope in turn (plans first, so a document that cannot be planned fails before any cost). */
export async function runExtraction(ctx: AnalysisContext, docIds: readonly string[], template: ResolvedTemplate, scopeLabel: string, options: RunOptions = {}): Promise<ExtractionRun> {
  const plans = docIds.map((id) => planExtraction(ctx, id, template.fields, options));
  const documents: Extraction[] = [];
  let usage = ZERO;
  let predicted = 0;
  let cost = 0;
  for (const [i, p] of plans.entries()) {
    if (options.signal?.aborted) throw new PagewiseError('CANCELLED', 'The extraction was stopped.');
    options.onProgress?.(i, plans.length, p.title);
    const e = await extractDocument(ctx, p, template, options.signal);
    documents.push(e);
    usage = addUsage(usage, e.usage);
    predicted += e.predictedPromptTokens;
    cost += e.costUsd;
  }
  options.onProgress?.(plans.length, plans.length, '');
  return { templateName: template.name, fields: template.fields, scopeLabel, documents, usage, predictedPromptTokens: predicted, costUsd: cost };
}
