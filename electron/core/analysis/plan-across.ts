/**
 * Count, then send, over several documents (issue 10): the question planner for a scope.
 *
 * One engine: a scope of one document is planned by plan.ts's planQuestionDetail exactly as a docId question
 * (same prompt, same pages, same tokens); only the plan's scopeLabel differs. Several documents:
 * - every document gets a key in scope order (D1, D2, ...), listed with its title at the top of the document
 *   message; its page blocks carry doc="Dk" and are counted exactly per key (pages.ts);
 * - whole: every page of every document fits one request;
 * - focused: chooseDocuments picks the documents the question is about (reasons kept for sources[].reasons),
 *   rankPagesAcross ranks their pages on one scale, and pages are packed greedily in rank order; documents
 *   with no page packed are dropped from the list, keys re-assigned and the prompt re-counted (the list and
 *   the keys change the count), trimming the lowest-ranked page until it fits;
 * - exhaustive: map over each document's budget-sized page ranges (a range never mixes documents; its
 *   document list names only its document, under its global key), then reduce as plan.ts does.
 * The prompt the plan counts is the prompt ask sends: overheads are countChatTokens of the real messages with
 * the real header, block counts are those buildSourcesContent sums.
 */
import type { DocumentRecord, Plan, PlanSource, Strategy, StrategyChoice } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { estimateCostUsd } from '../llm/models';
import { countChatTokens } from '../tokens';
import type { ResolvedScope } from '../collections/scope';
import { blockTokens, pageInfos, type SourcePages } from './pages';
import {
  budgetCap,
  packRanges,
  PARTIAL_OUTPUT_SHARE,
  planQuestionDetail,
  reduceSchedule,
  reservedOutput,
  sumTokens,
  THREAD_SHARE,
  threadTurns,
  validateQuestion,
  type QuestionPlanDetail,
} from './plan';
import { documentKey, questionMessages, reduceQuestionMessages, severalDocumentsHeader, type Turn } from './prompts';
import { chooseDocuments, rankPagesAcross } from './rank-across';
import type { AnalysisContext, AskOptions } from './types';

/** One document of a plan over several: its key and what is sent from it. */
export interface SentSource extends SourcePages {
  title: string;
  pages: number[];
  /** Block tokens sent from it (the doc="Dk" blocks). */
  tokens: number;
  documentTokens: number;
  reasons: string[];
}

/** One exhaustive map request: consecutive pages of one document. */
export interface SourceRange {
  docId: string;
  key: string;
  title: string;
  pages: number[];
}

export interface ScopePlanDetail {
  plan: Plan;
  strategy: Strategy;
  question: string;
  turns: Turn[];
  reserve: number;
  /** True when the prompt is the several-documents one (doc="Dk" blocks, [Dk, p. N]). */
  several: boolean;
  /** Documents sent from, in prompt order (one for a one-document scope). */
  sources: SentSource[];
  /** The document message's opening (several documents: the list + header). */
  header: string;
  /** exhaustive: the map requests. */
  ranges: SourceRange[];
  docBudget: number;
  reduceRoom: number;
  singleVariant?: 'answer' | 'map';
  /** A one-document scope: today's plan detail, which ask runs as a docId question. */
  one: QuestionPlanDetail | null;
  scope: ResolvedScope;
}

interface ScopeDoc {
  doc: DocumentRecord;
  key: string;
  pages: number[];
  documentTokens: number;
}

/** Documents of the scope with usable text, keyed in scope order; NO_TEXT_LAYER when none has text. */
function textDocuments(ctx: AnalysisContext, docs: readonly DocumentRecord[]): ScopeDoc[] {
  const out: ScopeDoc[] = [];
  for (const doc of docs) {
    const infos = pageInfos(ctx.library, doc.id);
    const pages = infos.filter((p) => p.hasText).map((p) => p.pageNumber);
    if (pages.length === 0) continue;
    out.push({ doc, key: documentKey(out.length), pages, documentTokens: infos.reduce((n, p) => n + p.tokens, 0) });
  }
  if (out.length === 0) {
    throw new PagewiseError('NO_TEXT_LAYER', 'None of these documents has a text layer (scanned pages): they need OCR before they can be analysed.');
  }
  return out;
}

