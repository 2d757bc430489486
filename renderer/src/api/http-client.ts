/**
 * Browser mode transport: every call is `POST /api/:op` with a JSON body; the
 * server answers with a text/event-stream of progress/delta events and then
 * exactly one `result` or `error` (parsed by the contract's readSse). Aborting
 * the signal closes the stream; the server then cancels the job.
 */
import type { ApiClient, CallOptions, OpEvent, OpInput, OpName, OpOutput } from '../../../shared/api';
import { readSse } from '../../../shared/api/http-client';
import { FILE_NAME_HEADER, TOKEN_HEADER, TOKEN_QUERY, TOKEN_STORAGE_KEY } from '../../../shared/api/wire';
import { ApiError, toApiError } from './errors';

/** The session token: from ?token= on first load (then dropped from the address bar), kept in sessionStorage. */
export function sessionToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY);
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // storage disabled: keep the token in the URL instead
      return fromUrl;
    }
    url.searchParams.delete(TOKEN_QUERY);
    window.history.replaceState(window.history.state, '', url.toString());
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

function toEvent(name: string, payload: unknown): OpEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (name === 'delta' && typeof p.text === 'string') return { type: 'delta', text: p.text };
  if (name === 'progress') {
    const progress = (typeof p.progress === 'object' && p.progress !== null ? p.progress : p) as Record<string, unknown>;
    if (typeof progress.stage === 'string' && typeof progress.done === 'number' && typeof progress.total === 'number') {
      return {
        type: 'progress',
        progress: {
          stage: progress.stage,
          done: progress.done,
          total: progress.total,
          ...(typeof progress.message === 'string' ? { message: progress.message } : {}),
          ...(typeof progress.waitMs === 'number' ? { waitMs: progress.waitMs } : {}),
        },
      };
    }
  }
  return null;
}

export class HttpApiClient implements ApiClient {
  readonly transport = 'http' as const;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.token ? { [TOKEN_HEADER]: this.token, ...extra } : extra;
  }

  async call<Op extends OpName>(op: Op, input: OpInput<Op>, options: CallOptions = {}): Promise<OpOutput<Op>> {
    const { onEvent, signal } = options;
    if (signal?.aborted) throw new ApiError('CANCELLED', 'Stopped.');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}api/${encodeURIComponent(op)}`, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json', accept: 'text/event-stream' }),
        body: JSON.stringify(input ?? {}),
        signal,
        cache: 'no-store',
      });
    } catch (error) {
      throw toApiError(error);
    }
    if (!response.ok || !response.body) throw await errorFromResponse(response);
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream')) {
      // A plain JSON answer (some servers answer quick ops without SSE).
      return (await response.json()) as OpOutput<Op>;
    }
    try {
      // aborting the fetch's signal also errors the body stream, which ends this loop
      for await (const message of readSse(response.body)) {
        let payload: unknown = null;
        try {
          payload = message.data ? JSON.parse(message.data) : null;
        } catch {
          throw new ApiError('INTERNAL', `The engine sent an unreadable ${message.event} event.`);
        }
        if (message.event === 'result') return payload as OpOutput<Op>;
        if (message.event === 'error') throw ApiError.from(payload);
        const event = toEvent(message.event, payload);
        if (event) onEvent?.(event);
      }
    } catch (error) {
      if (signal?.aborted) throw new ApiError('CANCELLED', 'Stopped.');
      throw toApiError(error);
    }
    if (signal?.aborted) throw new ApiError('CANCELLED', 'Stopped.');
    throw new ApiError('STREAM_INTERRUPTED', 'The connection to the engine closed before the result arrived. Try again.');
  }

  /** Browser mode: send the PDF's bytes first, then ingest by upload id. */
  async upload(file: File, signal?: AbortSignal): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}api/upload`, {
        method: 'POST',
        headers: this.headers({
          'content-type': 'application/pdf',
          [FILE_NAME_HEADER]: encodeURIComponent(file.name),
        }),
        body: file,
        signal,
      });
    } catch (error) {
      throw toApiError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body = (await response.json()) as { uploadId?: unknown };
    if (typeof body.uploadId !== 'string') throw new ApiError('INTERNAL', 'The engine did not accept the upload.');
    return body.uploadId;
  }

  /** The stored PDF for the viewer. */
  async fileBytes(docId: string, signal?: AbortSignal): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}api/file/${encodeURIComponent(docId)}`, { headers: this.headers(), signal });
    } catch (error) {
      throw toApiError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return new Uint8Array(await response.arrayBuffer());
  }
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  const error = ApiError.from(body && typeof body === 'object' && 'error' in body ? (body as { error: unknown }).error : body);
  if (error.code !== 'INTERNAL') return error;
  if (response.status === 401 || response.status === 403) {
    return new ApiError('UNAUTHORIZED', 'This page has no valid session token. Open the exact address `pagewise serve` printed (it ends in ?token=…).');
  }
  return new ApiError('INTERNAL', `The engine answered ${response.status} ${response.statusText}.`);
}
