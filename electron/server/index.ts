/**
 * Browser mode: the same API over HTTP + Server-Sent Events, on 127.0.0.1
 * only, every /api route behind a session token (Joplin's model).
 *   POST /api/:op        JSON body -> text/event-stream: progress|delta* then result|error
 *   POST /api/upload     raw PDF bytes (x-file-name) -> { uploadId, byteSize }
 *   GET  /api/file/:id   the stored PDF (Range supported), for the viewer
 *   GET  /*              the built renderer, with a strict CSP
 * The token arrives once in the printed URL (`/?token=`): that first load is
 * answered with an HttpOnly SameSite=Strict cookie and a redirect to the same
 * address without the token, so it stays out of the address bar and history.
 * /api then accepts the token only as that cookie or the x-pagewise-token
 * header, never in a query (docs/ARCHITECTURE.md, "Browser mode").
 * Errors carry an HTTP status only here; their body is always ErrorShape.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { FILE_NAME_HEADER, MAX_UPLOAD_BYTES, TOKEN_HEADER, TOKEN_QUERY, isOpName, type ErrorCode, type OpEvent } from '../../shared/api';
import type { Engine } from '../core/engine';
import { dispatch } from '../core/service';
import { storedDocumentFile } from '../core/store/stored-file';
import { SECURITY_HEADERS, hostAllowed, newSessionToken, originAllowed, sessionCookie, sessionCookieName, tokenFromCookie, tokensEqual } from './security';
import { serveStatic } from './static';
import { createUploadStore } from './uploads';
import { MIN_TOKEN_LENGTH } from './token-source';

export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security';
export { MIN_TOKEN_LENGTH, TOKEN_ENV, TokenSourceError, fixedSessionToken } from './token-source';

export interface ServerOptions {
  engine: Engine;
  /** Loopback only: '127.0.0.1' (default), 'localhost' or '::1'. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Session token; default 32 random bytes. */
  token?: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Largest accepted upload; default 1 GiB. */
  maxUploadBytes?: number;
  /** Parent folder for uploads; default the OS temp dir. */
  uploadsParentDir?: string;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/?token=... : open this. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, code: ErrorCode, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status, { type: 'PagewiseError', code, message });
}

class BodyTooLarge extends Error {}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new BodyTooLarge(`The request body is too large (limit ${MAX_JSON_BYTES / 1024 / 1024} MB).`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  return JSON.parse(text);
}

