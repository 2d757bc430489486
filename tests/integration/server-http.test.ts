/**
 * Browser mode over real HTTP: the token guards every /api route (header or
 * the session cookie the first load trades it for, never a query), the Host
 * header is checked, an ingest streams progress then its result over SSE,
 * closing the stream cancels the job, the HTML carries a strict CSP.
 * Real engine, real SQLite in a temp dir, real PDFs, the fake OpenAI server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createHttpClient, readSse, type HttpApiClient, type OpEvent } from '../../shared/api';
import { createEngine, type Engine } from '../../electron/core/engine';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { startServer, type RunningServer } from '../../electron/server';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, makeEncryptedPdf, makeLargePdf } from '../fixtures/make-fixtures';

let dir: string;
let engine: Engine;
let server: RunningServer;
let client: HttpApiClient;
let fake: FakeOpenAI;
let origin: string;
let contract: Uint8Array;
/** A file beside the served folder that no request may read. */
const SECRET = 'pagewise-secret-7f3a9c outside the served folder';

function rawGet(pathName: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: pathName, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-server-'));
  const staticDir = path.join(dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Pagewise</title><div id="root"></div>');
  writeFileSync(path.join(staticDir, 'app.js'), 'console.log("pagewise")');
  writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fake = await startFakeOpenAI({ chunkDelayMs: 5 });
  engine = await createEngine({
    libraryPath: path.join(dir, 'library.db'),
    secrets: memorySecretStore('sk-test-000000000000000000'),
    env: { OPENAI_API_KEY: 'sk-test-000000000000000000', OPENAI_BASE_URL: fake.baseUrl },
  });
  server = await startServer({ engine, host: '127.0.0.1', port: 0, staticDir });
  origin = `http://127.0.0.1:${server.port}`;
  client = createHttpClient({ baseUrl: origin, token: server.token });
  contract = await makeContractPdf();
});

