/**
 * ChatProvider over the official openai SDK: OpenAI, Azure OpenAI and any
 * OpenAI-compatible server (Ollama, LM Studio, llama.cpp, vLLM).
 *
 * The SDK's own retries are switched off (maxRetries: 0): this module retries
 * itself so that waits are abortable, capped, jittered, honour retry-after,
 * and a stream that already showed text is never silently restarted.
 * Timeouts are ours too: per attempt, and for streams between chunks.
 */
import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { PagewiseError, cancelledError } from '../errors';
import type { Usage } from '../../../shared/api/domain';
import type { ChatMessage, ChatProvider, ChatRequest, ChatResult, ProviderKind, ProviderSettings } from './types';
import type { BatchApi } from './batch-api';
import { OpenAIBatchApi } from './batches';
import { classifyError, type ErrorContext } from './provider-errors';
import { retryDelay, sleep } from './retry';
import { DEFAULT_OPENAI_BASE_URL } from './endpoints';

export { DEFAULT_OPENAI_BASE_URL };
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
/** Sent as the key to compatible servers that need none (most ignore it; the SDK insists on one). */
export const COMPATIBLE_PLACEHOLDER_KEY = 'no-key-required';

type TokenParam = 'max_completion_tokens' | 'max_tokens';

/** A message for the SDK: plain text, or (with page images, only on user messages) a text part then image_url parts. */
function toSdkMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role !== 'user' || !m.images || m.images.length === 0) return { role: m.role, content: m.content };
  return {
    role: 'user',
    content: [{ type: 'text', text: m.content }, ...m.images.map((image) => ({ type: 'image_url' as const, image_url: { url: image.url, detail: image.detail } }))],
  };
}

interface ProviderConfig {
  kind: Exclude<ProviderKind, 'none'>;
  modelId: string;
  /** What goes in the request body's `model` (the deployment for Azure). */
  requestModel: string;
  tokenParam: TokenParam;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  errorContext: ErrorContext;
}

function trimmed(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function validUrl(url: string, what: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return url.replace(/\/+$/, '');
  } catch {
    throw new PagewiseError('NO_PROVIDER', `The ${what} "${url}" is not a valid http(s) URL. Fix it in Settings.`);
  }
}

/** Reasoning models (o1, o3, o4, gpt-5) reject a temperature other than the default. */
function acceptsTemperature(model: string): boolean {
  return !/^(o\d|gpt-5)/i.test(model);
}

/**
 * Builds the provider for the settings. Null for 'none' (extractive mode).
 * Throws NO_PROVIDER when a required key, endpoint or base URL is missing.
 */