function sseWrite(response: ServerResponse, event: string, data: unknown): void {
  // JSON has no raw newlines, so one data line per event.
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The token of an /api request: the header (CLI-less clients, tests) or the session cookie (the page). */
function tokenOf(request: IncomingMessage, cookieName: string): string | null {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  return tokenFromCookie(request.headers.cookie, cookieName);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { engine, staticDir } = options;
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`Browser mode listens on the loopback interface only (127.0.0.1), not ${host}.`);
  const token = options.token ?? newSessionToken();
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`The session token must be at least ${MIN_TOKEN_LENGTH} characters.`);
  const maxUpload = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const uploads = createUploadStore(options.uploadsParentDir);
  const jobs = new Set<AbortController>();
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;

  async function handleOp(request: IncomingMessage, response: ServerResponse, opName: string): Promise<void> {
    if (!isOpName(opName)) {
      sendError(response, 404, 'INVALID_INPUT', `Unknown operation "${opName}".`);
      return;
    }
    let input: unknown;
    try {
      input = await readJsonBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is still on its way: close this connection so no later request reuses it.
        response.setHeader('connection', 'close');
        sendError(response, 413, 'INVALID_INPUT', error.message);
      } else {
        sendError(response, 400, 'INVALID_INPUT', `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    const controller = new AbortController();
    jobs.add(controller);
    // The client went away (closed the stream, Stop button, tab closed): cancel the job.
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    response.flushHeaders();
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    const emit = (event: OpEvent) => {
      if (response.writableEnded || response.destroyed) return;
      if (event.type === 'progress') sseWrite(response, 'progress', event.progress);
      else sseWrite(response, 'delta', { text: event.text });
    };
    try {
      const result = await dispatch(engine, opName, input, { signal: controller.signal, emit, transport: 'http', uploads });
      if (!response.destroyed) {
        if (result.ok) sseWrite(response, 'result', result.value);
        else sseWrite(response, 'error', result.error);
        response.end();
      }
    } finally {
      clearInterval(keepAlive);
      jobs.delete(controller);
    }
  }

  async function handleUpload(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxUpload) {
      sendError(response, 413, 'FILE_UNREADABLE', `The file is too large to upload (limit ${Math.round(maxUpload / 1024 / 1024)} MB).`);
      request.resume();
      return;
    }
    const rawName = request.headers[FILE_NAME_HEADER];
    let fileName = 'upload.pdf';
    if (typeof rawName === 'string' && rawName) {
      try {
        fileName = decodeURIComponent(rawName);
      } catch {
        fileName = rawName;
      }
    }
    const { uploadId, filePath } = uploads.create(fileName);
    let size = 0;
    let tooLarge = false;
    const limiter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxUpload) {
          tooLarge = true;
          callback(new Error('too large'));
          return;
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(request, limiter, createWriteStream(filePath, { mode: 0o600 }));
    } catch {
      uploads.discard(uploadId);
      if (tooLarge) sendError(response, 413, 'FILE_UNREADABLE', `The file is too large to upload (limit ${Math.round(maxUpload / 1024 / 1024)} MB).`);
      else if (!response.destroyed) sendError(response, 400, 'FILE_UNREADABLE', 'The upload was interrupted; add the PDF again.');
      return;
    }
    if (size === 0) {
      uploads.discard(uploadId);
      sendError(response, 400, 'EMPTY_PDF', `"${fileName}" is empty (0 bytes).`);
      return;
    }
    sendJson(response, 200, { uploadId, byteSize: size });
  }

  async function handleFile(request: IncomingMessage, response: ServerResponse, docId: string): Promise<void> {
    const stored = storedDocumentFile(engine.library, docId);
    if (!stored) {
      sendError(response, 404, 'DOC_NOT_FOUND', 'That document is not in the library.');
      return;
    }
    const { document, path } = stored;
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      sendError(response, 404, 'FILE_NOT_FOUND', `The stored copy of "${document.fileName}" is missing; add the PDF again.`);
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': 'application/pdf',
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=3600',
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
    };
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = request.headers.range;
    if (typeof range === 'string') {
      const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (match && (match[1] || match[2])) {
        if (match[1]) {
          start = Number(match[1]);
          end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
        } else {
          start = Math.max(0, size - Number(match[2]));
        }
        if (start > end || start >= size) {
          response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
          return;
        }
        status = 206;
        headers['content-range'] = `bytes ${start}-${end}/${size}`;
      }
    }
    headers['content-length'] = size === 0 ? 0 : end - start + 1;
    response.writeHead(status, headers);
    if (request.method === 'HEAD' || size === 0) {
      response.end();
      return;
    }
    createReadStream(path, { start, end }).on('error', () => response.destroy()).pipe(response);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (!hostAllowed(request.headers.host, port)) {
      sendError(response, 421, 'FORBIDDEN', 'This server answers only to 127.0.0.1 / localhost.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const method = request.method ?? 'GET';
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!originAllowed(request.headers.origin, port)) {
        sendError(response, 403, 'FORBIDDEN', 'Cross-origin requests are not allowed.');
        return;
      }
      if (!tokensEqual(tokenOf(request, sessionCookieName(port)), token)) {
        sendError(response, 401, 'UNAUTHORIZED', 'Missing or wrong session token: open the URL `pagewise serve` printed.');
        return;
      }
      const rest = url.pathname.slice('/api/'.length);
      if (rest === 'upload') {
        if (method !== 'POST') return sendError(response, 405, 'INVALID_INPUT', 'Use POST to upload.');
        return handleUpload(request, response);
      }
      if (rest.startsWith('file/')) {
        if (method !== 'GET' && method !== 'HEAD') return sendError(response, 405, 'INVALID_INPUT', 'Use GET for files.');
        let docId: string;
        try {
          docId = decodeURIComponent(rest.slice('file/'.length));
        } catch {
          return sendError(response, 404, 'DOC_NOT_FOUND', 'That document is not in the library.');
        }
        return handleFile(request, response, docId);
      }
      if (method !== 'POST') return sendError(response, 405, 'INVALID_INPUT', 'Operations are called with POST.');
      let opName: string;
      try {
        opName = decodeURIComponent(rest);
      } catch {
        return sendError(response, 404, 'INVALID_INPUT', 'Unknown operation.');
      }
      return handleOp(request, response, opName);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendError(response, 405, 'INVALID_INPUT', 'Method not allowed.');
      return;
    }
    if (url.searchParams.has(TOKEN_QUERY)) {
      // First load: trade the token in the address for the session cookie, then
      // send the browser to the same address without it. A wrong token is just dropped.
      const given = url.searchParams.get(TOKEN_QUERY);
      url.searchParams.delete(TOKEN_QUERY);
      const headers: Record<string, string> = { location: `${url.pathname}${url.search}`, 'cache-control': 'no-store' };
      if (tokensEqual(given, token)) headers['set-cookie'] = sessionCookie(port, token);
      response.writeHead(303, headers).end();
      return;
    }
    return serveStatic(request, response, staticDir, url.pathname);
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      sendError(response, 500, 'INTERNAL', `Unexpected server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Requests with huge headers or slow bodies: Node's defaults are fine for a local server. An idle kept-alive
  // connection, though, is closed after 5 s by default, and a request the page sends on it at that moment fails
  // ("fetch failed"): keep idle connections longer than a browser or fetch keeps them (both reuse within ~60 s).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${urlHost}:${port}/?${TOKEN_QUERY}=${encodeURIComponent(token)}`,
    port,
    token,
    async close() {
      for (const job of jobs) job.abort();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
      });
      uploads.close();
    },
  };
}
