/**
 * Fit and cost of an extraction, as for questions (analysis/plan.ts, rule 4 "count, then send"):
 * - the whole document in one request when it fits (window - reserved output - prompt - schema);
 * - otherwise the fields are grouped by where their best pages are (rankPages with the field's name and
 *   description as the query), and each group gets one request with the pages its fields rank best,
 *   taken in turn from each field's ranking and packed to the budget, sent in page order.
 * promptTokens per request = chat tokens of the messages (pages.ts: exact block counts) + the response
 * format's schema tokens (schema.ts responseFormatTokens), so it equals the reported usage.prompt_tokens.
 */
import type { Plan } from '../../../shared/api/domain';
import type { TemplateField } from '../../../shared/api/extract';
import { PagewiseError } from '../errors';
import { estimateCostUsd } from '../llm/models';
import type { JsonSchemaResponseFormat } from '../llm/types';
import { countChatTokens } from '../tokens';
import type { AnalysisContext } from '../analysis/types';
import { reservedOutput, textPages } from '../analysis/plan';
import { blockTokens, documentOrThrow, pageInfos } from '../analysis/pages';
import { DOCUMENT_HEADER } from '../analysis/prompts';
import { rankPages } from '../analysis/ranking';
import { extractionMessages } from './prompts';
import { fieldDescription, responseFormatFor, responseFormatTokens } from './schema';

/** At most this many fields share one focused request. */
export const MAX_GROUP_FIELDS = 6;
/** Fields whose best pages lie this close together share a request. */
export const GROUP_PAGE_SPAN = 10;

export interface ExtractionGroup {
  /** Indexes into the template's fields, in template order. */
  fieldIndexes: number[];
  fields: TemplateField[];
  /** Pages sent, page order. */
  pages: number[];
  responseFormat: JsonSchemaResponseFormat;
  /** Exact prompt tokens of this request (messages + schema). */
  promptTokens: number;
}

export interface ExtractionDocPlan {
  docId: string;
  title: string;
  plan: Plan;
  groups: ExtractionGroup[];
  reserve: number;
}

export interface ExtractionPlanOptions {
  budgetTokens?: number | null;
}

/** The query a field's pages are ranked with. */
export function fieldQuery(f: TemplateField): string {
  return fieldDescription(f);
}

function cap(ctx: AnalysisContext, opts: ExtractionPlanOptions): number {
  const b = opts.budgetTokens !== undefined ? opts.budgetTokens : ctx.settings.budgetTokens;
  if (b === null || b === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isFinite(b) || b <= 0) throw new PagewiseError('INVALID_INPUT', `The budget must be a positive number of tokens (got ${String(b)}).`);
  return Math.floor(b);
}

/** Tokens of a request without its page blocks (the header line is counted), schema included. */
function overhead(fields: readonly TemplateField[]): { tokens: number; responseFormat: JsonSchemaResponseFormat } {
  const responseFormat = responseFormatFor(fields);
  return { tokens: countChatTokens(extractionMessages(DOCUMENT_HEADER, fields)) + responseFormatTokens(responseFormat), responseFormat };
}

function sum(pages: readonly number[], counts: Map<number, number>): number {
  let n = 0;
  for (const p of pages) n += counts.get(p) ?? 0;
  return n;
}

/** Group fields by where their best pages are (template order inside a group and between groups). */
export function groupFields(rankings: readonly (number | null)[]): number[][] {
  const order = rankings.map((top, i) => ({ i, top })).sort((a, b) => (a.top ?? Infinity) - (b.top ?? Infinity) || a.i - b.i);
  const groups: { first: number | null; members: number[] }[] = [];
  for (const item of order) {
    const last = groups[groups.length - 1];
    const near = last && last.members.length < MAX_GROUP_FIELDS && (item.top === null ? last.first === null : last.first !== null && item.top - last.first <= GROUP_PAGE_SPAN);
    if (last && near) last.members.push(item.i);
    else groups.push({ first: item.top, members: [item.i] });
  }
  // a field alone would cost a whole request: it joins a neighbouring group with room
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (!group || group.members.length !== 1 || groups.length === 1) continue;
    const target = [groups[g - 1], groups[g + 1]].find((x) => x && x.members.length < MAX_GROUP_FIELDS);
    if (target) {
      target.members.push(...group.members);
      groups.splice(g, 1);
      g--;
    }
  }
  return groups.map((x) => [...x.members].sort((a, b) => a - b)).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Pages taken in turn from each field's ranking (best first), packed to the budget; page order. */
