/**
 * Analysis benchmark (docs/ARCHITECTURE.md, "Benchmarks"): plan build + count time on a
 * 500-page document, cached answer lookup, and the calls and cost of a
 * summary of a 2,000-page book with a check that every page is in exactly one
 * map chunk (from the plan, and end to end through the fake OpenAI server:
 * the page blocks the map requests actually carried).
 */
import { askQuestion, planQuestion, summarize } from '../electron/core/analysis';
import { planSummaryDetail } from '../electron/core/analysis/plan';
import { DEFAULT_ANALYSIS_SETTINGS } from '../electron/core/analysis/types';
import type { AnalysisContext } from '../electron/core/analysis/types';
import { createProvider } from '../electron/core/llm/provider';
import { costUsd, DEFAULT_MODEL_ID, resolveModel } from '../electron/core/llm/models';
import type { Library } from '../electron/core/store';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { median } from './report';

export const BENCH_QUESTIONS = [
  'What does the survey say about households across regions?',
  'When must warranty claims be submitted?',
  'How many devices does the software licence permit?',
  'What happened when the river flooded the lower town?',
  'How must notices under this agreement be delivered?',
  'Does early intervention reduce long-term costs?',
  'What do the chapter summaries restate?',
];

function offlineContext(library: Library): AnalysisContext {
  return { library, provider: null, model: resolveModel(DEFAULT_MODEL_ID), settings: { ...DEFAULT_ANALYSIS_SETTINGS } };
}

export interface PlanTiming {
  pages: number;
  documentTokens: number;
  questions: number;
  firstMs: number;
  medianMs: number;
  maxMs: number;
  strategy: string;
  pagesSent: number;
  promptTokens: number;
  budget12kMedianMs: number;
  budget12kMaxMs: number;
}

/** planQuestion on the ingested document: the first call (cold) and the median over several questions. */
export function measurePlans(library: Library, docId: string): PlanTiming {
  const ctx = offlineContext(library);
  const doc = library.getDocument(docId);
  if (!doc) throw new Error(`document ${docId} is not in the bench library`);
  const times: number[] = [];
  let last = null as ReturnType<typeof planQuestion> | null;
  for (const question of BENCH_QUESTIONS) {
    const t0 = performance.now();
    last = planQuestion(ctx, docId, question);
    times.push(performance.now() - t0);
  }
  const times12k: number[] = [];
  for (const question of BENCH_QUESTIONS) {
    const t0 = performance.now();
    planQuestion(ctx, docId, question, { budgetTokens: 12_000 });
    times12k.push(performance.now() - t0);
  }
  return {
    pages: doc.pageCount,
    documentTokens: doc.totalTokens,
    questions: times.length,
    firstMs: times[0] ?? Number.NaN,
    medianMs: median(times),
    maxMs: Math.max(...times),
    strategy: last?.strategy ?? '?',
    pagesSent: last?.pages.length ?? 0,
    promptTokens: last?.promptTokens ?? 0,
    budget12kMedianMs: median(times12k),
    budget12kMaxMs: Math.max(...times12k),
  };
}

export interface CacheTiming {
  firstAskMs: number;
  cachedAskMedianMs: number;
  cachedAskWasHit: boolean;
  findCachedMedianMs: number;
  lookups: number;
}

/** Ask once (offline, extractive; saved with its cache key), then time the cache hits. */
export async function measureCache(library: Library, docId: string): Promise<CacheTiming> {
  const ctx = offlineContext(library);
  const question = 'What is the notice period for termination of this agreement?';
  let t0 = performance.now();
  const first = await askQuestion(ctx, docId, question, { fresh: true });
  const firstAskMs = performance.now() - t0;
  const askTimes: number[] = [];
  let allHits = true;
  for (let i = 0; i < 9; i++) {
    t0 = performance.now();
    const again = await askQuestion(ctx, docId, question);
    askTimes.push(performance.now() - t0);
    allHits &&= again.cached && again.id === first.id;
  }
  // The store call alone, with a known key.
  const key = `bench-cache-key-${process.pid}`;
  library.saveAnswer({ ...first, id: `${first.id}-bench` }, key);
  const findTimes: number[] = [];
  for (let i = 0; i < 25; i++) {
    t0 = performance.now();
    const hit = library.findCachedAnswer(key);
    findTimes.push(performance.now() - t0);
    if (!hit) allHits = false;
  }
  return {
    firstAskMs,
    cachedAskMedianMs: median(askTimes),
    cachedAskWasHit: allHits,
    findCachedMedianMs: median(findTimes),
    lookups: askTimes.length + findTimes.length,
  };
}

export interface SummaryPlanResult {
  pages: number;
  textPages: number;
  documentTokens: number;
  kind: string;
  strategy: string;
  calls: number;
  mapCalls: number;
  reduceCalls: number;
  promptTokens: number;
  reservedOutputTokens: number;
  estimatedCostUsd: number;
  planMs: number;
  chunkTokens: { min: number; max: number; budget: number };
  coverage: CoverageCheck;
}