export function createProvider(settings: ProviderSettings): ChatProvider | null {
  if (settings.provider === 'none') return null;
  const model = trimmed(settings.model);
  if (!model) throw new PagewiseError('NO_PROVIDER', 'No model is set. Choose a model in Settings (e.g. gpt-4o-mini).');
  const apiKey = trimmed(settings.apiKey);
  const common = {
    timeoutMs: positive(settings.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: Math.max(0, Math.floor(settings.maxRetries ?? DEFAULT_MAX_RETRIES)),
    retryBaseDelayMs: positive(settings.retryBaseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS),
    maxRetryDelayMs: positive(settings.maxRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS),
  };
  // Settings are the only source: nothing is read from OPENAI_* environment variables here
  // (the CLI reads them into the settings), and the SDK never logs.
  const sdkCommon = { maxRetries: 0, timeout: common.timeoutMs + 5_000, logLevel: 'off' as const, organization: null, project: null };

  switch (settings.provider) {
    case 'openai': {
      if (!apiKey) {
        throw new PagewiseError(
          'NO_PROVIDER',
          'No OpenAI API key is set. Add one in Settings or set OPENAI_API_KEY, or choose "No model" for extractive answers.',
        );
      }
      const baseURL = validUrl(trimmed(settings.baseUrl) ?? DEFAULT_OPENAI_BASE_URL, 'OpenAI base URL');
      const client = new OpenAI({ ...sdkCommon, apiKey, baseURL });
      return new OpenAIChatProvider(client, {
        kind: 'openai',
        modelId: model,
        requestModel: model,
        tokenParam: 'max_completion_tokens',
        ...common,
        errorContext: { kind: 'openai', model, host: hostOf(baseURL), apiKey },
      });
    }
    case 'azure': {
      if (!apiKey) {
        throw new PagewiseError('NO_PROVIDER', 'No Azure OpenAI API key is set. Add it in Settings or set AZURE_OPENAI_API_KEY.');
      }
      const endpointRaw = trimmed(settings.azureEndpoint);
      if (!endpointRaw) {
        throw new PagewiseError('NO_PROVIDER', 'No Azure OpenAI endpoint is set. Add it in Settings (e.g. https://my-resource.openai.azure.com).');
      }
      const endpoint = validUrl(endpointRaw, 'Azure endpoint');
      const deployment = trimmed(settings.azureDeployment) ?? model;
      const apiVersion = trimmed(settings.azureApiVersion) ?? DEFAULT_AZURE_API_VERSION;
      // baseURL given explicitly so that OPENAI_BASE_URL in the environment cannot interfere.
      const client = new AzureOpenAI({ ...sdkCommon, apiKey, apiVersion, deployment, baseURL: `${endpoint}/openai` });
      return new OpenAIChatProvider(client, {
        kind: 'azure',
        modelId: model,
        requestModel: deployment,
        // max_completion_tokens arrived in api-version 2024-09-01(-preview); older versions know only max_tokens.
        tokenParam: apiVersion >= '2024-09-01' ? 'max_completion_tokens' : 'max_tokens',
        ...common,
        errorContext: { kind: 'azure', model: deployment, host: hostOf(endpoint), apiKey },
      });
    }
    case 'compatible': {
      const base = trimmed(settings.baseUrl);
      if (!base) {
        throw new PagewiseError(
          'NO_PROVIDER',
          'An OpenAI-compatible provider needs a base URL, e.g. http://localhost:11434/v1 (Ollama) or http://localhost:1234/v1 (LM Studio). Set it in Settings or OPENAI_BASE_URL.',
        );
      }
      const baseURL = validUrl(base, 'base URL');
      const client = new OpenAI({ ...sdkCommon, apiKey: apiKey ?? COMPATIBLE_PLACEHOLDER_KEY, baseURL });
      return new OpenAIChatProvider(client, {
        kind: 'compatible',
        modelId: model,
        requestModel: model,
        tokenParam: 'max_tokens',
        ...common,
        errorContext: { kind: 'compatible', model, host: hostOf(baseURL), apiKey },
      });
    }
    default: {
      const never: never = settings.provider;
      throw new PagewiseError('NO_PROVIDER', `Unknown provider "${String(never)}". Choose OpenAI, Azure OpenAI, an OpenAI-compatible server, or none.`);
    }
  }
}

/** An exception thrown by the caller's onDelta: passed through untouched, never retried. */
class CallerError {
  constructor(readonly inner: unknown) {}
}

interface AttemptState {
  /** Text already delivered through onDelta in this call. */
  emitted: boolean;
}

function toUsage(raw: ChatCompletion['usage'] | null | undefined): { usage: Usage; reported: boolean } {
  if (!raw) return { usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 }, reported: false };
  const promptTokens = raw.prompt_tokens ?? 0;
  const completionTokens = raw.completion_tokens ?? 0;
  return {
    usage: {
      promptTokens,
      completionTokens,
      cachedTokens: raw.prompt_tokens_details?.cached_tokens ?? 0,
      totalTokens: raw.total_tokens ?? promptTokens + completionTokens,
    },
    reported: true,
  };
}

export class OpenAIChatProvider implements ChatProvider {
  readonly kind: ProviderKind;
  readonly modelId: string;

  constructor(
    private readonly client: OpenAI,
    private readonly config: ProviderConfig,
  ) {
    this.kind = config.kind;
    this.modelId = config.modelId;
  }

