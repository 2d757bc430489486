/**
 * Count, then send (docs/ARCHITECTURE.md rule 4): context plans for questions and summaries.
 *
 * Input budget for document text = context window - reserved output - every
 * other prompt token (system, thread turns, question, the document message's
 * header, chat-format overhead), counted with countChatTokens on the real
 * messages; an optional budgetTokens caps it further. Document tokens are the
 * exact tokens of the <page> blocks (see pages.ts), so a plan's promptTokens
 * is exactly what the API reports as usage.prompt_tokens (whole, focused).
 *
 * Strategies: whole (the document fits), focused (ranked pages packed greedily
 * in rank order, sent in page order), exhaustive (map over budget-sized
 * consecutive page ranges, then reduce). Summaries: whole, or map-reduce
 * over chapter-aware budget-sized ranges.
 *
 * Estimates (exhaustive and map-reduce): a partial answer/summary is assumed
 * to be PARTIAL_OUTPUT_SHARE of the reserved output; the reduce prompts are
 * estimated from that. estimatedCostUsd = input cost of promptTokens + output
 * cost of the FULL reserved output for every call (an upper bound: models
 * rarely use the whole reserve).
 */
import { DEFAULTS } from '../../../shared/api/defaults';
import type { Plan, Strategy, StrategyChoice, SummaryKind } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { estimateCostUsd } from '../llm/models';
import { countChatTokens, type ChatMessage } from '../tokens';
import type { AnalysisContext, AskOptions, SummaryOptions } from './types';
import { blockTokens, documentOrThrow, pageInfos, type PageInfo, allPageTexts } from './pages';
import {
  DOCUMENT_HEADER,
  questionMessages,
  reduceQuestionMessages,
  reduceSummaryMessages,
  summaryMessages,
  type Turn,
} from './prompts';
import { chapterStarts } from './chapters';
import { rankPages, type RankOptions } from './ranking';

export const MAX_QUESTION_CHARS = 4_000;
/** Share of the reserved output a map step's partial answer is assumed to use (plan estimates only). */
export const PARTIAL_OUTPUT_SHARE = 0.25;
/** Thread turns may take at most this share of the input room; oldest dropped first beyond it. */
export const THREAD_SHARE = 0.25;

export interface QuestionPlanDetail {
  plan: Plan;
  strategy: Strategy;
  question: string;
  turns: Turn[];
  reserve: number;
  /** whole / focused: pages sent (page order); exhaustive: all pages of the ranges. */
  pages: number[];
  /** exhaustive only: consecutive page ranges, one map request each. */
  ranges: number[][];
  /** Room for document tokens per request. */
  docBudget: number;
  /** Budget for the reduce step's partials (exhaustive). */
  reduceRoom: number;
  /** exhaustive with a single range: which prompt that one request uses. */
  singleVariant?: 'answer' | 'map';
}

export interface SummaryPlanDetail {
  plan: Plan;
  kind: SummaryKind;
  reserve: number;
  /** One entry per request with document pages: the whole document, or the map chunks. */
  chunks: number[][];
  docBudget: number;
  reduceRoom: number;
}

export function validateQuestion(question: string): string {
  const q = question.trim();
  if (q === '') throw new PagewiseError('INVALID_INPUT', 'The question is empty: type a question about the document.');
  if (q.length > MAX_QUESTION_CHARS) {
    throw new PagewiseError(
      'INVALID_INPUT',
      `The question is too long (${q.length.toLocaleString('en-US')} characters; at most ${MAX_QUESTION_CHARS.toLocaleString('en-US')}): shorten it.`,
    );
  }
  return q;
}

export function reservedOutput(ctx: AnalysisContext): number {
  const wanted = Number.isFinite(ctx.settings.answerReserveTokens) && ctx.settings.answerReserveTokens > 0 ? ctx.settings.answerReserveTokens : DEFAULTS.answerReserveTokens;
  return Math.max(1, Math.min(Math.floor(wanted), ctx.model.maxOutput, Math.floor(ctx.model.contextWindow / 2)));
}