export function packRoundRobin(rankings: readonly number[][], counts: Map<number, number>, budget: number): number[] {
  const chosen = new Set<number>();
  let used = 0;
  let smallest = Infinity;
  for (const t of counts.values()) smallest = Math.min(smallest, t);
  const cursor = rankings.map(() => 0);
  let progressed = true;
  while (progressed && budget - used >= smallest) {
    progressed = false;
    for (let f = 0; f < rankings.length; f++) {
      const list = rankings[f] ?? [];
      while ((cursor[f] ?? 0) < list.length) {
        const page = list[cursor[f] ?? 0] as number;
        cursor[f] = (cursor[f] ?? 0) + 1;
        if (chosen.has(page)) continue;
        const t = counts.get(page) ?? 0;
        if (used + t > budget) continue;
        chosen.add(page);
        used += t;
        progressed = true;
        break;
      }
    }
  }
  return [...chosen].sort((a, b) => a - b);
}

export function planExtraction(ctx: AnalysisContext, docId: string, fields: readonly TemplateField[], opts: ExtractionPlanOptions = {}): ExtractionDocPlan {
  if (fields.length === 0) throw new PagewiseError('INVALID_INPUT', 'The template has no fields: add at least one.');
  const doc = documentOrThrow(ctx.library, docId);
  const pages = textPages(ctx, docId);
  const reserve = reservedOutput(ctx);
  const window = ctx.model.contextWindow;
  const limit = cap(ctx, opts);
  const all = pages.map((p) => p.pageNumber);
  const counts = blockTokens(ctx.library, docId, all);
  const documentTokens = pageInfos(ctx.library, docId).reduce((n, p) => n + p.tokens, 0);

  const makePlan = (strategy: Plan['strategy'], groups: ExtractionGroup[], budget: number): ExtractionDocPlan => {
    const promptTokens = groups.reduce((n, g) => n + g.promptTokens, 0);
    const sent = [...new Set(groups.flatMap((g) => g.pages))].sort((a, b) => a - b);
    const plan: Plan = {
      strategy,
      calls: groups.length,
      pages: sent,
      promptTokens,
      reservedOutputTokens: reserve,
      contextWindow: window,
      model: ctx.model.id,
      estimatedCostUsd: estimateCostUsd(ctx.model, promptTokens, reserve * groups.length),
      documentTokens,
      inputBudget: Number.isFinite(budget) ? Math.max(0, budget) : 0,
      extractive: false,
      sources: [{ docId, title: doc.title, pages: sent, tokens: sent.reduce((n, p) => n + (counts.get(p) ?? 0), 0), documentTokens, reasons: [] }],
    };
    return { docId, title: doc.title, plan, groups, reserve };
  };

  const whole = overhead(fields);
  const wholeBudget = Math.min(window - reserve - whole.tokens, limit);
  if (wholeBudget <= 0) {
    throw new PagewiseError('CONTEXT_TOO_LONG', `The fields and instructions alone need ${whole.tokens.toLocaleString('en-US')} tokens, more than ${ctx.model.id} leaves after the ${reserve.toLocaleString('en-US')}-token reserve: use fewer fields.`);
  }
  const wholeTokens = sum(all, counts);
  if (wholeTokens <= wholeBudget) {
    const group: ExtractionGroup = { fieldIndexes: fields.map((_f, i) => i), fields: [...fields], pages: all, responseFormat: whole.responseFormat, promptTokens: whole.tokens + wholeTokens };
    return makePlan('whole', [group], wholeBudget);
  }

  // focused per group of fields
  const rankings = fields.map((f) => rankPages(ctx.library, docId, fieldQuery(f)));
  const tops = rankings.map((r) => (r[0] && r[0].score > 0 ? r[0].pageNumber : null));
  const groups: ExtractionGroup[] = [];
  let smallestBudget = Infinity;
  for (const indexes of groupFields(tops)) {
    const groupFields_ = indexes.map((i) => fields[i] as TemplateField);
    const o = overhead(groupFields_);
    const budget = Math.min(window - reserve - o.tokens, limit);
    smallestBudget = Math.min(smallestBudget, budget);
    const chosen = packRoundRobin(indexes.map((i) => (rankings[i] ?? []).map((r) => r.pageNumber)), counts, budget);
    if (chosen.length === 0) {
      throw new PagewiseError('CONTEXT_TOO_LONG', `No page fits the ${budget.toLocaleString('en-US')}-token budget for document text: raise the budget (--budget).`);
    }
    groups.push({ fieldIndexes: indexes, fields: groupFields_, pages: chosen, responseFormat: o.responseFormat, promptTokens: o.tokens + sum(chosen, counts) });
  }
  return makePlan('focused', groups, smallestBudget);
}
