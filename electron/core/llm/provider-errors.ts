/**
 * Turns whatever the openai SDK (or the network) throws into a PagewiseError
 * whose message says what happened and what to do. Also decides whether the
 * failure is worth another attempt. Never lets the API key into a message.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import { PagewiseError } from '../errors';
import type { ProviderKind } from './types';
import { parseRetryAfter } from './retry';

export interface ErrorContext {
  kind: ProviderKind;
  /** Model id, or the deployment name for Azure. */
  model: string;
  /** host[:port] of the endpoint, for messages. */
  host: string;
  /** Only used to scrub it out of server messages. */
  apiKey: string | null;
}

export interface Classified {
  error: PagewiseError;
  retryable: boolean;
  /** The wait the server asked for (retry-after-ms / retry-after), ms. */
  retryAfterMs: number | null;
}

/** Remove the key (and anything that looks like an OpenAI key) from text that came from a server. */
export function scrubSecrets(text: string, apiKey: string | null): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/\bsk-[A-Za-z0-9_*\-.]{3,}/g, 'sk-[redacted]');
}

function serverMessage(err: APIError, ctx: ErrorContext): string {
  const body = err.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : '';
  const clean = scrubSecrets(raw, ctx.apiKey).replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}

/** Error code of a network failure anywhere in the cause chain (ECONNREFUSED, ENOTFOUND, ...). */
export function networkCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current != null; depth++) {
    if (typeof current === 'object') {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string' && /^[A-Z_]+$/.test(code) && code !== 'ERR_INVALID_STATE') return code;
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return null;
}

function what(ctx: ErrorContext): string {
  return ctx.kind === 'azure' ? `Azure deployment "${ctx.model}"` : `model "${ctx.model}"`;
}

function settingsHint(ctx: ErrorContext): string {
  switch (ctx.kind) {
    case 'azure':
      return 'Check the Azure endpoint, deployment name and api-version in Settings.';
    case 'compatible':
      return 'Check the base URL in Settings (it usually ends in /v1) and that the server is running.';
    default:
      return 'Check your network connection and https://status.openai.com.';
  }
}

export function authFailed(ctx: ErrorContext, status: number, cause?: unknown): PagewiseError {
  const where = ctx.kind === 'azure' ? 'Check the key and endpoint in Settings or AZURE_OPENAI_API_KEY.' : 'Check the key in Settings or OPENAI_API_KEY.';
  const text =
    status === 403
      ? `The provider at ${ctx.host} refused access (403) for the ${what(ctx)}. The key may lack permission for this model or project. ${where}`
      : `The API key was rejected (401). ${where}`;
  return new PagewiseError('AUTH_FAILED', text, { cause: stripCause(cause, ctx) });
}

/** Keep the cause for debugging but never an object holding request headers. */
function stripCause(cause: unknown, ctx: ErrorContext): unknown {
  if (cause instanceof Error) {
    const copy = new Error(scrubSecrets(cause.message, ctx.apiKey));
    copy.name = cause.name;
    return copy;
  }
  return undefined;
}

/** Classify one failed attempt. `streaming`: the request was a stream (a broken body is then a cut stream). */
export function classifyError(err: unknown, ctx: ErrorContext, streaming = false): Classified {
  const none = { retryable: false, retryAfterMs: null };
  if (err instanceof PagewiseError) return { error: err, ...none };

  if (err instanceof APIConnectionTimeoutError) {
    return {
      error: new PagewiseError('TIMEOUT', `The request to ${ctx.host} timed out. ${settingsHint(ctx)}`, { cause: stripCause(err, ctx) }),
      ...none,
    };
  }
  if (err instanceof APIUserAbortError) {
    return { error: new PagewiseError('CANCELLED', 'The request was cancelled.'), ...none };
  }
  if (err instanceof APIConnectionError) {
    const code = networkCode(err);
    const reason =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `the host name ${ctx.host.replace(/:\d+$/, '')} could not be resolved (${code})`
        : code === 'ECONNREFUSED'
          ? `nothing is listening there (ECONNREFUSED)`
          : code
            ? `the connection failed (${code})`
            : 'the connection failed';
    return {
      error: new PagewiseError('PROVIDER_UNAVAILABLE', `Could not reach the provider at ${ctx.host}: ${reason}. ${settingsHint(ctx)}`, {
        cause: stripCause(err, ctx),
      }),
      retryable: true,
      retryAfterMs: null,
    };
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const msg = serverMessage(err, ctx);
    const code = typeof err.code === 'string' ? err.code : null;
    const retryAfterMs = parseRetryAfter(err.headers ?? null);
    if (status === 401 || status === 403) return { error: authFailed(ctx, status, err), ...none };
    if (status === 404) {
      const extra = ctx.kind === 'compatible' ? ' or the base URL is wrong (it usually ends in /v1)' : '';
      const fix =
        ctx.kind === 'azure'
          ? 'Check the deployment name (Azure uses deployment names, not model names) and the endpoint in Settings.'
          : ctx.kind === 'compatible'
            ? 'Check the model name in Settings (for Ollama, `ollama list` shows it).'
            : 'Check the model name in Settings; your key may not have access to it.';
      return {
        error: new PagewiseError('MODEL_NOT_FOUND', `The ${what(ctx)} was not found at ${ctx.host} (404)${extra}. ${fix}`, { cause: stripCause(err, ctx) }),
        ...none,
      };
    }
    if (status === 400 && (code === 'context_length_exceeded' || /maximum context length|context length/i.test(msg))) {
      return {
        error: new PagewiseError(
          'CONTEXT_TOO_LONG',
          `The ${what(ctx)} refused the request as longer than its context window (400 context_length_exceeded). ` +
            'Pagewise counts every request before sending it, so this is a bug in Pagewise or a wrong context window in the model settings: ' +
            `please report it with the model name. Server said: ${msg}`,
          { cause: stripCause(err, ctx) },
        ),
        ...none,
      };
    }
    if (status === 429) {
      if (code === 'insufficient_quota') {
        return {
          error: new PagewiseError(
            'RATE_LIMITED',
            `The provider says the account has no quota left (429 insufficient_quota). Check billing and usage limits for this key; retrying will not help until then.`,
            { cause: stripCause(err, ctx) },
          ),
          ...none,
        };
      }
      return {
        error: new PagewiseError(
          'RATE_LIMITED',
          `The provider at ${ctx.host} is rate-limiting requests (429). Wait a minute and try again, or lower the concurrency (Settings, or --concurrency on the command line).` +
            (msg ? ` Server said: ${msg}` : ''),
          { cause: stripCause(err, ctx) },
        ),
        retryable: true,
        retryAfterMs,
      };
    }
    if (status === 408 || status === 409 || status >= 500) {
      return {
        error: new PagewiseError(
          'PROVIDER_UNAVAILABLE',
          `The provider at ${ctx.host} is unavailable (HTTP ${status}). Try again later. ${settingsHint(ctx)}`,
          { cause: stripCause(err, ctx) },
        ),
        retryable: true,
        retryAfterMs,
      };
    }
    return {
      error: new PagewiseError(
        status === 400 || status === 422 ? 'INVALID_INPUT' : 'PROVIDER_UNAVAILABLE',
        `The provider at ${ctx.host} rejected the request for the ${what(ctx)} (HTTP ${status})${msg ? `: ${msg}` : '.'}`,
        { cause: stripCause(err, ctx) },
      ),
      ...none,
    };
  }
  if (err instanceof APIError) {
    // An error event inside a stream (no HTTP status).
    const msg = serverMessage(err, ctx);
    return {
      error: new PagewiseError('STREAM_INTERRUPTED', `The provider at ${ctx.host} reported an error during the answer${msg ? `: ${msg}` : '.'}`, {
        cause: stripCause(err, ctx),
      }),
      retryable: true,
      retryAfterMs: null,
    };
  }
  if (err instanceof OpenAIError || err instanceof SyntaxError) {
    return {
      error: new PagewiseError('PROVIDER_UNAVAILABLE', `The provider at ${ctx.host} sent a response Pagewise could not read. ${settingsHint(ctx)}`, {
        cause: stripCause(err, ctx),
      }),
      ...none,
    };
  }
  // Anything else thrown while reading a body: undici's "terminated", socket resets.
  const code = networkCode(err);
  const detail = err instanceof Error ? scrubSecrets(err.message, ctx.apiKey) : String(err);
  return {
    error: new PagewiseError(
      streaming ? 'STREAM_INTERRUPTED' : 'PROVIDER_UNAVAILABLE',
      `The connection to ${ctx.host} broke before the answer was complete (${code ?? detail}). Try again.`,
      { cause: stripCause(err, ctx) },
    ),
    retryable: true,
    retryAfterMs: null,
  };
}