export function budgetCap(ctx: AnalysisContext, opts: { budgetTokens?: number | null }): number {
  const b = opts.budgetTokens !== undefined ? opts.budgetTokens : ctx.settings.budgetTokens;
  if (b === null || b === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isFinite(b) || b <= 0) throw new PagewiseError('INVALID_INPUT', `The budget must be a positive number of tokens (got ${String(b)}).`);
  return Math.floor(b);
}

/** Pages with usable text; NO_TEXT_LAYER when there are none. */
export function textPages(ctx: AnalysisContext, docId: string): PageInfo[] {
  const doc = documentOrThrow(ctx.library, docId);
  const pages = pageInfos(ctx.library, docId).filter((p) => p.hasText);
  if (pages.length === 0) {
    throw new PagewiseError(
      'NO_TEXT_LAYER',
      `This document has no text layer (scanned pages): it needs OCR before it can be analysed. (${doc.fileName})`,
    );
  }
  return pages;
}

/**
 * Earlier complete turns of a thread, oldest first: the thread's first answer and its follow-ups.
 * `docId` null: any document's (a thread over several documents).
 */
export function threadTurns(ctx: AnalysisContext, docId: string | null, threadId: string | null | undefined): Turn[] {
  if (!threadId) return [];
  const records = new Map<string, { createdAt: string; question: string; text: string }>();
  const mine = (a: { docId: string }): boolean => docId === null || a.docId === docId;
  const root = ctx.library.getAnswer(threadId);
  if (root && mine(root) && root.kind === 'answer' && root.status === 'complete') records.set(root.id, root);
  for (const a of ctx.library.listAnswers({ threadId, limit: 200 })) {
    if (mine(a) && a.kind === 'answer' && a.status === 'complete') records.set(a.id, a);
  }
  return [...records.values()]
    .sort((x, y) => x.createdAt.localeCompare(y.createdAt))
    .map((a) => ({ question: a.question, answer: a.text }));
}

export function sumTokens(pages: readonly number[], counts: Map<number, number>): number {
  let n = 0;
  for (const p of pages) n += counts.get(p) ?? 0;
  return n;
}

/** Split pages (in order) into consecutive ranges whose block tokens fit `budget`; `preferBreaks` are chapter starts. */
export function packRanges(
  pages: readonly number[],
  counts: Map<number, number>,
  budget: number,
  preferBreaks: ReadonlySet<number> = new Set(),
): number[][] {
  const ranges: number[][] = [];
  let current: number[] = [];
  let used = 0;
  for (const p of pages) {
    const t = counts.get(p) ?? 0;
    if (t > budget) {
      throw new PagewiseError(
        'CONTEXT_TOO_LONG',
        `Page ${p} alone has ${t.toLocaleString('en-US')} tokens, more than the ${budget.toLocaleString('en-US')}-token budget per request: raise the budget (the Budget control, or --budget) or use a model with a larger window.`,
      );
    }
    if (used + t > budget && current.length > 0) {
      // cut at the last chapter start in the final quarter of the chunk, if any (same number of calls, cleaner chunks)
      let cut = current.length;
      for (let i = current.length - 1; i >= Math.ceil(current.length * 0.75) && i > 0; i--) {
        if (preferBreaks.has(current[i] ?? -1)) {
          cut = i;
          break;
        }
      }
      const carry = current.slice(cut);
      const carryTokens = sumTokens(carry, counts);
      if (carryTokens + t <= budget) {
        ranges.push(current.slice(0, cut));
        current = carry;
        used = carryTokens;
      } else {
        ranges.push(current);
        current = [];
        used = 0;
      }
    }
    current.push(p);
    used += t;
  }
  if (current.length > 0) ranges.push(current);
  return ranges;
}