export interface CoverageCheck {
  /** Every page with text is in exactly one chunk. */
  ok: boolean;
  missing: number[];
  duplicated: number[];
  /** Each chunk is a run of consecutive text pages. */
  consecutive: boolean;
}

function checkCoverage(expected: number[], chunks: number[][]): CoverageCheck {
  const seen = new Map<number, number>();
  for (const chunk of chunks) for (const p of chunk) seen.set(p, (seen.get(p) ?? 0) + 1);
  const missing = expected.filter((p) => !seen.has(p));
  const duplicated = [...seen].filter(([, n]) => n > 1).map(([p]) => p);
  const extra = [...seen.keys()].filter((p) => !expected.includes(p));
  const position = new Map(expected.map((p, i) => [p, i]));
  const consecutive = chunks.every((chunk) =>
    chunk.every((p, i) => i === 0 || (position.get(p) ?? -2) === (position.get(chunk[i - 1] ?? -1) ?? -9) + 1),
  );
  return { ok: missing.length === 0 && duplicated.length === 0 && extra.length === 0, missing, duplicated, consecutive };
}

function textPageNumbers(library: Library, docId: string): number[] {
  return library
    .pageStats(docId)
    .filter((p) => !p.noText && !p.failed)
    .map((p) => p.pageNumber);
}

/** The summary plan of the long book: calls, cost, and the chunk coverage check. */
export function measureSummaryPlan(library: Library, docId: string): SummaryPlanResult {
  const ctx = offlineContext(library);
  const doc = library.getDocument(docId);
  if (!doc) throw new Error(`document ${docId} is not in the bench library`);
  const t0 = performance.now();
  const detail = planSummaryDetail(ctx, docId, 'brief');
  const planMs = performance.now() - t0;
  const stats = new Map(library.pageStats(docId).map((p) => [p.pageNumber, p.tokens]));
  const chunkSizes = detail.chunks.map((c) => c.reduce((sum, p) => sum + (stats.get(p) ?? 0), 0));
  const expected = textPageNumbers(library, docId);
  const mapCalls = detail.chunks.length > 1 ? detail.chunks.length : detail.plan.calls;
  return {
    pages: doc.pageCount,
    textPages: expected.length,
    documentTokens: doc.totalTokens,
    kind: 'brief',
    strategy: detail.plan.strategy,
    calls: detail.plan.calls,
    mapCalls,
    reduceCalls: detail.plan.calls - mapCalls,
    promptTokens: detail.plan.promptTokens,
    reservedOutputTokens: detail.plan.reservedOutputTokens,
    estimatedCostUsd: detail.plan.estimatedCostUsd,
    planMs,
    chunkTokens: { min: Math.min(...chunkSizes), max: Math.max(...chunkSizes), budget: detail.docBudget },
    coverage: checkCoverage(expected, detail.chunks),
  };
}

export interface SummaryRunResult {
  ms: number;
  calls: number;
  requests: number;
  mapRequests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** The server's own prompt-token counts summed (independent tokenizer). */
  serverPromptTokens: number;
  coverage: CoverageCheck;
  citations: number;
  verifiedShare: number;
}

/**
 * Summarize the long book for real against the fake OpenAI server (real HTTP, no delays) and check
 * from the recorded requests that every page went to exactly one map request.
 */
export async function runSummaryAgainstFakeServer(library: Library, docId: string, timeoutMs = 120_000): Promise<SummaryRunResult> {
  const server = await startFakeOpenAI({ chunkDelayMs: 0, wordsPerChunk: 50 });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const model = resolveModel(DEFAULT_MODEL_ID);
    const provider = createProvider({ provider: 'compatible', apiKey: 'sk-bench', model: model.id, baseUrl: server.baseUrl });
    const ctx: AnalysisContext = { library, provider, model, settings: { ...DEFAULT_ANALYSIS_SETTINGS } };
    const t0 = performance.now();
    const record = await summarize(ctx, docId, 'brief', { fresh: true, signal: controller.signal });
    const ms = performance.now() - t0;
    const chats = server.requests.filter((r) => r.messages !== null && r.status === 200);
    const chunks: number[][] = [];
    for (const request of chats) {
      const pages: number[] = [];
      for (const message of request.messages ?? []) {
        const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
        for (const m of content.matchAll(/<page number="(\d+)"/g)) pages.push(Number(m[1]));
      }
      if (pages.length > 0) chunks.push(pages);
    }
    return {
      ms,
      calls: record.calls,
      requests: chats.length,
      mapRequests: chunks.length,
      promptTokens: record.usage.promptTokens,
      completionTokens: record.usage.completionTokens,
      costUsd: record.costUsd || costUsd(model, record.usage),
      serverPromptTokens: chats.reduce((sum, r) => sum + (r.promptTokens ?? 0), 0),
      coverage: checkCoverage(textPageNumbers(library, docId), chunks),
      citations: record.citations.length,
      verifiedShare: record.verifiedShare,
    };
  } finally {
    clearTimeout(timer);
    await server.close();
  }
}
