/**
 * Request specs -> the JSONL file a batch uploads (docs/ARCHITECTURE.md rule 4, count then send): every line
 * is the exact body a direct request would send (the provider's own `body`), and its messages are counted
 * again here with countChatTokens: the count stored per request is the count of what the line holds.
 */
import type { BatchKind } from '../../../shared/api/jobs';
import { PagewiseError } from '../errors';
import { batchPriceFactor, estimateCostUsd, type ModelInfo } from '../llm/models';
import type { BatchApi } from '../llm/batch-api';
import { countChatTokens } from '../tokens';
import { responseFormatTokens } from '../extract/schema';
import type { JsonSchemaResponseFormat } from '../llm/types';
import type { BatchRequestSpec, PlannedRequest, PreparedOutcome } from './types';

export const BATCH_ENDPOINT = '/v1/chat/completions';

export interface PreparedJob {
  /** Requests to send, in order. */
  specs: BatchRequestSpec[];
  /** Requests not sent: already answered (cache) or failed to plan. */
  settled: { customId: string; kind: BatchKind; docId: string; meta: Record<string, unknown>; outcome: PreparedOutcome }[];
  jsonl: string;
  predictedPromptTokens: number;
  /** Prompts plus every reserved output token at the batch price: an upper bound. */
  estimatedCostUsd: number;
}

/** One JSONL line of the Batch API's input file. */
export function batchLine(body: BatchApi['body'], spec: BatchRequestSpec): string {
  return JSON.stringify({ custom_id: spec.customId, method: 'POST', url: BATCH_ENDPOINT, body: body(spec.messages, spec.maxOutputTokens, spec.responseFormat) });
}

function isJsonSchemaFormat(value: unknown): value is JsonSchemaResponseFormat {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'json_schema';
}

/**
 * The exact prompt tokens of a spec: its messages, plus a structured-outputs schema (counted in the prompt by
 * the provider); a planner's count that differs is a bug (never sent).
 */
export function countSpec(spec: Pick<BatchRequestSpec, 'messages' | 'predictedPromptTokens' | 'docId' | 'responseFormat'>): number {
  const counted = countChatTokens(spec.messages) + (isJsonSchemaFormat(spec.responseFormat) ? responseFormatTokens(spec.responseFormat) : 0);
  if (counted !== spec.predictedPromptTokens) {
    throw new PagewiseError('INTERNAL', `Internal error: a batch request for ${spec.docId.slice(0, 12)} was planned at ${spec.predictedPromptTokens} prompt tokens but holds ${counted}; nothing was sent. Please report this.`);
  }
  return counted;
}

export function prepareJob(model: ModelInfo, planned: readonly PlannedRequest[], body: BatchApi['body']): PreparedJob {
  const specs: BatchRequestSpec[] = [];
  const settled: PreparedJob['settled'] = [];
  const lines: string[] = [];
  let predictedPromptTokens = 0;
  let estimated = 0;
  planned.forEach((p, i) => {
    const customId = `req-${String(i + 1).padStart(4, '0')}`;
    if ('outcome' in p) {
      settled.push({ customId, kind: p.kind, docId: p.docId, meta: p.meta, outcome: p.outcome });
      return;
    }
    const spec: BatchRequestSpec = { ...p.spec, customId };
    const tokens = countSpec(spec);
    predictedPromptTokens += tokens;
    estimated += estimateCostUsd(model, tokens, spec.maxOutputTokens);
    specs.push(spec);
    lines.push(batchLine(body, spec));
  });
  return {
    specs,
    settled,
    jsonl: lines.length > 0 ? `${lines.join('\n')}\n` : '',
    predictedPromptTokens,
    estimatedCostUsd: estimated * batchPriceFactor(model),
  };
}
