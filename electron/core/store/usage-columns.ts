/** The token usage columns a stored answer and a stored extraction share, read back as a Usage. */
import type { Usage } from '../../../shared/api/domain';

export interface UsageColumns {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  total_tokens: number;
}

export function usageOf(row: UsageColumns): Usage {
  return {
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedTokens: row.cached_tokens,
    totalTokens: row.total_tokens,
  };
}
