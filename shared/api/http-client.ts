/**
 * ApiClient over HTTP + Server-Sent Events (browser mode, tests). Uses only
 * fetch: runs in the browser and in Node 20. Aborting the signal closes the
 * stream; the server then aborts the job.
 */
import { ErrorShapeSchema } from './domain';
import type { ApiClient, CallOptions, OpInput, OpName, OpOutput } from './index';
import { OpEventSchema } from './op';
import { ApiError, FILE_NAME_HEADER, TOKEN_HEADER, TOKEN_QUERY, UploadResponseSchema, type UploadResponse } from './wire';

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the server, e.g. "http://127.0.0.1:4312"; '' = same origin. */
  baseUrl?: string;
  token: string;
  fetch?: typeof fetch;
}

export interface HttpApiClient extends ApiClient {
  /** Send a file's bytes; then call library.ingest with { source: { kind: 'upload', uploadId } }. */
  upload(data: Blob | Uint8Array, fileName: string, options?: { signal?: AbortSignal }): Promise<UploadResponse>;
  /** URL of the stored PDF (token in the query, for viewers that cannot set headers). */
  fileUrl(docId: string): string;
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
        } else if (line.startsWith(':')) {
          // comment / keep-alive
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value2 = colon < 0 ? '' : line.slice(colon + 1);
          if (value2.startsWith(' ')) value2 = value2.slice(1);
          if (field === 'event') event = value2;
          else if (field === 'data') data.push(value2);
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  try {
    const parsed = ErrorShapeSchema.safeParse(await response.json());
    if (parsed.success) return ApiError.fromShape(parsed.data);
  } catch {
    // not JSON
  }
  return new ApiError(response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', `The server answered ${response.status} ${response.statusText}.`);
}

function cancelled(): ApiError {
  return new ApiError('CANCELLED', 'The operation was cancelled.');
}

export function createHttpClient(options: HttpClientOptions): HttpApiClient {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const headers = { [TOKEN_HEADER]: options.token };

  return {
    async call<Op extends OpName>(op: Op, input: OpInput<Op>, callOptions: CallOptions = {}): Promise<OpOutput<Op>> {
      const { signal, onEvent } = callOptions;
      if (signal?.aborted) throw cancelled();
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${encodeURIComponent(op)}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify(input ?? {}),
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        throw new ApiError('PROVIDER_UNAVAILABLE', `Cannot reach the Pagewise server: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!response.ok || !response.body) throw await errorFromResponse(response);
      try {
        for await (const message of readSse(response.body)) {
          if (message.event === 'result') return JSON.parse(message.data) as OpOutput<Op>;
          if (message.event === 'error') throw ApiError.from(JSON.parse(message.data));
          if (message.event === 'progress' || message.event === 'delta') {
            const parsed = OpEventSchema.safeParse({ type: message.event, ...(message.event === 'progress' ? { progress: JSON.parse(message.data) } : JSON.parse(message.data)) });
            if (parsed.success) onEvent?.(parsed.data);
          }
        }
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (signal?.aborted) throw cancelled();
        throw new ApiError('STREAM_INTERRUPTED', `The connection to the Pagewise server was lost: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (signal?.aborted) throw cancelled();
      throw new ApiError('STREAM_INTERRUPTED', 'The Pagewise server closed the connection before the result.');
    },

    async upload(data, fileName, uploadOptions = {}) {
      const response = await doFetch(`${base}/api/upload`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/pdf', [FILE_NAME_HEADER]: encodeURIComponent(fileName) },
        body: data as BodyInit,
        ...(uploadOptions.signal ? { signal: uploadOptions.signal } : {}),
      });
      if (!response.ok) throw await errorFromResponse(response);
      return UploadResponseSchema.parse(await response.json());
    },

    fileUrl(docId) {
      return `${base}/api/file/${encodeURIComponent(docId)}?${TOKEN_QUERY}=${encodeURIComponent(options.token)}`;
    },
  };
}
