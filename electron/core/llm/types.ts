/**
 * The provider contract (docs/ARCHITECTURE.md, "llm/"). Everything that talks to a
 * model goes through a ChatProvider; the rest of the engine never sees the
 * openai SDK.
 */
import type { Usage } from '../../../shared/api/domain';
import type { ChatMessage } from '../tokens';
import type { BatchApi } from './batch-api';

export type { ChatMessage };

export type ProviderKind = 'none' | 'openai' | 'azure' | 'compatible';

export interface ProviderSettings {
  provider: ProviderKind;
  /** Never logged, never put in an error message. */
  apiKey: string | null;
  /** Model id ("gpt-4o-mini"); for Azure the deployment defaults to it. */
  model: string;
  /** OpenAI: optional override (proxies); compatible: required, e.g. http://localhost:11434/v1. */
  baseUrl?: string | null;
  /** Azure: https://<resource>.openai.azure.com */
  azureEndpoint?: string | null;
  azureDeployment?: string | null;
  /** Azure api-version; default DEFAULT_AZURE_API_VERSION. */
  azureApiVersion?: string | null;
  /**
   * Per attempt: the longest wait for the response (non-streaming: the whole
   * answer; streaming: the first chunk and every gap between chunks).
   * Default 120 000 ms.
   */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, 408/409 and connection errors. Default 3. */
  maxRetries?: number;
  /** First backoff step, doubled per retry, with jitter. Default 1 000 ms. */
  retryBaseDelayMs?: number;
  /**
   * Longest single wait between attempts (backoff or retry-after). A server
   * asking for a longer wait is not retried: the error says how long to wait.
   * Default 60 000 ms.
   */
  maxRetryDelayMs?: number;
}

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The error that caused the retry (its message is safe to show). */
  reason: string;
}

/** Structured Outputs (OpenAI's response_format): the answer is JSON of this schema (extraction). */
export interface JsonSchemaResponseFormat {
  type: 'json_schema';
  json_schema: { name: string; strict: true; schema: Record<string, unknown>; description?: string };
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxOutputTokens: number;
  /** Sent as response_format; its schema's tokens are part of the prompt (extract/schema.ts responseFormatTokens). */
  responseFormat?: JsonSchemaResponseFormat;
  signal?: AbortSignal;
  /** Given: the request streams and every text delta is passed here, in order. */
  onDelta?: (text: string) => void;
  /** Called before each retry wait (rate limit, server error, connection error). */
  onRetry?: (info: RetryInfo) => void;
}

export interface ChatResult {
  text: string;
  usage: Usage;
  /** 'stop', 'length', 'content_filter', ... as the server reported it. */
  finishReason: string | null;
  /** False when the server sent no usage (some compatible servers): usage is then all zeros. */
  usageReported?: boolean;
  /** Requests made, retries included. */
  attempts?: number;
}

export interface ChatProvider {
  readonly kind: ProviderKind;
  readonly modelId: string;
  /** Streams when onDelta is given. Throws PagewiseError only. */
  chat(request: ChatRequest): Promise<ChatResult>;
  /** The provider's Batch API on the same client (llm/batches.ts); null where it has none (compatible servers). */
  batchApi?(): BatchApi | null;
}