afterAll(async () => {
  await server?.close();
  engine?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('prints a loopback URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(new URL(server.url).searchParams.get('token')).toBe(server.token);
  });

  it('refuses /api requests without the token or with a wrong one (401)', async () => {
    const none = await fetch(`${origin}/api/library.list`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ type: 'PagewiseError', code: 'UNAUTHORIZED' });
    const wrong = await fetch(`${origin}/api/library.list`, { method: 'POST', body: '{}', headers: { 'x-pagewise-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(401);
    const file = await fetch(`${origin}/api/file/${'a'.repeat(64)}`);
    expect(file.status).toBe(401);
    const upload = await fetch(`${origin}/api/upload`, { method: 'POST', body: Buffer.from(contract) });
    expect(upload.status).toBe(401);
    // the token in a query is not accepted on /api (it would end up in logs and history)
    const viaQuery = await fetch(`${origin}/api/library.list?token=${server.token}`, { method: 'POST', body: '{}' });
    expect(viaQuery.status).toBe(401);
    const fileViaQuery = await fetch(`${origin}/api/file/${'a'.repeat(64)}?token=${server.token}`);
    expect(fileViaQuery.status).toBe(401);
    await expect(createHttpClient({ baseUrl: origin, token: 'nope-nope-nope-nope' }).call('library.list', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('trades the token in the first address for an HttpOnly cookie and a redirect without it', async () => {
    const first = await fetch(`${origin}/?token=${server.token}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api/);
    // the cookie alone (what the page sends) opens /api
    const pair = cookie.split(';')[0]!;
    const list = await fetch(`${origin}/api/library.list`, { method: 'POST', body: '{}', headers: { cookie: pair } });
    expect(list.status).toBe(200);
    // a cookie with a wrong value does not
    const forged = await fetch(`${origin}/api/library.list`, { method: 'POST', body: '{}', headers: { cookie: `${pair.split('=')[0]}=${'x'.repeat(43)}` } });
    expect(forged.status).toBe(401);
    // a wrong token in the address is dropped without a cookie
    const wrong = await fetch(`${origin}/documents/abc?token=${'x'.repeat(43)}&keep=1`, { redirect: 'manual' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe('/documents/abc?keep=1');
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('says the engine cannot be reached, with one code, when nothing listens', async () => {
    const gone = createHttpClient({ baseUrl: 'http://127.0.0.1:9', token: server.token });
    await expect(gone.call('library.list', {})).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/pagewise serve/) });
    await expect(gone.fileBytes('a'.repeat(64))).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const rebound = await rawGet('/', { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(421);
    const rebound2 = await rawGet(`/api/file/${'a'.repeat(64)}`, { host: 'attacker.test', 'x-pagewise-token': server.token });
    expect(rebound2.status).toBe(421);
    const ok = await rawGet('/', { host: `localhost:${server.port}` });
    expect(ok.status).toBe(200);
    const cross = await fetch(`${origin}/api/library.list`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-pagewise-token': server.token, origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the interface with a strict Content-Security-Policy and nosniff', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "connect-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // unknown routes fall back to the app; traversal does not escape the folder
    expect((await fetch(`${origin}/documents/abc`)).status).toBe(200);
    // a file one folder above the served one stays unreadable, however the climb is spelled
    for (const climb of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/../../secret.txt', '/%2e%2e%5csecret.txt']) {
      const traversal = await rawGet(climb, { host: `127.0.0.1:${server.port}` });
      expect(traversal.body, climb).not.toContain(SECRET);
    }
    expect((await fetch(`${origin}/missing.js`)).status).toBe(404);
  });

  it('uploads a PDF, streams ingest progress then the result, and serves the stored file', async () => {
    const { uploadId, byteSize } = await client.upload(new Blob([Buffer.from(contract)]), 'Lease – Harbor.pdf');
    expect(byteSize).toBe(contract.byteLength);
    const events: OpEvent[] = [];
    const result = await client.call('library.ingest', { source: { kind: 'upload', uploadId }, fileName: 'Lease – Harbor.pdf' }, { onEvent: (e) => events.push(e) });
    expect(result.alreadyPresent).toBe(false);
    expect(result.document.pageCount).toBe(6);
    expect(result.document.fileName).toBe('Lease – Harbor.pdf');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'progress')).toBe(true);

    const list = await client.call('library.list', {});
    expect(list.documents.map((d) => d.id)).toContain(result.document.id);

    // the upload is consumed
    await expect(client.call('library.ingest', { source: { kind: 'upload', uploadId } })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });

    const file = await fetch(`${origin}/api/file/${result.document.id}`, { headers: { 'x-pagewise-token': server.token } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await client.fileBytes(result.document.id)).equals(Buffer.from(contract))).toBe(true);
    const part = await client.fileBytes(result.document.id, { range: 'bytes=0-4' });
    expect(Buffer.from(part).toString('latin1')).toBe('%PDF-');
    await expect(client.fileBytes('b'.repeat(64))).rejects.toMatchObject({ code: 'DOC_NOT_FOUND' });
  });

  it('keeps an upload for a retry with the password, and names the document as the browser did', async () => {
    const locked = await makeEncryptedPdf('open-sesame');
    const { uploadId } = await client.upload(new Blob([Buffer.from(locked)]), 'blob');
    await expect(client.call('library.ingest', { source: { kind: 'upload', uploadId }, fileName: 'Board minutes.pdf' })).rejects.toMatchObject({ code: 'ENCRYPTED_PDF' });
    const result = await client.call('library.ingest', { source: { kind: 'upload', uploadId }, fileName: 'Board minutes.pdf', password: 'open-sesame' });
    expect(result.document.fileName).toBe('Board minutes.pdf');
    // a file name cannot climb out of the upload folder
    const sneaky = await client.upload(new Blob([Buffer.from(contract)]), '../../../etc/passwd.pdf');
    const again = await client.call('library.ingest', { source: { kind: 'upload', uploadId: sneaky.uploadId }, fileName: '../../x/../lease copy.pdf' });
    expect(again.alreadyPresent).toBe(true);
    expect(again.document.fileName).not.toContain('/');
  });

  it('shows the raw SSE wire: event progress... then event result', async () => {
    const big = await makeLargePdf(12, { title: 'Wire test' });
    const up = await client.upload(new Blob([Buffer.from(big)]), 'wire.pdf');
    const response = await fetch(`${origin}/api/library.ingest`, {
      method: 'POST',
      headers: { 'x-pagewise-token': server.token, 'content-type': 'application/json' },
      body: JSON.stringify({ source: { kind: 'upload', uploadId: up.uploadId } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const names: string[] = [];
    let last: unknown = null;
    for await (const message of readSse(response.body!)) {
      names.push(message.event);
      last = JSON.parse(message.data);
    }
    expect(names.at(-1)).toBe('result');
    expect(names.slice(0, -1).length).toBeGreaterThan(0);
    expect(new Set(names.slice(0, -1))).toEqual(new Set(['progress']));
    expect(last).toMatchObject({ document: { pageCount: 12, fileName: 'wire.pdf' } });
  });

  it('answers a payload that fails the schema with an INVALID_INPUT error event', async () => {
    await expect(client.call('library.page', { docId: 'x', pageNumber: -3 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const raw = await fetch(`${origin}/api/library.list`, { method: 'POST', headers: { 'x-pagewise-token': server.token }, body: '{not json' });
    expect(raw.status).toBe(400);
    const unknown = await fetch(`${origin}/api/library.dropAll`, { method: 'POST', headers: { 'x-pagewise-token': server.token }, body: '{}' });
    expect(unknown.status).toBe(404);
    await expect(client.call('shell.openPdfDialog', {})).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
  });

  it('answers an over-large operation body with 413 saying so, not "not valid JSON"', async () => {
    const body = JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) });
    const raw = await fetch(`${origin}/api/library.list`, { method: 'POST', headers: { 'x-pagewise-token': server.token }, body });
    expect(raw.status).toBe(413);
    const error = (await raw.json()) as { code: string; message: string };
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/too large/);
    expect(error.message).not.toMatch(/not valid JSON/);
    // the refused body does not break the connection later requests reuse
    for (let i = 0; i < 3; i++) await expect(client.call('library.list', {})).resolves.toHaveProperty('documents');
  });

  it('answers a malformed file address with 404 DOC_NOT_FOUND, not a server error', async () => {
    const bad = await rawGet(`/api/file/%E0%A4%A`, { host: `127.0.0.1:${server.port}`, 'x-pagewise-token': server.token });
    expect(bad.status).toBe(404);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'DOC_NOT_FOUND' });
  });

  it('cancels the job when the client closes the stream: the streamed answer is kept as incomplete', async () => {
    const { documents } = await client.call('library.list', {});
    const lease = documents.find((d) => d.pageCount === 6)!;
    fake.setFault({ kind: 'stall-stream', afterChunks: 2 });
    const controller = new AbortController();
    let streamed = '';
    const pending = client.call(
      'analysis.ask',
      { docId: lease.id, question: 'What notice is needed to terminate the lease?', strategy: 'auto', fresh: true },
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'delta') {
            streamed += e.text;
            controller.abort();
          }
        },
      },
    );
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('CANCELLED');
    expect(streamed.length).toBeGreaterThan(0);
    // The stalled provider stream would hang for minutes; only the abort ends the job.
    const stored = await until(async () => {
      const { items } = await client.call('history.list', { docId: lease.id });
      return items.find((i) => i.question.startsWith('What notice') && i.status !== 'complete');
    }, 'the cancelled answer in history');
    expect(stored.status).toBe('incomplete');
    expect(stored.text).toContain(streamed.trim().split(/\s+/)[0]!);
    fake.setFault(null);
  });

  it('streams a real answer with citations once the provider is healthy', async () => {
    const { documents } = await client.call('library.list', {});
    const lease = documents.find((d) => d.pageCount === 6)!;
    const deltas: string[] = [];
    const answer = await client.call(
      'analysis.ask',
      { docId: lease.id, question: 'What notice is needed to terminate the lease?', strategy: 'auto', fresh: true },
      { onEvent: (e) => e.type === 'delta' && deltas.push(e.text) },
    );
    expect(deltas.length).toBeGreaterThan(1);
    expect(answer.status).toBe('complete');
    expect(answer.citations.some((c) => c.page === 4 && c.verified)).toBe(true);
    const settings = await client.call('settings.get', {});
    expect(JSON.stringify(settings)).not.toContain('sk-test-000000000000000000');
  });
});
