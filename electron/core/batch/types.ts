/**
 * What the batch engine works with (issue 12): a request spec (one JSONL line, counted exactly, with the plan
 * the kind needs to store its result), and a registry of kinds, each knowing how to turn a finished line into
 * an ordinary stored result (an answer, a summary, an extraction) and how to run a request directly instead.
 */
import type { BatchKind } from '../../../shared/api/jobs';
import type { AnalysisContext } from '../analysis/types';
import type { ChatResult } from '../llm/types';
import type { ChatMessage } from '../tokens';

export interface BatchRequestSpec {
  customId: string;
  kind: BatchKind;
  docId: string;
  /** Exactly what is sent (and what predictedPromptTokens counts). */
  messages: ChatMessage[];
  maxOutputTokens: number;
  /** The chat request's response_format (structured outputs), when the kind needs one. */
  responseFormat?: unknown;
  /** countChatTokens(messages): must equal the provider's usage.prompt_tokens. */
  predictedPromptTokens: number;
  /** The kind's plan: question or summary kind, strategy, pages, cache key, options for a direct re-run. */
  meta: Record<string, unknown>;
}

/** A request that was never sent: already in the cache, or it could not be planned. */
export type PreparedOutcome = { status: 'done'; answerId: string } | { status: 'failed'; error: string };

/** One document's request as a kind's planner makes it. */
export type PlannedRequest =
  | { docId: string; spec: Omit<BatchRequestSpec, 'customId'> }
  | { docId: string; kind: BatchKind; meta: Record<string, unknown>; outcome: PreparedOutcome };

export interface Completed {
  /** The stored result's id (answer, summary, extraction). */
  answerId: string;
  costUsd: number;
}

export interface BatchKindHandler {
  /** Store a finished line as an ordinary result marked batch, at the batch price; one write transaction. */
  complete(ctx: AnalysisContext, spec: BatchRequestSpec, chat: ChatResult): Completed;
  /** Run the request directly (full price, now): for re-running failed lines without a batch. */
  /** A request that ended without a result (a failed line, a batch that expired or was cancelled). */
  failed?(ctx: AnalysisContext, request: { docId: string; meta: Record<string, unknown> }, error: string): void;
  runDirect?(ctx: AnalysisContext, request: { docId: string; meta: Record<string, unknown> }, signal: AbortSignal): Promise<Completed>;
}