function rekey(docs: readonly ScopeDoc[]): ScopeDoc[] {
  return docs.map((d, i) => ({ ...d, key: documentKey(i) }));
}

function headerOf(docs: readonly { key: string; doc: DocumentRecord }[]): string {
  return severalDocumentsHeader(docs.map((d) => ({ key: d.key, title: d.doc.title })));
}

function oneSource(detail: QuestionPlanDetail, doc: DocumentRecord, reasons: string[]): SentSource {
  const plan = detail.plan;
  const s = plan.sources[0];
  return {
    docId: doc.id,
    key: documentKey(0),
    title: doc.title,
    pages: detail.pages,
    tokens: s?.tokens ?? 0,
    documentTokens: plan.documentTokens,
    reasons,
  };
}

function toPlanSource(s: SentSource): PlanSource {
  return { docId: s.docId, title: s.title, pages: s.pages, tokens: s.tokens, documentTokens: s.documentTokens, reasons: s.reasons };
}

/** The plan of a question over a resolved scope (see the header comment). */
export function planScopeDetail(ctx: AnalysisContext, scope: ResolvedScope, rawQuestion: string, opts: AskOptions = {}): ScopePlanDetail {
  const question = validateQuestion(rawQuestion);
  const docs = textDocuments(ctx, scope.documents);
  const only = docs[0];
  if (docs.length === 1 && only) {
    const one = planQuestionDetail(ctx, only.doc.id, question, opts);
    const plan: Plan = { ...one.plan, scopeLabel: scope.label };
    return {
      plan, strategy: one.strategy, question, turns: one.turns, reserve: one.reserve, several: false,
      sources: [oneSource(one, only.doc, [])], header: '', ranges: [], docBudget: one.docBudget, reduceRoom: one.reduceRoom,
      ...(one.singleVariant ? { singleVariant: one.singleVariant } : {}), one, scope,
    };
  }
  return planSeveral(ctx, scope, docs, question, opts);
}

