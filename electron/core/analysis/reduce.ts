/**
 * Map-reduce helpers shared by exhaustive answers and long summaries:
 * run the map requests with bounded concurrency, then merge the partial
 * outputs in groups that fit the window, repeating until one remains (the
 * final merge streams). Partial outputs carry their [p. N] citations; the
 * reduce prompts tell the model to keep them.
 */
import { DEFAULTS } from '../../../shared/api/defaults';
import type { Progress, Usage } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { countChatTokens, countTokens, type ChatMessage } from '../tokens';
import { addUsage, mapWithConcurrency, outputLimitNote, sendCounted, ZERO_USAGE } from './run';
import type { AnalysisContext } from './types';

export interface MapReduceState {
  usage: Usage;
  calls: number;
  /** Prompt tokens counted for the requests made so far (each equal to the provider's prompt_tokens). */
  predictedPromptTokens: number;
  /** Text streamed so far by the final request (kept if it fails). */
  streamed: string;
  /** Partial outputs so far (kept if a later step fails). */
  partials: string[];
}

/**
 * A fresh run: nothing used or streamed yet. `onDelta` keeps what streams in state.streamed (saved if the run
 * fails) and passes it on to the caller's listener.
 */
export function startRun(listener: ((text: string) => void) | undefined): { state: MapReduceState; onDelta: (text: string) => void } {
  const state: MapReduceState = { usage: { ...ZERO_USAGE }, calls: 0, predictedPromptTokens: 0, streamed: '', partials: [] };
  const onDelta = (t: string): void => {
    state.streamed += t;
    listener?.(t);
  };
  return { state, onDelta };
}

/** What was counted for the requests made (the plan's figure until one is made), and how many were made. */
export function countedSoFar(state: MapReduceState, plannedPromptTokens: number): { predictedPromptTokens: number; calls: number } {
  return { predictedPromptTokens: state.calls > 0 ? state.predictedPromptTokens : plannedPromptTokens, calls: state.calls };
}

/**
 * The one-request case (the whole context in one call): its usage and count become the run's, and a cut at
 * the output limit becomes a note. `buildMessages` runs after the start is reported.
 */
export async function runSingle(
  ctx: AnalysisContext,
  stage: string,
  buildMessages: () => ChatMessage[],
  reserve: number,
  state: MapReduceState,
  signal: AbortSignal | undefined,
  onProgress: ((p: Progress) => void) | undefined,
  onDelta: (text: string) => void,
): Promise<{ text: string; note: string | null }> {
  onProgress?.({ stage, done: 0, total: 1 });
  const result = await sendCounted(ctx, buildMessages(), reserve, signal, onDelta);
  state.usage = result.usage;
  state.predictedPromptTokens = result.predictedPromptTokens;
  state.calls = 1;
  onProgress?.({ stage, done: 1, total: 1 });
  return { text: result.text, note: outputLimitNote(result.finishReason, reserve) };
}

export async function runMaps(
  ctx: AnalysisContext,
  requests: ChatMessage[][],
  reserve: number,
  state: MapReduceState,
  signal: AbortSignal | undefined,
  onProgress: ((p: Progress) => void) | undefined,
): Promise<string[]> {
  let done = 0;
  onProgress?.({ stage: 'map', done: 0, total: requests.length });
  const outputs = await mapWithConcurrency(requests, ctx.settings.concurrency || DEFAULTS.concurrency, async (messages, _index, callSignal) => {
    const result = await sendCounted(ctx, messages, reserve, callSignal);
    state.usage = addUsage(state.usage, result.usage);
    state.predictedPromptTokens += result.predictedPromptTokens;
    state.calls += 1;
    done += 1;
    onProgress?.({ stage: 'map', done, total: requests.length });
    return result.text;
  }, signal);
  state.partials = outputs;
  return outputs;
}

/** How a map-reduce run is sized: each request's output reserve, and the partials' tokens per merge (0: no cap). */
export interface MapReduceSizes {
  reserve: number;
  reduceRoom: number;
}

/**
 * The maps, then merges of their outputs until one remains (that last request streams). `keep` picks the
 * outputs worth merging (all of them unless given).
 */
