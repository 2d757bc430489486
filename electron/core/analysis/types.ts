import { DEFAULTS } from '../../../shared/api/defaults';
import type { Library } from '../store';
import type { ChatProvider, RetryInfo } from '../llm/types';
import type { ModelInfo } from '../llm/models';
import type { Progress, StrategyChoice } from '../../../shared/api/domain';

export interface AnalysisSettings {
  /** Output tokens reserved per request (max_tokens); default DEFAULTS.answerReserveTokens, capped at the model's max output. */
  answerReserveTokens: number;
  /** Cap on document text tokens per request; null = the model's full input budget. */
  budgetTokens: number | null;
  /** Parallel map requests for long summaries / exhaustive answers; default DEFAULTS.concurrency. */
  concurrency: number;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = Object.freeze({
  answerReserveTokens: DEFAULTS.answerReserveTokens,
  budgetTokens: null,
  concurrency: DEFAULTS.concurrency,
});

export interface AnalysisContext {
  library: Library;
  /** null: offline extractive mode (no model is called). */
  provider: ChatProvider | null;
  model: ModelInfo;
  settings: AnalysisSettings;
  /** Told before each retry of a model request (rate limit, provider error), so the user sees why it waits. */
  onRetry?: (info: RetryInfo) => void;
}

export interface AskOptions {
  strategy?: StrategyChoice;
  /** Overrides settings.budgetTokens when given (null = no cap). */
  budgetTokens?: number | null;
  threadId?: string | null;
  /** Ignore the answer cache. */
  fresh?: boolean;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  onProgress?: (p: Progress) => void;
  /** Asked over a scope (issue 10): stored with the answer, and part of its cache key. */
  scope?: { kind: string; label: string; collectionId: string | null; title: string };
}

export interface SummaryOptions {
  fresh?: boolean;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  onProgress?: (p: Progress) => void;
  budgetTokens?: number | null;
}
