/**
 * The one ApiClient over HTTP + Server-Sent Events (browser mode, CLI-less
 * tests). Every call is `POST /api/:op` with a JSON body; the server answers
 * with a text/event-stream of progress/delta events and then exactly one
 * `result` or `error`. Uses only fetch, so it runs in the browser and in Node.
 * Aborting the signal closes the stream; the server then cancels the job.
 *
 * The session token travels as a header when the caller has it (Node, tests);
 * the browser page has none and relies on the HttpOnly cookie the server set
 * on first load (docs/ARCHITECTURE.md, "Browser mode").
 */
import type { ApiClient, CallOptions, OpInput, OpName, OpOutput } from './contract';
import { ApiError, ErrorShapeSchema } from './errors';
import { OpEventSchema, type OpEvent } from './op';
import { FILE_NAME_HEADER, TOKEN_HEADER, UploadResponseSchema, type UploadResponse } from './wire';

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the server, e.g. "http://127.0.0.1:4312"; '' = same origin. */
  baseUrl?: string;
  /** The session token, sent as a header; null = rely on the session cookie (the browser page). */
  token: string | null;
  fetch?: typeof fetch;
}

export interface HttpApiClient extends ApiClient {
  /** Send a file's bytes; then call library.ingest with { source: { kind: 'upload', uploadId } }. */
  upload(data: Blob | Uint8Array, fileName: string, options?: { signal?: AbortSignal }): Promise<UploadResponse>;
  /** The stored PDF's bytes (for the viewer). */
  fileBytes(docId: string, options?: { signal?: AbortSignal; range?: string }): Promise<Uint8Array>;
}

interface SseMessage {
  event: string;
  data: string;
}

/** Parse an SSE byte stream into messages (event + data, data lines joined with \n). */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        let line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (data.length > 0) yield { event, data: data.join('\n') };
          event = 'message';
          data = [];
        } else if (!line.startsWith(':')) {
          // a line starting with ':' is a comment (keep-alive)
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let fieldValue = colon < 0 ? '' : line.slice(colon + 1);
          if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
          if (field === 'event') event = fieldValue;
          else if (field === 'data') data.push(fieldValue);
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** The client cannot reach the server: one code and one sentence for every path. */
export function unreachable(detail: string): ApiError {
  return new ApiError(
    'ENGINE_UNREACHABLE',
    `Pagewise could not reach its engine (${detail}). If you started it with \`pagewise serve\`, check that it is still running, then reload.`,
  );
}

function cancelled(): ApiError {
  return new ApiError('CANCELLED', 'The operation was cancelled.');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  try {
    const parsed = ErrorShapeSchema.safeParse(await response.json());
    if (parsed.success) return ApiError.fromShape(parsed.data);
  } catch {
    // not JSON: fall through to the status
  }
  if (response.status === 401) {
    return new ApiError('UNAUTHORIZED', 'This page has no valid session token. Open the exact address `pagewise serve` printed.');
  }
  return new ApiError('INTERNAL', `The Pagewise server answered ${response.status} ${response.statusText}.`);
}

function eventOf(name: string, data: unknown): OpEvent | null {
  const candidate = name === 'progress' ? { type: 'progress', progress: data } : name === 'delta' && typeof data === 'object' ? { type: 'delta', ...data } : null;
  const parsed = OpEventSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

export function createHttpClient(options: HttpClientOptions): HttpApiClient {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const auth: Record<string, string> = options.token ? { [TOKEN_HEADER]: options.token } : {};

  /** fetch that turns "no answer at all" into ENGINE_UNREACHABLE (or CANCELLED) and a non-2xx into its ApiError. */
  async function send(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) }, cache: 'no-store', credentials: 'same-origin' });
    } catch (error) {
      if (init.signal?.aborted) throw cancelled();
      throw unreachable(describe(error));
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  return {
    async call<Op extends OpName>(op: Op, input: OpInput<Op>, callOptions: CallOptions = {}): Promise<OpOutput<Op>> {
      const { signal, onEvent } = callOptions;
      if (signal?.aborted) throw cancelled();
      const response = await send(`/api/${encodeURIComponent(op)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(input ?? {}),
        ...(signal ? { signal } : {}),
      });
      if (!response.body) throw new ApiError('STREAM_INTERRUPTED', 'The Pagewise server sent an empty reply. Try again.');
      try {
        for await (const message of readSse(response.body)) {
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            throw new ApiError('INTERNAL', `The Pagewise server sent an unreadable ${message.event} event.`);
          }
          if (message.event === 'result') return data as OpOutput<Op>;
          if (message.event === 'error') throw ApiError.from(data);
          const event = eventOf(message.event, data);
          if (event) onEvent?.(event);
        }
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (signal?.aborted) throw cancelled();
        throw new ApiError('STREAM_INTERRUPTED', `The connection to the Pagewise server was lost (${describe(error)}). Try again.`);
      }
      if (signal?.aborted) throw cancelled();
      throw new ApiError('STREAM_INTERRUPTED', 'The Pagewise server closed the connection before the result. Try again.');
    },

    async upload(data, fileName, uploadOptions = {}) {
      const response = await send('/api/upload', {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', [FILE_NAME_HEADER]: encodeURIComponent(fileName) },
        body: data as BodyInit,
        ...(uploadOptions.signal ? { signal: uploadOptions.signal } : {}),
      });
      return UploadResponseSchema.parse(await response.json());
    },

    async fileBytes(docId, fileOptions = {}) {
      const response = await send(`/api/file/${encodeURIComponent(docId)}`, {
        method: 'GET',
        headers: fileOptions.range ? { range: fileOptions.range } : {},
        ...(fileOptions.signal ? { signal: fileOptions.signal } : {}),
      });
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