function planSeveral(ctx: AnalysisContext, scope: ResolvedScope, docs: ScopeDoc[], question: string, opts: AskOptions): ScopePlanDetail {
  const reserve = reservedOutput(ctx);
  const window = ctx.model.contextWindow;
  const cap = budgetCap(ctx, opts);
  const choice: StrategyChoice = opts.strategy ?? 'auto';
  const scopeTokens = docs.reduce((n, d) => n + d.documentTokens, 0);

  // thread turns (the thread's answers, whichever document each names first): within THREAD_SHARE of the room, oldest dropped first
  const overheadFor = (list: readonly ScopeDoc[], turns: readonly Turn[], variant: 'answer' | 'map' = 'answer'): number =>
    countChatTokens(questionMessages(headerOf(list), turns, question, variant, true));
  let turns = threadTurns(ctx, null, opts.threadId);
  const baseOverhead = overheadFor(docs, []);
  const room = window - reserve - baseOverhead;
  if (room <= 0) {
    throw new PagewiseError('CONTEXT_TOO_LONG', `The question, instructions and list of ${docs.length} documents alone need ${baseOverhead.toLocaleString('en-US')} tokens, more than ${ctx.model.id} leaves after the ${reserve.toLocaleString('en-US')}-token answer reserve: ask over fewer documents or shorten the question.`);
  }
  while (turns.length > 0 && overheadFor(docs, turns) - baseOverhead > THREAD_SHARE * room) turns = turns.slice(1);

  const result = (strategy: Strategy, calls: number, sources: SentSource[], promptTokens: number, docBudget: number, rest: Partial<ScopePlanDetail> = {}): ScopePlanDetail => {
    const plan: Plan = {
      strategy,
      calls,
      // several documents: every page sent, document after document (a number may repeat across documents)
      pages: sources.flatMap((s) => s.pages),
      promptTokens,
      reservedOutputTokens: reserve,
      contextWindow: window,
      model: ctx.model.id,
      estimatedCostUsd: estimateCostUsd(ctx.model, promptTokens, reserve * calls),
      documentTokens: scopeTokens,
      inputBudget: Number.isFinite(docBudget) ? Math.max(0, docBudget) : 0,
      extractive: ctx.provider === null,
      sources: sources.map(toPlanSource),
      scopeLabel: scope.label,
    };
    return {
      plan, strategy, question, turns, reserve, several: true, sources, header: headerOf(sources.map((s) => ({ key: s.key, doc: docOf(docs, s.docId) }))),
      ranges: [], docBudget, reduceRoom: 0, one: null, scope, ...rest,
    };
  };
  const sent = (d: ScopeDoc, pages: number[], reasons: string[] = []): SentSource => ({
    docId: d.doc.id, key: d.key, title: d.doc.title, pages, tokens: sumTokens(pages, blockTokens(ctx.library, d.doc.id, pages, d.key)), documentTokens: d.documentTokens, reasons,
  });

  const overhead = overheadFor(docs, turns);
  const docBudget = Math.min(window - reserve - overhead, cap);
  if (docBudget <= 0) {
    throw new PagewiseError('CONTEXT_TOO_LONG', `No room for document text: the prompt without it needs ${overhead.toLocaleString('en-US')} tokens of the ${window.toLocaleString('en-US')}-token window.`);
  }
  const pageCount = docs.reduce((n, d) => n + d.pages.length, 0);
  const lowerBound = scopeTokens; // text tokens of every page: blocks add their tags
  let fitsWhole = false;
  let whole: SentSource[] = [];
  if (lowerBound <= docBudget + 4 * pageCount) {
    whole = docs.map((d) => sent(d, d.pages));
    fitsWhole = whole.reduce((n, s) => n + s.tokens, 0) <= docBudget;
  }
  const strategy: Strategy = choice === 'auto' ? (fitsWhole ? 'whole' : 'focused') : choice;

  if (strategy === 'whole') {
    if (!fitsWhole) {
      throw new PagewiseError(
        'CONTEXT_TOO_LONG',
        `The ${docs.length} documents do not fit in one request together (${lowerBound.toLocaleString('en-US')}+ tokens of text, ${docBudget.toLocaleString('en-US')} allowed). Choose Focused (the best pages of the documents the question is about; --strategy focused) or Exhaustive (every page, in several requests; --strategy exhaustive).`,
      );
    }
    return result('whole', 1, whole, overhead + whole.reduce((n, s) => n + s.tokens, 0), docBudget);
  }

  if (strategy === 'focused') return planFocused(ctx, docs, question, turns, cap, reserve, (sources, tokens, budget) => result('focused', 1, sources, tokens, budget), sent, overheadFor);

  // exhaustive: one request when everything fits, else map over each document's ranges, then reduce
  if (fitsWhole) return result('exhaustive', 1, whole, overhead + whole.reduce((n, s) => n + s.tokens, 0), docBudget, { singleVariant: 'answer' });
  const ranges: SourceRange[] = [];
  let promptTokens = 0;
  let mapBudgetMin = Number.POSITIVE_INFINITY;
  const sources: SentSource[] = [];
  for (const d of docs) {
    const mapOverhead = overheadFor([d], [], 'map');
    const mapBudget = Math.min(window - reserve - mapOverhead, cap);
    mapBudgetMin = Math.min(mapBudgetMin, mapBudget);
    const counts = blockTokens(ctx.library, d.doc.id, d.pages, d.key);
    for (const r of packRanges(d.pages, counts, mapBudget)) {
      ranges.push({ docId: d.doc.id, key: d.key, title: d.doc.title, pages: r });
      promptTokens += mapOverhead + sumTokens(r, counts);
    }
    sources.push({ docId: d.doc.id, key: d.key, title: d.doc.title, pages: d.pages, tokens: sumTokens(d.pages, counts), documentTokens: d.documentTokens, reasons: [] });
  }
  const reduceOverhead = countChatTokens(reduceQuestionMessages([], turns, question, true));
  const reduceRoom = Math.min(window - reserve - reduceOverhead, cap);
  const partial = Math.ceil(reserve * PARTIAL_OUTPUT_SHARE) + 12; // + wrapper tokens per partial
  const schedule = reduceSchedule(ranges.length, partial, reduceRoom);
  for (const k of schedule) promptTokens += reduceOverhead + k * partial;
  return result('exhaustive', ranges.length + schedule.length, sources, promptTokens, mapBudgetMin, { ranges, reduceRoom });
}