  /** Files + Batch API on this client; request bodies are this provider's own (params), so a batch sends what a direct run would. */
  batchApi(): BatchApi | null {
    if (this.config.kind === 'compatible') return null;
    return new OpenAIBatchApi(this.client, this.config.errorContext, (messages, maxOutputTokens, responseFormat) => ({
      ...this.params({ messages: messages.map((m) => ({ role: m.role as ChatRequest['messages'][number]['role'], content: m.content })), maxOutputTokens }),
      ...(responseFormat !== undefined ? { response_format: responseFormat } : {}),
    }));
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    if (request.signal?.aborted) throw cancelledError();
    const streaming = typeof request.onDelta === 'function';
    const state: AttemptState = { emitted: false };
    const { maxRetries, retryBaseDelayMs, maxRetryDelayMs, errorContext } = this.config;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.attempt(request, state, streaming);
        return { ...result, attempts: attempt };
      } catch (err) {
        if (err instanceof CallerError) throw err.inner;
        if (request.signal?.aborted) throw cancelledError();
        const classified = classifyError(err, errorContext, streaming);
        const error = classified.error;
        if (error.code === 'CANCELLED') throw error;
        if (state.emitted) throw this.interrupted(error);
        if (!classified.retryable) throw error;
        if (attempt > maxRetries) {
          throw new PagewiseError(error.code, `${error.message} (Gave up after ${attempt} attempts.)`, { cause: error.cause });
        }
        const delay = retryDelay(attempt, classified.retryAfterMs, retryBaseDelayMs, maxRetryDelayMs);
        if (delay === null) {
          const seconds = Math.ceil((classified.retryAfterMs ?? 0) / 1000);
          throw new PagewiseError(
            error.code,
            `The provider at ${errorContext.host} asks to wait ${seconds} s before the next request (HTTP 429). Wait that long and try again, or lower the concurrency (Settings, or --concurrency on the command line).`,
            { cause: error.cause },
          );
        }
        request.onRetry?.({ attempt, delayMs: delay, reason: error.message });
        await sleep(delay, request.signal);
      }
    }
  }

  /** A failure after text was shown: never retried, the caller keeps what it received. */
  private interrupted(error: PagewiseError): PagewiseError {
    // already said as an interruption (whether the partial answer is kept is the caller's to say)
    if (error.code === 'STREAM_INTERRUPTED' && /was cut off|stalled for|ended before the model finished/.test(error.message)) return error;
    // "The connection ... broke (UND_ERR_SOCKET). Try again." -> "the connection ... broke (UND_ERR_SOCKET)"
    const reason = error.message
      .replace(/\s*(Try again|Ask again)\b[^.]*\.?\s*$/, '')
      .replace(/\s*\.$/, '')
      .replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
    return new PagewiseError(
      'STREAM_INTERRUPTED',
      `The answer from ${this.config.errorContext.host} was cut off: ${reason}. Ask again for a full answer.`,
      { cause: error.cause ?? error },
    );
  }

  private params(request: ChatRequest): ChatCompletionCreateParamsBase {
    const max = Math.max(1, Math.floor(request.maxOutputTokens));
    return {
      model: this.config.requestModel,
      messages: request.messages.map((m) => toSdkMessage(m)),
      ...(this.config.tokenParam === 'max_completion_tokens' ? { max_completion_tokens: max } : { max_tokens: max }),
      ...(acceptsTemperature(this.config.requestModel) ? { temperature: 0 } : {}),
      ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
    };
  }

  private async attempt(request: ChatRequest, state: AttemptState, streaming: boolean): Promise<Omit<ChatResult, 'attempts'>> {
    const { timeoutMs, errorContext } = this.config;
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const onAbort = (): void => controller.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const seconds = Math.round(timeoutMs / 100) / 10;
    const timeoutError = (): PagewiseError =>
      state.emitted
        ? new PagewiseError(
            'STREAM_INTERRUPTED',
            `The answer from ${errorContext.host} stalled for ${seconds} s and was stopped. Ask again for a full answer.`,
          )
        : new PagewiseError(
            'TIMEOUT',
            `The provider at ${errorContext.host} did not answer within ${seconds} s. Check that it is running and reachable, then try again; a slow local model may need a smaller budget (fewer tokens per request).`,
          );
    const options = { signal: controller.signal, maxRetries: 0 };
    arm();
    try {
      if (!streaming) {
        const completion = await this.client.chat.completions.create({ ...this.params(request), stream: false }, options);
        const choice = completion.choices[0];
        const { usage, reported } = toUsage(completion.usage);
        return { text: choice?.message?.content ?? '', usage, finishReason: choice?.finish_reason ?? null, usageReported: reported };
      }
      const stream = await this.client.chat.completions.create(
        { ...this.params(request), stream: true, stream_options: { include_usage: true } },
        options,
      );
      arm();
      let text = '';
      let finishReason: string | null = null;
      let rawUsage: ChatCompletionChunk['usage'] = null;
      for await (const chunk of stream) {
        arm();
        if (chunk.usage) rawUsage = chunk.usage;
        for (const choice of chunk.choices ?? []) {
          if (choice.index !== 0) continue;
          const delta = choice.delta?.content;
          if (delta) {
            text += delta;
            state.emitted = true;
            try {
              request.onDelta?.(delta);
            } catch (callerErr) {
              controller.abort();
              throw new CallerError(callerErr);
            }
          }
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
      }
      // The SDK ends the iteration quietly when its signal aborts.
      if (request.signal?.aborted) throw cancelledError();
      if (timedOut) throw timeoutError();
      if (finishReason === null) {
        throw new PagewiseError(
          'STREAM_INTERRUPTED',
          `The answer stream from ${errorContext.host} ended before the model finished.` +
            (state.emitted ? ' Ask again for a full answer.' : ' Try again.'),
        );
      }
      const { usage, reported } = toUsage(rawUsage);
      return { text, usage, finishReason, usageReported: reported };
    } catch (err) {
      if (err instanceof CallerError) throw err;
      if (request.signal?.aborted) throw cancelledError();
      if (timedOut) throw timeoutError();
      if (err instanceof PagewiseError && err.code === 'STREAM_INTERRUPTED' && !state.emitted) {
        // Nothing shown yet: let the retry loop try again, as for a broken connection.
        throw new StreamEndedEarly(err.message);
      }
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** A stream that ended without a finish_reason before any text: retryable. */
class StreamEndedEarly extends Error {
  override name = 'StreamEndedEarly';
}