/** Reduce rounds for n partials of `partialTokens` each, `room` tokens of partials per request. */
export function reduceSchedule(n: number, partialTokens: number, room: number): number[] {
  const perCall = Math.max(2, Math.floor(room / Math.max(1, partialTokens)));
  const calls: number[] = []; // partials per reduce call
  let remaining = n;
  while (remaining > 1) {
    const rounds = Math.ceil(remaining / perCall);
    for (let i = 0; i < rounds; i++) calls.push(Math.min(perCall, remaining - i * perCall));
    remaining = rounds;
  }
  return calls;
}

function makePlan(
  ctx: AnalysisContext,
  docId: string,
  strategy: Strategy,
  calls: number,
  pages: number[],
  promptTokens: number,
  reserve: number,
  docBudget: number,
): Plan {
  const extractive = ctx.provider === null;
  const documentTokens = pageInfos(ctx.library, docId).reduce((n, p) => n + p.tokens, 0);
  const doc = documentOrThrow(ctx.library, docId);
  const sent = sumTokens(pages, blockTokens(ctx.library, docId, pages));
  return {
    strategy,
    // counts are always those of the model requests (the app shows them before a key is configured);
    // extractive says that, with no provider, nothing will be sent
    calls,
    pages,
    promptTokens,
    reservedOutputTokens: reserve,
    contextWindow: ctx.model.contextWindow,
    model: ctx.model.id,
    estimatedCostUsd: estimateCostUsd(ctx.model, promptTokens, reserve * calls),
    documentTokens,
    inputBudget: Number.isFinite(docBudget) ? Math.max(0, docBudget) : 0,
    extractive,
    sources: [{ docId, title: doc.title, pages, tokens: sent, documentTokens, reasons: [] }],
  };
}

/** Tokens of every message except the document's page blocks (the header line is included). */
function overheadTokens(messages: ChatMessage[]): number {
  return countChatTokens(messages);
}