export async function mapThenReduce(
  ctx: AnalysisContext,
  requests: ChatMessage[][],
  makeReduce: (group: string[]) => ChatMessage[],
  sizes: MapReduceSizes,
  state: MapReduceState,
  opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void },
  onDelta: (text: string) => void,
  keep: (partials: string[]) => string[] = (partials) => partials,
): Promise<string> {
  const partials = await runMaps(ctx, requests, sizes.reserve, state, opts.signal, opts.onProgress);
  return reduceAll(
    ctx,
    keep(partials),
    makeReduce,
    sizes.reserve,
    sizes.reduceRoom > 0 ? sizes.reduceRoom : Number.POSITIVE_INFINITY,
    state,
    opts.signal,
    opts.onProgress,
    onDelta,
  );
}

/** The partial answers that found something (the map prompt's exact "nothing relevant" reply is dropped), or the first if none did. */
export function relevantPartials(partials: string[]): string[] {
  const relevant = partials.filter((p) => !/^\s*"?nothing relevant on these pages/i.test(p));
  return relevant.length > 0 ? relevant : partials.slice(0, 1);
}

/**
 * Merge partials until one request can take them all; that last request
 * streams through onDelta. `makeMessages` builds a reduce request from a
 * group of partials; `cap` limits the partials' tokens per request (budget).
 */
export async function reduceAll(
  ctx: AnalysisContext,
  partials: string[],
  makeMessages: (group: string[]) => ChatMessage[],
  reserve: number,
  cap: number,
  state: MapReduceState,
  signal: AbortSignal | undefined,
  onProgress: ((p: Progress) => void) | undefined,
  onDelta: ((text: string) => void) | undefined,
): Promise<string> {
  let current = partials;
  let done = 0;
  let total = 0;
  for (;;) {
    const groups = groupPartials(ctx, current, makeMessages, reserve, cap);
    if (groups.length > 1 && groups.length >= current.length) {
      throw new PagewiseError(
        'CONTEXT_TOO_LONG',
        `The partial results are too long to merge within ${ctx.model.id}'s window: raise the budget or lower the answer reserve.`,
      );
    }
    total += groups.length;
    onProgress?.({ stage: 'reduce', done, total });
    if (groups.length === 1) {
      const result = await sendCounted(ctx, makeMessages(groups[0] ?? []), reserve, signal, (t) => {
        state.streamed += t;
        onDelta?.(t);
      });
      state.usage = addUsage(state.usage, result.usage);
      state.predictedPromptTokens += result.predictedPromptTokens;
      state.calls += 1;
      onProgress?.({ stage: 'reduce', done: done + 1, total });
      return result.text;
    }
    const merged = await mapWithConcurrency(groups, ctx.settings.concurrency || DEFAULTS.concurrency, async (group, _index, callSignal) => {
      const result = await sendCounted(ctx, makeMessages(group), reserve, callSignal);
      state.usage = addUsage(state.usage, result.usage);
      state.predictedPromptTokens += result.predictedPromptTokens;
      state.calls += 1;
      done += 1;
      onProgress?.({ stage: 'reduce', done, total });
      return result.text;
    }, signal);
    state.partials = merged;
    current = merged;
  }
}

/** Greedy consecutive groups: each request fits the window with the reserve, partial tokens within `cap`, >= 2 per group when possible. */
export function groupPartials(
  ctx: AnalysisContext,
  partials: string[],
  makeMessages: (group: string[]) => ChatMessage[],
  reserve: number,
  cap: number,
): string[][] {
  const limit = ctx.model.contextWindow - reserve;
  const groups: string[][] = [];
  let group: string[] = [];
  let groupTokens = 0;
  for (const p of partials) {
    const t = countTokens(p) + 16;
    const fits = group.length === 0 || (groupTokens + t <= cap && countChatTokens(makeMessages([...group, p])) <= limit);
    if (!fits && group.length >= 2) {
      groups.push(group);
      group = [];
      groupTokens = 0;
    }
    group.push(p);
    groupTokens += t;
  }
  if (group.length > 0) {
    // a trailing single partial joins the previous group when there is one (it must be merged anyway)
    if (group.length === 1 && groups.length > 0) {
      const prev = groups[groups.length - 1] ?? [];
      if (countChatTokens(makeMessages([...prev, ...group])) <= limit) prev.push(...group);
      else groups.push(group);
    } else groups.push(group);
  }
  return groups;
}
