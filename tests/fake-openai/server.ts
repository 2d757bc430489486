/**
 * A fake OpenAI-compatible server for tests and local demos: real HTTP on
 * 127.0.0.1, the real response, chunk and error shapes of the Chat Completions
 * API (and Azure's deployment routes), its own token counting (gpt-tokenizer,
 * see tokenize.ts), prompt-cache reporting, context-window checks, and faults
 * on demand (rate limit, 5xx, hang, cut or stalled stream, bad key).
 *
 * Answers follow a behaviour (behaviours.ts: verbatim, misquote, obey injected
 * instructions, every citation form, a script), per server or per request;
 * `response_format: json_schema` requests get JSON of that schema (structured.ts).
 *
 * Control API (no auth): POST /__control/fault (JSON Fault or null),
 * GET /__control/fault, POST /__control/behaviour (JSON Behaviour or null),
 * GET /__control/requests, POST /__control/reset, POST /__control/batches ({enabled?, hold?}).
 * The Files and Batch API (/v1/files, /v1/batches) live in batches.ts.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createBatchRoutes, type BatchOptions, type BatchRoutes } from './batches';
import { isBehaviour, respond, type Behaviour } from './behaviours';
import { isJsonSchemaFormat, responseFormatTokens, structuredAnswer } from './structured';
import { contentImages, FAKE_TRANSCRIPTION, fakeImageTokens } from './images';
import { chatPromptTokens, messageTokens, textTokens, truncateToTokens, type FakeMessage } from './tokenize';

export type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds: number; times: number }
  | { kind: 'server-error'; times: number }
  | { kind: 'hang' }
  /** Destroy the socket after N chunks that carry text (0: before any text). Non-streaming: no response at all. */
  | { kind: 'cut-stream'; afterChunks: number }
  /** Stop sending (connection kept open) after N chunks that carry text. Non-streaming: like hang. */
  | { kind: 'stall-stream'; afterChunks: number }
  | { kind: 'auth' };

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Request headers without authorization / api-key. */
  headers: Record<string, string>;
  /** How the key was sent. */
  auth: 'bearer' | 'api-key' | null;
  /** Chat requests: the messages as received. */
  messages: FakeMessage[] | null;
  /** The JSON body without `messages`. */
  params: Record<string, unknown> | null;
  /** Requested model (Azure: the deployment). */
  model: string | null;
  stream: boolean;
  /** Counted prompt tokens (chat requests that got that far). */
  promptTokens: number | null;
  /** HTTP status answered; null while pending (hang) or when the socket was cut before headers. */
  status: number | null;
  at: number;
}

export interface FakeModel {
  contextWindow: number;
  maxOutput?: number;
}

export interface FakeOpenAIOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Delay between stream chunks, ms. Default 15. */
  chunkDelayMs?: number;
  /** Words per streamed chunk. Default 3. */
  wordsPerChunk?: number;
  /** Extra models (or overrides) by id / Azure deployment name. */
  models?: Record<string, FakeModel>;
  /** Files + Batch API (batches.ts): enabled (default true), hold. */
  batches?: Partial<BatchOptions>;
}

export interface FakeOpenAI {
  /** http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** http://127.0.0.1:PORT (for the Azure provider's endpoint) */
  origin: string;
  port: number;
  close(): Promise<void>;
  setFault(f: Fault | null): void;
  readonly fault: Fault | null;
  /** How the model answers from now on (null: verbatim); a directive in a question still wins. */
  setBehaviour(b: Behaviour | null): void;
  readonly behaviour: Behaviour;
  requests: RecordedRequest[];
  /** The Files and Batch API (batches.ts): set options.enabled / options.hold, read uploaded files. */
  batches: BatchRoutes;
  /** Clears recorded requests, the fault, the behaviour and the prompt cache. */
  reset(): void;
}

