/**
 * The fake server's Files and Batch API (issue 12), in the real shapes the openai SDK reads:
 * - POST /v1/files (multipart: purpose "batch", file), GET /v1/files/:id, GET /v1/files/:id/content;
 * - POST /v1/batches, GET /v1/batches (newest first), GET /v1/batches/:id, POST /v1/batches/:id/cancel.
 *
 * A batch advances one status on each retrieve: validating -> in_progress -> completed (cancel:
 * cancelling -> cancelled). Each JSONL line is answered by POSTing its body to this same server's
 * /v1/chat/completions (header x-fake-batch: <batch id>), so a line's chat.completion body, its
 * usage.prompt_tokens and every behaviour are exactly those of a direct request. Output lines:
 * {id, custom_id, response: {status_code, request_id, body}, error}; lines that failed go to the error file.
 *
 * Faults, by a directive anywhere in a line's messages or by the server's options:
 * - `[fake:batch-fail-line]`: that line fails the first time the server runs it (error file: status 500,
 *   server_error), as a passing server error does: re-sent, it succeeds;
 * - `[fake:batch-expire]`: the batch expires: lines before the first such line complete, the rest are
 *   in the error file with code batch_expired;
 * - `[fake:batch-cancel]`: the batch is cancelled on the provider's side (as from the dashboard);
 * - options.enabled false: every route here is a 404, like an OpenAI-compatible server without a Batch API;
 * - options.hold true: batches stay in_progress until released (to kill a waiting process meanwhile).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface BatchOptions {
  /** False: no Batch API (404 on /v1/files and /v1/batches). Default true. */
  enabled: boolean;
  /** True: batches do not leave in_progress. */
  hold: boolean;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  created_at: number;
  content: string;
}

type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

interface InputLine {
  custom_id: string;
  body: Record<string, unknown>;
  url: string;
  text: string;
}

interface StoredBatch {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id?: string;
  error_file_id?: string;
  errors?: { object: 'list'; data: { code: string; message: string; param: string | null; line: number | null }[] };
  created_at: number;
  in_progress_at?: number;
  completed_at?: number;
  expired_at?: number;
  cancelling_at?: number;
  cancelled_at?: number;
  failed_at?: number;
  expires_at: number;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
  model?: string;
  /** not sent: the lines and the caller's key */
  lines: InputLine[];
  auth: string;
  work: Promise<void> | null;
  outputs: string[];
  errorsOut: string[];
}