function docOf(docs: readonly ScopeDoc[], docId: string): DocumentRecord {
  const d = docs.find((x) => x.doc.id === docId);
  if (!d) throw new PagewiseError('INTERNAL', `Document ${docId.slice(0, 12)} is not in the scope.`);
  return d.doc;
}

/** focused over several documents: choose documents, rank their pages on one scale, pack, re-key and re-count. */
function planFocused(
  ctx: AnalysisContext,
  docs: ScopeDoc[],
  question: string,
  turns: Turn[],
  cap: number,
  reserve: number,
  finish: (sources: SentSource[], promptTokens: number, docBudget: number) => ScopePlanDetail,
  sent: (d: ScopeDoc, pages: number[], reasons?: string[]) => SentSource,
  overheadFor: (list: readonly ScopeDoc[], turns: readonly Turn[]) => number,
): ScopePlanDetail {
  const window = ctx.model.contextWindow;
  const choices = chooseDocuments(ctx.library, docs.map((d) => d.doc.id), question);
  const reasons = new Map(choices.map((c) => [c.docId, c.reasons]));
  // the chosen documents, in scope order, keyed afresh
  let chosen = rekey(docs.filter((d) => reasons.has(d.doc.id)));
  if (chosen.length === 0) chosen = docs;
  const ranked = rankPagesAcross(ctx.library, chosen.map((d) => d.doc.id), question);
  const rank = new Map<string, number>();
  ranked.forEach((r, i) => rank.set(`${r.docId}#${r.pageNumber}`, i));

  const budgetFor = (list: readonly ScopeDoc[]): number => Math.min(window - reserve - overheadFor(list, turns), cap);
  let budget = budgetFor(chosen);
  // greedy in rank order; a page whose text alone (stored count) exceeds the room left is passed over without
  // reading it, so a plan reads only the pages it may send (a packing shortcut: what is sent is still counted exactly)
  const picked = new Map<string, number[]>();
  let used = 0;
  const byId = new Map(chosen.map((d) => [d.doc.id, { d, infos: new Map(pageInfos(ctx.library, d.doc.id).map((p) => [p.pageNumber, p.tokens])) }]));
  for (const r of ranked) {
    if (budget - used < 8) break;
    const entry = byId.get(r.docId);
    if (!entry) continue;
    const d = entry.d;
    if ((entry.infos.get(r.pageNumber) ?? 0) > budget - used) continue;
    const t = blockTokens(ctx.library, d.doc.id, [r.pageNumber], d.key).get(r.pageNumber) ?? 0;
    if (used + t > budget) continue;
    used += t;
    const list = picked.get(d.doc.id) ?? [];
    list.push(r.pageNumber);
    picked.set(d.doc.id, list);
  }
  // drop documents with nothing packed, re-key, re-count exactly; trim the lowest-ranked page until it fits
  for (;;) {
    const kept = rekey(chosen.filter((d) => (picked.get(d.doc.id)?.length ?? 0) > 0));
    if (kept.length === 0) {
      throw new PagewiseError('CONTEXT_TOO_LONG', `No page fits the ${budget.toLocaleString('en-US')}-token budget for document text: raise the budget (the Budget control, or --budget).`);
    }
    budget = budgetFor(kept);
    const sources = kept.map((d) => sent(d, [...(picked.get(d.doc.id) ?? [])].sort((a, b) => a - b), reasons.get(d.doc.id) ?? []));
    const total = sources.reduce((n, s) => n + s.tokens, 0);
    if (total <= budget) return finish(sources, overheadFor(kept, turns) + total, budget);
    // the worst-ranked page sent goes
    let worst: { docId: string; page: number; at: number } | null = null;
    for (const [docId, pages] of picked) {
      for (const page of pages) {
        const at = rank.get(`${docId}#${page}`) ?? 0;
        if (!worst || at > worst.at) worst = { docId, page, at };
      }
    }
    if (!worst) continue;
    const w = worst;
    picked.set(w.docId, (picked.get(w.docId) ?? []).filter((p) => p !== w.page));
  }
}