export const BUILTIN_MODELS: Readonly<Record<string, FakeModel>> = {
  'gpt-4o-mini': { contextWindow: 128_000, maxOutput: 16_384 },
  'gpt-4o': { contextWindow: 128_000, maxOutput: 16_384 },
  'gpt-4.1-mini': { contextWindow: 1_047_576, maxOutput: 32_768 },
};

/** The key the fake rejects with 401. */
export const BAD_KEY = 'sk-bad';
const CACHE_MIN_TOKENS = 1024;
const CACHE_INCREMENT = 128;
const CACHE_ENTRIES = 256;

interface CacheEntry {
  model: string;
  hashes: string[];
  /** cumulative[i] = tokens of messages 0..i (chat overhead included). */
  cumulative: number[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isFault(value: unknown): value is Fault {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const num = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  switch (v.kind) {
    case 'rate-limit':
      return num(v.retryAfterSeconds) && num(v.times);
    case 'server-error':
      return num(v.times);
    case 'cut-stream':
    case 'stall-stream':
      return num(v.afterChunks);
    case 'hang':
    case 'auth':
      return true;
    default:
      return false;
  }
}

function openaiError(message: string, type: string, param: string | null, code: string | null): unknown {
  return { error: { message, type, param, code } };
}

function splitChunks(text: string, wordsPerChunk: number): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) out.push(words.slice(i, i + wordsPerChunk).join(''));
  return out.filter((c) => c.length > 0);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    // Content parts: the text parts; image parts are counted apart (images.ts).
    return content
      .map((p) => (p && typeof p === 'object' && (p as { type?: unknown }).type === 'text' ? String((p as { text?: unknown }).text ?? '') : ''))
      .join('');
  }
  return null;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const chunkDelayMs = options.chunkDelayMs ?? 15;
  const wordsPerChunk = Math.max(1, options.wordsPerChunk ?? 3);
  const models: Record<string, FakeModel> = { ...BUILTIN_MODELS, ...(options.models ?? {}) };
  let fault: Fault | null = null;
  let behaviour: Behaviour = { kind: 'verbatim' };
  const requests: RecordedRequest[] = [];
  let cache: CacheEntry[] = [];
  let nextId = 1;
  let closed = false;
  const sockets = new Set<Socket>();
  let selfOrigin = '';
  const batchRoutes = createBatchRoutes(() => selfOrigin, options.batches);

  const send = (res: ServerResponse, rec: RecordedRequest | null, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (rec) rec.status = status;
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };

  const cachedTokensFor = (model: string, hashes: string[]): number => {
    let shared = 0;
    for (const entry of cache) {
      if (entry.model !== model) continue;
      let k = 0;
      while (k < hashes.length && k < entry.hashes.length && hashes[k] === entry.hashes[k]) k++;
      if (k > 0) shared = Math.max(shared, entry.cumulative[k - 1] ?? 0);
    }
    return shared >= CACHE_MIN_TOKENS ? Math.floor(shared / CACHE_INCREMENT) * CACHE_INCREMENT : 0;
  };

  const handleModels = (res: ServerResponse, rec: RecordedRequest): void => {
    const created = 1_721_172_741;
    send(res, rec, 200, {
      object: 'list',
      data: Object.keys(models).map((id) => ({ id, object: 'model', created, owned_by: 'system' })),
    });
  };

  const handleChat = async (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, azureDeployment: string | null): Promise<void> => {
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      send(res, rec, 400, openaiError('We could not parse the JSON body of your request.', 'invalid_request_error', null, null));
      return;
    }
    const { messages: rawMessages, ...params } = body;
    rec.params = params;
    rec.stream = body.stream === true;
    rec.model = azureDeployment ?? (typeof body.model === 'string' ? body.model : null);

    let messages: FakeMessage[] | null = null;
    if (Array.isArray(rawMessages)) {
      messages = [];
      for (const m of rawMessages) {
        const role = m && typeof m === 'object' ? (m as { role?: unknown }).role : undefined;
        const content = m && typeof m === 'object' ? contentText((m as { content?: unknown }).content) : null;
        if (typeof role !== 'string' || content === null) {
          messages = null;
          break;
        }
        const images = contentImages((m as { content?: unknown }).content);
        const imageModel = rec.model ?? '';
        messages.push(images.length > 0 ? { role, content, images, imageTokens: images.reduce((sum, image) => sum + fakeImageTokens(imageModel, image), 0) } : { role, content });
      }
    }
    rec.messages = messages;

    // 1. authentication
    const key = rec.auth === null ? null : extractKey(req);
    if (!key) {
      if (azureDeployment !== null) {
        send(res, rec, 401, { error: { code: '401', message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.' } });
      } else {
        send(
          res,
          rec,
          401,
          openaiError(
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            'invalid_request_error',
            null,
            null,
          ),
        );
      }
      return;
    }
    if (key === BAD_KEY || fault?.kind === 'auth') {
      if (azureDeployment !== null) {
        send(res, rec, 401, {
          error: {
            code: '401',
            message:
              'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
          },
        });
      } else {
        // The real API echoes (a masked form of) the key: the client must not pass it on.
        send(
          res,
          rec,
          401,
          openaiError(
            `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            'invalid_request_error',
            null,
            'invalid_api_key',
          ),
        );
      }
      return;
    }

    // 2. faults that do not depend on the request
    if (fault?.kind === 'rate-limit') {
      const f = fault;
      f.times -= 1;
      if (f.times <= 0) fault = null;
      const seconds = f.retryAfterSeconds;
      send(
        res,
        rec,
        429,
        openaiError(
          `Rate limit reached for ${rec.model ?? 'gpt-4o-mini'} in organization org-fake on tokens per min (TPM): Limit 200000, Used 200000, Requested 1000. Please try again in ${seconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          'tokens',
          null,
          'rate_limit_exceeded',
        ),
        {
          'retry-after': String(Math.ceil(seconds)),
          'retry-after-ms': String(Math.round(seconds * 1000)),
          'x-ratelimit-limit-tokens': '200000',
          'x-ratelimit-remaining-tokens': '0',
          'x-ratelimit-reset-tokens': `${seconds}s`,
        },
      );
      return;
    }
    if (fault?.kind === 'server-error') {
      const f = fault;
      f.times -= 1;
      if (f.times <= 0) fault = null;
      send(res, rec, 500, openaiError('The server had an error while processing your request. Sorry about that!', 'server_error', null, null));
      return;
    }
    if (fault?.kind === 'hang' || (fault?.kind === 'stall-stream' && !rec.stream)) return; // never answer
    if (fault?.kind === 'cut-stream' && !rec.stream) {
      req.socket.destroy();
      return;
    }

    // 3. request validation
    if (!messages || messages.length === 0) {
      send(res, rec, 400, openaiError("Invalid value for 'messages': expected a non-empty array of messages.", 'invalid_request_error', 'messages', null));
      return;
    }
    const modelId = rec.model ?? '';
    const model = models[modelId];
    if (!model) {
      if (azureDeployment !== null) {
        send(res, rec, 404, {
          error: {
            code: 'DeploymentNotFound',
            message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
          },
        });
      } else {
        send(
          res,
          rec,
          404,
          openaiError(`The model \`${modelId}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found'),
        );
      }
      return;
    }
    const perMessage = messages.map(messageTokens);
    // Structured Outputs (structured.ts): the schema is billed as prompt tokens, and the answer is its JSON
    const structured = isJsonSchemaFormat(body.response_format) ? body.response_format : null;
    const promptTokens = chatPromptTokens(messages) + (structured ? responseFormatTokens(structured) : 0);
    rec.promptTokens = promptTokens;
    const maxParam = typeof body.max_completion_tokens === 'number' ? 'max_completion_tokens' : typeof body.max_tokens === 'number' ? 'max_tokens' : null;
    const maxTokens = maxParam ? (body[maxParam] as number) : null;
    if (promptTokens + (maxTokens ?? 0) > model.contextWindow) {
      const message =
        maxTokens !== null
          ? `This model's maximum context length is ${model.contextWindow} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`
          : `This model's maximum context length is ${model.contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`;
      send(res, rec, 400, openaiError(message, 'invalid_request_error', 'messages', 'context_length_exceeded'));
      return;
    }
    if (maxParam && maxTokens !== null && model.maxOutput !== undefined && maxTokens > model.maxOutput) {
      send(
        res,
        rec,
        400,
        openaiError(
          `${maxParam} is too large: ${maxTokens}. This model supports at most ${model.maxOutput} completion tokens, whereas you provided ${maxTokens}.`,
          'invalid_request_error',
          maxParam,
          'invalid_value',
        ),
      );
      return;
    }

    // 4. the answer
    const hashes = messages.map((m) => createHash('sha1').update(m.role).update('\u0000').update(m.content).digest('hex'));
    const cumulative: number[] = [];
    perMessage.reduce((sum, t) => {
      cumulative.push(sum + t);
      return sum + t;
    }, 0);
    const cachedTokens = cachedTokensFor(modelId, hashes);
    // a page image to transcribe gets the fixed transcription
    const full = structured ? structuredAnswer(messages, structured) : messages.some((m) => (m.imageTokens ?? 0) > 0) ? FAKE_TRANSCRIPTION : respond(messages, behaviour);
    let text = full;
    let finishReason = 'stop';
    if (maxTokens !== null && textTokens(full) > maxTokens) {
      text = truncateToTokens(full, maxTokens);
      finishReason = 'length';
    }
    const completionTokens = textTokens(text);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
    const remember = (): void => {
      cache.push({ model: modelId, hashes, cumulative });
      if (cache.length > CACHE_ENTRIES) cache = cache.slice(-CACHE_ENTRIES);
    };
    const id = `chatcmpl-fake${String(nextId++).padStart(6, '0')}`;
    const created = Math.floor(Date.now() / 1000);
    const common = { id, created, model: modelId, service_tier: 'default', system_fingerprint: 'fp_fake0001' };

    if (!rec.stream) {
      remember();
      send(res, rec, 200, {
        ...common,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason }],
        usage,
      });
      return;
    }

    const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
    const includeUsage = streamOptions?.include_usage === true;
    rec.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const write = (data: unknown): void => {
      if (!res.destroyed) res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    };
    const chunk = (delta: Record<string, unknown>, finish: string | null): unknown => ({
      ...common,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const streamFault = fault?.kind === 'cut-stream' || fault?.kind === 'stall-stream' ? fault : null;
    const stopAt = streamFault ? streamFault.afterChunks : Number.POSITIVE_INFINITY;
    write(chunk({ role: 'assistant', content: '', refusal: null }, null));
    let sent = 0;
    for (const piece of splitChunks(text, wordsPerChunk)) {
      if (sent >= stopAt) break;
      await sleep(chunkDelayMs);
      if (res.destroyed || closed) return;
      write(chunk({ content: piece }, null));
      sent++;
    }
    if (streamFault) {
      await sleep(Math.max(chunkDelayMs, 20));
      if (streamFault.kind === 'cut-stream') res.socket?.destroy();
      // stall-stream: keep the connection open and send nothing more.
      return;
    }
    await sleep(chunkDelayMs);
    if (res.destroyed || closed) return;
    write(chunk({}, finishReason));
    if (includeUsage) write({ ...common, object: 'chat.completion.chunk', choices: [], usage });
    write('[DONE]');
    remember();
    res.end();
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (path === '/__control/fault' && req.method === 'POST') {
      const raw = await readBody(req);
      let value: unknown;
      try {
        value = raw.trim() === '' ? null : JSON.parse(raw);
      } catch {
        send(res, null, 400, { error: 'body must be JSON: a fault or null' });
        return;
      }
      if (value !== null && !isFault(value)) {
        send(res, null, 400, { error: 'unknown fault; see tests/fake-openai/server.ts Fault' });
        return;
      }
      fault = value === null ? null : { ...value };
      send(res, null, 200, { fault });
      return;
    }
    if (path === '/__control/behaviour' && req.method === 'POST') {
      let value: unknown;
      try {
        const raw = await readBody(req);
        value = raw.trim() === '' ? null : JSON.parse(raw);
      } catch {
        send(res, null, 400, { error: 'body must be JSON: a behaviour or null' });
        return;
      }
      if (value !== null && !isBehaviour(value)) {
        send(res, null, 400, { error: 'unknown behaviour; see tests/fake-openai/behaviours.ts Behaviour' });
        return;
      }
      api.setBehaviour(value);
      send(res, null, 200, { behaviour });
      return;
    }
    if (path === '/__control/fault' && req.method === 'GET') {
      send(res, null, 200, { fault });
      return;
    }
    if (path === '/__control/requests' && req.method === 'GET') {
      send(res, null, 200, requests);
      return;
    }
    if (path === '/__control/batches' && req.method === 'POST') {
      const value = JSON.parse((await readBody(req)) || '{}') as Partial<BatchOptions>;
      if (typeof value.enabled === 'boolean') batchRoutes.options.enabled = value.enabled;
      if (typeof value.hold === 'boolean') batchRoutes.options.hold = value.hold;
      send(res, null, 200, batchRoutes.options);
      return;
    }
    if (path === '/__control/reset' && req.method === 'POST') {
      api.reset();
      send(res, null, 200, { ok: true });
      return;
    }
    send(res, null, 404, { error: `no control route ${req.method} ${path}` });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/__control/')) {
      handleControl(req, res, path).catch((err: unknown) => send(res, null, 500, { error: String(err) }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === 'authorization' || name === 'api-key' || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const auth = /^Bearer\s+\S/i.test(req.headers.authorization ?? '') ? 'bearer' : req.headers['api-key'] ? 'api-key' : null;
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      auth,
      messages: null,
      params: null,
      model: null,
      stream: false,
      promptTokens: null,
      status: null,
      at: Date.now(),
    };
    requests.push(rec);

    const fail = (err: unknown): void => {
      if (!res.headersSent) send(res, rec, 500, openaiError(`fake server error: ${String(err)}`, 'server_error', null, null));
      else res.destroy();
    };
    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
    if (req.method === 'POST' && azure) {
      if (!url.searchParams.get('api-version')) {
        send(res, rec, 404, { error: { code: '404', message: 'Resource not found' } });
        return;
      }
      handleChat(req, res, rec, decodeURIComponent(azure[1] ?? '')).catch(fail);
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      handleChat(req, res, rec, null).catch(fail);
      return;
    }
    if (batchRoutes.handle(req, res, path, (r, status, body) => send(r, rec, status, body))) return;
    if (req.method === 'GET' && path === '/v1/models') {
      if (!extractKey(req)) {
        send(res, rec, 401, openaiError("You didn't provide an API key.", 'invalid_request_error', null, null));
        return;
      }
      if (extractKey(req) === BAD_KEY || fault?.kind === 'auth') {
        send(res, rec, 401, openaiError('Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key'));
        return;
      }
      handleModels(res, rec);
      return;
    }
    send(res, rec, 404, openaiError(`Invalid URL (${req.method ?? 'GET'} ${path})`, 'invalid_request_error', null, null));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  selfOrigin = origin;

  const api: FakeOpenAI = {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    requests,
    batches: batchRoutes,
    get fault() {
      return fault;
    },
    setFault(f: Fault | null) {
      fault = f === null ? null : { ...f };
    },
    get behaviour() {
      return behaviour;
    },
    setBehaviour(b: Behaviour | null) {
      behaviour = b === null ? { kind: 'verbatim' } : { ...b };
    },
    reset() {
      requests.length = 0;
      fault = null;
      behaviour = { kind: 'verbatim' };
      cache = [];
      batchRoutes.reset();
    },
    close() {
      closed = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
    },
  };
  return api;
}

function extractKey(req: IncomingMessage): string | null {
  const bearer = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  const apiKey = req.headers['api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  return null;
}