export interface BatchRoutes {
  /** Handles the request when it is a Files/Batch route; false when it is not one. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, send: Send): boolean;
  options: BatchOptions;
  /** Uploaded files (purpose batch), oldest first. */
  files(): StoredFile[];
  reset(): void;
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;

const FAIL_LINE = '[fake:batch-fail-line]';
const EXPIRE = '[fake:batch-expire]';
const CANCEL = '[fake:batch-cancel]';

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function error(message: string, type = 'invalid_request_error', code: string | null = null): unknown {
  return { error: { message, type, param: null, code } };
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export function createBatchRoutes(origin: () => string, initial: Partial<BatchOptions> = {}): BatchRoutes {
  const options: BatchOptions = { enabled: initial.enabled ?? true, hold: initial.hold ?? false };
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, StoredBatch>();
  /** Lines with the fail directive that already failed once (by their body). */
  const failedOnce = new Set<string>();
  let nextId = 1;
  const newId = (prefix: string): string => `${prefix}-fake${String(nextId++).padStart(6, '0')}`;

  const storeFile = (filename: string, purpose: string, content: string): StoredFile => {
    const file: StoredFile = { id: newId('file'), filename, purpose, bytes: Buffer.byteLength(content), created_at: now(), content };
    files.set(file.id, file);
    return file;
  };
  const fileObject = (f: StoredFile): unknown => ({
    id: f.id,
    object: 'file',
    bytes: f.bytes,
    created_at: f.created_at,
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
    status_details: null,
    expires_at: null,
  });
  const batchObject = (b: StoredBatch): unknown => {
    const { lines: _l, auth: _a, work: _w, outputs: _o, errorsOut: _e, ...visible } = b;
    return visible;
  };

  /** Answer one line through this server's own chat route (same counting, behaviours and errors). */
  const runLine = async (batch: StoredBatch, line: InputLine): Promise<void> => {
    const requestId = `req_${newId('b').slice(2)}`;
    const lineId = `batch_req_${newId('l').slice(2)}`;
    const bodyKey = JSON.stringify(line.body);
    if (line.text.includes(FAIL_LINE) && !failedOnce.has(bodyKey)) {
      failedOnce.add(bodyKey);
      batch.errorsOut.push(
        JSON.stringify({
          id: lineId,
          custom_id: line.custom_id,
          response: { status_code: 500, request_id: requestId, body: error('The server had an error processing this request.', 'server_error') },
          error: null,
        }),
      );
      batch.request_counts.failed++;
      return;
    }
    const res = await fetch(`${origin()}${line.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: batch.auth, 'x-fake-batch': batch.id },
      body: JSON.stringify({ ...line.body, stream: false }),
    });
    const body: unknown = await res.json();
    const out = JSON.stringify({ id: lineId, custom_id: line.custom_id, response: { status_code: res.status, request_id: requestId, body }, error: null });
    if (res.status === 200) {
      batch.outputs.push(out);
      batch.request_counts.completed++;
    } else {
      batch.errorsOut.push(out);
      batch.request_counts.failed++;
    }
  };

  const processLines = async (batch: StoredBatch): Promise<void> => {
    const expireAt = batch.lines.findIndex((l) => l.text.includes(EXPIRE));
    for (const [i, line] of batch.lines.entries()) {
      if (expireAt >= 0 && i >= expireAt) {
        batch.errorsOut.push(
          JSON.stringify({
            id: `batch_req_${newId('l').slice(2)}`,
            custom_id: line.custom_id,
            response: null,
            error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' },
          }),
        );
        continue;
      }
      if (batch.status === 'cancelling') break;
      await runLine(batch, line);
    }
  };

  const finish = (batch: StoredBatch, status: 'completed' | 'expired' | 'cancelled'): void => {
    if (batch.outputs.length > 0) batch.output_file_id = storeFile('batch_output.jsonl', 'batch_output', `${batch.outputs.join('\n')}\n`).id;
    if (batch.errorsOut.length > 0) batch.error_file_id = storeFile('batch_errors.jsonl', 'batch_output', `${batch.errorsOut.join('\n')}\n`).id;
    batch.status = status;
    const t = now();
    if (status === 'completed') batch.completed_at = t;
    else if (status === 'expired') batch.expired_at = t;
    else batch.cancelled_at = t;
  };

  /** One status step per retrieve (the waiting client sees each status). */
  const advance = async (batch: StoredBatch): Promise<void> => {
    switch (batch.status) {
      case 'validating':
        batch.status = 'in_progress';
        batch.in_progress_at = now();
        batch.work = processLines(batch);
        return;
      case 'in_progress': {
        if (options.hold) return;
        await batch.work;
        if (batch.lines.some((l) => l.text.includes(CANCEL))) {
          batch.status = 'cancelling';
          batch.cancelling_at = now();
          return;
        }
        finish(batch, batch.lines.some((l) => l.text.includes(EXPIRE)) ? 'expired' : 'completed');
        return;
      }
      case 'cancelling':
        await batch.work;
        finish(batch, 'cancelled');
        return;
      default:
        return;
    }
  };

  const parseInput = (content: string): { lines: InputLine[]; problems: { code: string; message: string; line: number }[] } => {
    const lines: InputLine[] = [];
    const problems: { code: string; message: string; line: number }[] = [];
    const seen = new Set<string>();
    content.split('\n').forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        const value = JSON.parse(text) as { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
        if (typeof value.custom_id !== 'string' || value.method !== 'POST' || typeof value.url !== 'string' || !value.body || typeof value.body !== 'object') {
          problems.push({ code: 'invalid_request', message: 'Each line needs custom_id, method "POST", url and body.', line: index + 1 });
          return;
        }
        if (seen.has(value.custom_id)) {
          problems.push({ code: 'duplicate_custom_id', message: `The custom_id ${value.custom_id} is used more than once.`, line: index + 1 });
          return;
        }
        seen.add(value.custom_id);
        lines.push({ custom_id: value.custom_id, url: value.url, body: value.body as Record<string, unknown>, text });
      } catch {
        problems.push({ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', line: index + 1 });
      }
    });
    return { lines, problems };
  };

  const handleAsync = async (req: IncomingMessage, res: ServerResponse, path: string, send: Send): Promise<void> => {
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer\s+\S/i.test(auth)) {
      send(res, 401, error("You didn't provide an API key."));
      return;
    }
    if (req.method === 'POST' && path === '/v1/files') {
      const raw = await readRaw(req);
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const purpose = form.get('purpose');
      const file = form.get('file');
      if (typeof purpose !== 'string' || !file || typeof file === 'string') {
        send(res, 400, error("Missing required parameter: 'file' and 'purpose'."));
        return;
      }
      if (purpose !== 'batch') {
        send(res, 400, error(`This fake accepts purpose "batch" only, not "${purpose}".`));
        return;
      }
      send(res, 200, fileObject(storeFile(file.name, purpose, await file.text())));
      return;
    }
    const fileRoute = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (req.method === 'GET' && fileRoute) {
      const file = files.get(decodeURIComponent(fileRoute[1] ?? ''));
      if (!file) {
        send(res, 404, error(`No such File object: ${fileRoute[1] ?? ''}`, 'invalid_request_error'));
        return;
      }
      if (!fileRoute[2]) {
        send(res, 200, fileObject(file));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes) });
      res.end(file.content);
      return;
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const body = JSON.parse((await readRaw(req)).toString('utf8')) as Record<string, unknown>;
      const input = files.get(String(body.input_file_id ?? ''));
      if (!input) {
        send(res, 400, error(`Could not find file ${String(body.input_file_id)}.`));
        return;
      }
      if (body.endpoint !== '/v1/chat/completions' || body.completion_window !== '24h') {
        send(res, 400, error('This fake supports endpoint /v1/chat/completions with completion_window 24h.'));
        return;
      }
      const { lines, problems } = parseInput(input.content);
      const created = now();
      const batch: StoredBatch = {
        id: newId('batch'),
        object: 'batch',
        endpoint: body.endpoint,
        input_file_id: input.id,
        completion_window: '24h',
        status: 'validating',
        created_at: created,
        expires_at: created + 24 * 3600,
        request_counts: { total: lines.length, completed: 0, failed: 0 },
        metadata: (body.metadata as Record<string, string> | undefined) ?? null,
        lines,
        auth,
        work: null,
        outputs: [],
        errorsOut: [],
      };
      const model = lines[0]?.body.model;
      if (typeof model === 'string') batch.model = model;
      if (problems.length > 0 || lines.length === 0) {
        batch.status = 'failed';
        batch.failed_at = created;
        batch.errors = {
          object: 'list',
          data: problems.length > 0 ? problems.map((p) => ({ ...p, param: null })) : [{ code: 'empty_file', message: 'The input file is empty.', param: null, line: null }],
        };
      }
      batches.set(batch.id, batch);
      send(res, 200, batchObject(batch));
      return;
    }
    if (req.method === 'GET' && path === '/v1/batches') {
      const newest = [...batches.values()].reverse();
      send(res, 200, { object: 'list', data: newest.map(batchObject), first_id: newest[0]?.id ?? null, last_id: newest.at(-1)?.id ?? null, has_more: false });
      return;
    }
    const batchRoute = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batchRoute) {
      const batch = batches.get(decodeURIComponent(batchRoute[1] ?? ''));
      if (!batch) {
        send(res, 404, error(`No batch found with id '${batchRoute[1] ?? ''}'.`));
        return;
      }
      if (req.method === 'POST' && batchRoute[2]) {
        if (batch.status === 'validating' || batch.status === 'in_progress') {
          batch.status = 'cancelling';
          batch.cancelling_at = now();
        } else if (batch.status !== 'cancelling' && batch.status !== 'cancelled') {
          send(res, 409, error(`Cannot cancel a batch with status ${batch.status}.`));
          return;
        }
        send(res, 200, batchObject(batch));
        return;
      }
      if (req.method === 'GET' && !batchRoute[2]) {
        await advance(batch);
        send(res, 200, batchObject(batch));
        return;
      }
    }
    send(res, 404, error(`Invalid URL (${req.method ?? 'GET'} ${path})`));
  };

  return {
    options,
    handle(req, res, path, send) {
      if (!/^\/v1\/(files|batches)(\/|$)/.test(path)) return false;
      if (!options.enabled) {
        // what an OpenAI-compatible server without these routes answers
        send(res, 404, { detail: 'Not Found' });
        return true;
      }
      handleAsync(req, res, path, send).catch((err: unknown) => send(res, 500, error(`fake server error: ${String(err)}`, 'server_error')));
      return true;
    },
    files: () => [...files.values()].filter((f) => f.purpose === 'batch'),
    reset() {
      files.clear();
      batches.clear();
      failedOnce.clear();
      options.hold = false;
    },
  };
}