/** planQuestion with the details ask needs; `rank` tunes page ranking (benchmarks: plain BM25 baseline). */
export function planQuestionDetail(
  ctx: AnalysisContext,
  docId: string,
  rawQuestion: string,
  opts: AskOptions = {},
  rank: RankOptions = {},
): QuestionPlanDetail {
  const question = validateQuestion(rawQuestion);
  const pages = textPages(ctx, docId);
  const reserve = reservedOutput(ctx);
  const window = ctx.model.contextWindow;
  const cap = budgetCap(ctx, opts);
  const choice: StrategyChoice = opts.strategy ?? 'auto';

  // thread turns: within THREAD_SHARE of the room, oldest dropped first
  let turns = threadTurns(ctx, docId, opts.threadId);
  const baseOverhead = overheadTokens(questionMessages(DOCUMENT_HEADER, [], question));
  const room = window - reserve - baseOverhead;
  if (room <= 0) {
    throw new PagewiseError('CONTEXT_TOO_LONG', `The question and instructions alone need ${baseOverhead.toLocaleString('en-US')} tokens, more than ${ctx.model.id} leaves after the ${reserve.toLocaleString('en-US')}-token answer reserve: shorten the question.`);
  }
  let overhead = overheadTokens(questionMessages(DOCUMENT_HEADER, turns, question));
  while (turns.length > 0 && overhead - baseOverhead > THREAD_SHARE * room) {
    turns = turns.slice(1);
    overhead = overheadTokens(questionMessages(DOCUMENT_HEADER, turns, question));
  }
  const docBudget = Math.min(window - reserve - overhead, cap);
  if (docBudget <= 0) {
    throw new PagewiseError('CONTEXT_TOO_LONG', `No room for document text: the prompt without it needs ${overhead.toLocaleString('en-US')} tokens of the ${window.toLocaleString('en-US')}-token window.`);
  }

  const allNumbers = pages.map((p) => p.pageNumber);
  const lowerBound = pages.reduce((n, p) => n + p.tokens, 0);
  let fitsWhole = false;
  let wholeTokens = 0;
  if (lowerBound <= docBudget + 4 * pages.length) {
    const counts = blockTokens(ctx.library, docId, allNumbers);
    wholeTokens = sumTokens(allNumbers, counts);
    fitsWhole = wholeTokens <= docBudget;
  }

  let strategy: Strategy;
  if (choice === 'auto') strategy = fitsWhole ? 'whole' : 'focused';
  else strategy = choice;

  if (strategy === 'whole') {
    if (!fitsWhole) {
      throw new PagewiseError(
        'CONTEXT_TOO_LONG',
        `The whole document does not fit in one request (${lowerBound.toLocaleString('en-US')}+ tokens of text, ${docBudget.toLocaleString('en-US')} allowed). Choose Focused (the best pages; --strategy focused) or Exhaustive (every page, in several requests; --strategy exhaustive).`,
      );
    }
    const plan = makePlan(ctx, docId, 'whole', 1, allNumbers, overhead + wholeTokens, reserve, docBudget);
    return { plan, strategy, question, turns, reserve, pages: allNumbers, ranges: [], docBudget, reduceRoom: 0 };
  }

  if (strategy === 'focused') {
    const chosen = packFocused(ctx, docId, question, docBudget, rank);
    if (chosen.length === 0) {
      // never send a question without document text
      throw new PagewiseError(
        'CONTEXT_TOO_LONG',
        `No page fits the ${docBudget.toLocaleString('en-US')}-token budget for document text: raise the budget (the Budget control, or --budget).`,
      );
    }
    const counts = blockTokens(ctx.library, docId, chosen);
    const plan = makePlan(ctx, docId, 'focused', 1, chosen, overhead + sumTokens(chosen, counts), reserve, docBudget);
    return { plan, strategy, question, turns, reserve, pages: chosen, ranges: [], docBudget, reduceRoom: 0 };
  }

  // exhaustive: map over consecutive ranges (map prompts carry no thread turns), then reduce
  const mapOverhead = overheadTokens(questionMessages(DOCUMENT_HEADER, [], question, 'map'));
  const mapBudget = Math.min(window - reserve - mapOverhead, cap);
  const counts = blockTokens(ctx.library, docId, allNumbers);
  const ranges = fitsWhole ? [allNumbers] : packRanges(allNumbers, counts, mapBudget);
  if (ranges.length === 1) {
    // one request: the normal question prompt when the document fits with the thread, else the map prompt alone
    const single = fitsWhole ? overhead : mapOverhead;
    const plan = makePlan(ctx, docId, 'exhaustive', 1, allNumbers, single + sumTokens(allNumbers, counts), reserve, fitsWhole ? docBudget : mapBudget);
    return { plan, strategy, question, turns: fitsWhole ? turns : [], reserve, pages: allNumbers, ranges, docBudget, reduceRoom: 0, singleVariant: fitsWhole ? 'answer' : 'map' };
  }
  let promptTokens = 0;
  for (const r of ranges) promptTokens += mapOverhead + sumTokens(r, counts);
  const reduceOverhead = overheadTokens(reduceQuestionMessages([], turns, question));
  const reduceRoom = Math.min(window - reserve - reduceOverhead, cap);
  const partial = Math.ceil(reserve * PARTIAL_OUTPUT_SHARE) + 12; // + wrapper tokens per partial
  const schedule = reduceSchedule(ranges.length, partial, reduceRoom);
  for (const k of schedule) promptTokens += reduceOverhead + k * partial;
  const plan = makePlan(ctx, docId, 'exhaustive', ranges.length + schedule.length, allNumbers, promptTokens, reserve, mapBudget);
  return { plan, strategy, question, turns, reserve, pages: allNumbers, ranges, docBudget: mapBudget, reduceRoom };
}

/** Ranked pages packed greedily in rank order to the budget; returned in page order. */
export function packFocused(ctx: AnalysisContext, docId: string, question: string, docBudget: number, rankOptions: RankOptions = {}): number[] {
  const ranked = rankPages(ctx.library, docId, question, rankOptions);
  allPageTexts(ctx.library, docId); // one query for all texts instead of one per page
  const counts = blockTokens(ctx.library, docId, ranked.map((r) => r.pageNumber));
  const chosen: number[] = [];
  let used = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (const t of counts.values()) smallest = Math.min(smallest, t);
  for (const r of ranked) {
    const t = counts.get(r.pageNumber) ?? 0;
    if (used + t > docBudget) continue;
    chosen.push(r.pageNumber);
    used += t;
    if (docBudget - used < smallest) break;
  }
  return chosen.sort((a, b) => a - b);
}

export function planQuestion(ctx: AnalysisContext, docId: string, question: string, opts: AskOptions = {}): Plan {
  return planQuestionDetail(ctx, docId, question, opts).plan;
}

export function planSummaryDetail(ctx: AnalysisContext, docId: string, kind: SummaryKind, opts: SummaryOptions = {}): SummaryPlanDetail {
  const pages = textPages(ctx, docId);
  const reserve = reservedOutput(ctx);
  const window = ctx.model.contextWindow;
  const cap = budgetCap(ctx, opts);
  const wholeOverhead = overheadTokens(summaryMessages(DOCUMENT_HEADER, kind, 'whole'));
  const partOverhead = overheadTokens(summaryMessages(DOCUMENT_HEADER, kind, 'part'));
  const docBudget = Math.min(window - reserve - Math.max(wholeOverhead, partOverhead), cap);
  if (docBudget <= 0) throw new PagewiseError('CONTEXT_TOO_LONG', `No room for document text in ${ctx.model.id}'s window after the ${reserve}-token reserve.`);
  const allNumbers = pages.map((p) => p.pageNumber);
  const counts = blockTokens(ctx.library, docId, allNumbers);
  const total = sumTokens(allNumbers, counts);
  if (total <= docBudget) {
    const plan = makePlan(ctx, docId, 'whole', 1, allNumbers, wholeOverhead + total, reserve, docBudget);
    return { plan, kind, reserve, chunks: [allNumbers], docBudget, reduceRoom: 0 };
  }
  const chunks = packRanges(allNumbers, counts, docBudget, chapterStarts(ctx, docId));
  let promptTokens = 0;
  for (const c of chunks) promptTokens += partOverhead + sumTokens(c, counts);
  const reduceOverhead = overheadTokens(reduceSummaryMessages([], kind));
  const reduceRoom = Math.min(window - reserve - reduceOverhead, cap);
  const partial = Math.ceil(reserve * PARTIAL_OUTPUT_SHARE) + 12;
  const schedule = reduceSchedule(chunks.length, partial, reduceRoom);
  for (const k of schedule) promptTokens += reduceOverhead + k * partial;
  const plan: Plan = { ...makePlan(ctx, docId, 'exhaustive', chunks.length + schedule.length, allNumbers, promptTokens, reserve, docBudget), parts: chunks.length };
  return { plan, kind, reserve, chunks, docBudget, reduceRoom };
}

export function planSummary(ctx: AnalysisContext, docId: string, kind: SummaryKind, opts: SummaryOptions = {}): Plan {
  return planSummaryDetail(ctx, docId, kind, opts).plan;
}

/**
 * The last check before any request (rule 4): the prompt that is sent is
 * counted here, and prompt + max_tokens must fit the window.
 */
export function assertFits(ctx: AnalysisContext, messages: ChatMessage[], maxOutputTokens: number): number {
  const prompt = countChatTokens(messages);
  if (prompt + maxOutputTokens > ctx.model.contextWindow) {
    throw new PagewiseError(
      'CONTEXT_TOO_LONG',
      `Internal error: a ${prompt.toLocaleString('en-US')}-token prompt plus ${maxOutputTokens.toLocaleString('en-US')} reserved output tokens exceeds ${ctx.model.id}'s ${ctx.model.contextWindow.toLocaleString('en-US')}-token window; the request was not sent. Please report this.`,
    );
  }
  return prompt;
}
