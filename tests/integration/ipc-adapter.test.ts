/**
 * The Electron IPC adapter with a stand-in for ipcMain and the invoke event
 * (no electron import): it refuses foreign frames and payloads that fail the
 * contract's schema before anything reaches the engine, forwards events to
 * the sender, and relays calls and cancels to a real engine through the same
 * engine-host logic the utilityProcess runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, type IpcEventMessage, type IpcResponse, type OpName } from '../../shared/api';
import { EngineClient } from '../../electron/main/engine-client';
import type { HostReply, HostRequest } from '../../electron/main/engine-protocol';
import { createEngineHost, type EngineHost } from '../../electron/main/host-core';
import { bindIpcApi, isAppUrl, type Backend, type IpcInvokeEventLike, type IpcMainLike } from '../../electron/main/ipc-adapter';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

interface FakeRenderer {
  sent: { channel: string; message: unknown }[];
  invoke(payload: unknown): Promise<IpcResponse>;
}

function renderer(ipc: FakeIpcMain, frameUrl: string | null, id = 1): FakeRenderer {
  const sent: FakeRenderer['sent'] = [];
  const event: IpcInvokeEventLike = {
    sender: { id, send: (channel, message) => sent.push({ channel, message }), isDestroyed: () => false },
    senderFrame: frameUrl === null ? null : { url: frameUrl },
  };
  return {
    sent,
    // Like Electron: the payload is structured-cloned on the way.
    invoke: (payload) => ipc.handlers.get(IPC_CHANNEL)!(event, structuredClone(payload)) as Promise<IpcResponse>,
  };
}

let dir: string;
let fake: FakeOpenAI;
let host: EngineHost;
let client: EngineClient;
let ipc: FakeIpcMain;
const backendCalls: OpName[] = [];
const shellCalls: OpName[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-ipc-'));
  fake = await startFakeOpenAI({ chunkDelayMs: 5 });
  // main <-> host, with structured cloning as over a real MessagePort
  client = new EngineClient({ postMessage: (message: HostRequest) => host.receive(structuredClone(message)) });
  host = createEngineHost((message: HostReply) => client.receive(structuredClone(message)), { OPENAI_BASE_URL: fake.baseUrl });
  host.receive({ type: 'init', libraryPath: path.join(dir, 'library.db'), apiKey: 'sk-test-ipc-000000000000' });
  const engine: Backend = ({ op, input, signal, onEvent }) => {
    backendCalls.push(op);
    return client.call(op, input, { signal, onEvent });
  };
  const shell: Backend = async ({ op }) => {
    shellCalls.push(op);
    return { paths: ['/tmp/picked.pdf'] };
  };
  ipc = new FakeIpcMain();
  bindIpcApi(ipc, { isTrustedUrl: isAppUrl, engine, shell });
});

afterAll(async () => {
  await host.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('IPC adapter', () => {
  it('binds exactly one channel', () => {
    expect([...ipc.handlers.keys()]).toEqual([IPC_CHANNEL]);
  });

  it('refuses calls from a frame that is not our own page', async () => {
    const before = backendCalls.length;
    for (const url of ['https://evil.example/', 'file:///home/user/page.html', 'app://evil/index.html', 'http://127.0.0.1:5173/', null]) {
      const response = await renderer(ipc, url).invoke({ kind: 'call', callId: 'a1', op: 'library.list', input: {} });
      expect(response, String(url)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(backendCalls.length).toBe(before);
  });

  it('refuses payloads that fail the contract schema before they reach the engine', async () => {
    const page = renderer(ipc, 'app://pagewise/index.html');
    const before = backendCalls.length;
    const bad: unknown[] = [
      'library.list',
      { kind: 'call', callId: 'x', op: 'library.list' , input: {}, extra: 1 },
      { kind: 'call', callId: '../../etc', op: 'library.list', input: {} },
      { kind: 'call', callId: 'b1', op: 'library.dropAll', input: {} },
      { kind: 'call', callId: 'b2', op: 'library.page', input: { docId: 'abc', pageNumber: 'one' } },
      { kind: 'call', callId: 'b3', op: 'library.ingest', input: { source: { kind: 'url', url: 'http://evil/' } } },
      { kind: 'call', callId: 'b4', op: 'settings.update', input: { apiKey: 'sk-x', isAdmin: true } },
      { kind: 'call', callId: 'b5', op: 'analysis.ask', input: { docId: 'abc', question: '', strategy: 'auto' } },
    ];
    for (const payload of bad) {
      const response = await page.invoke(payload);
      expect(response, JSON.stringify(payload)).toMatchObject({ ok: false, error: { type: 'PagewiseError', code: 'INVALID_INPUT' } });
    }
    expect(backendCalls.length).toBe(before);
  });

  it('relays a call to the engine host and forwards its progress events to the sender', async () => {
    const page = renderer(ipc, 'app://pagewise/index.html');
    const file = writeTempFixture(`ipc-${process.pid}-lease.pdf`, await makeContractPdf());
    const response = await page.invoke({ kind: 'call', callId: 'ingest1', op: 'library.ingest', input: { source: { kind: 'path', path: file } } });
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(response.result).toMatchObject({ alreadyPresent: false, document: { pageCount: 6 } });
    const events = page.sent.filter((s) => s.channel === IPC_EVENT_CHANNEL).map((s) => s.message as IpcEventMessage);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.callId === 'ingest1' && e.event.type === 'progress')).toBe(true);

    const info = await page.invoke({ kind: 'call', callId: 'info1', op: 'app.info', input: {} });
    expect(info).toMatchObject({ ok: true, result: { transport: 'ipc', offline: false } });
    // Errors cross as ErrorShape with a stable code.
    const missing = await page.invoke({ kind: 'call', callId: 'm1', op: 'library.info', input: { docId: 'f'.repeat(64) } });
    expect(missing).toMatchObject({ ok: false, error: { type: 'PagewiseError', code: 'DOC_NOT_FOUND' } });
  });

  it('sends shell operations to main\'s own handlers, not the engine', async () => {
    const page = renderer(ipc, 'app://pagewise/index.html');
    const before = backendCalls.length;
    const response = await page.invoke({ kind: 'call', callId: 's1', op: 'shell.openPdfDialog', input: {} });
    expect(response).toEqual({ ok: true, result: { paths: ['/tmp/picked.pdf'] } });
    expect(shellCalls).toEqual(['shell.openPdfDialog']);
    expect(backendCalls.length).toBe(before);
  });

  it('cancels a running answer when the renderer sends a cancel for its call id', async () => {
    const page = renderer(ipc, 'app://pagewise/index.html');
    const list = await page.invoke({ kind: 'call', callId: 'l1', op: 'library.list', input: {} });
    const docId = list.ok ? (list.result as { documents: { id: string }[] }).documents[0]!.id : '';
    fake.setFault({ kind: 'stall-stream', afterChunks: 1 });
    const pending = page.invoke({ kind: 'call', callId: 'ask1', op: 'analysis.ask', input: { docId, question: 'How is the lease terminated?', strategy: 'auto', fresh: true } });
    // wait for the first streamed token, then Stop
    for (let i = 0; i < 200 && !page.sent.some((s) => (s.message as IpcEventMessage).event.type === 'delta'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await page.invoke({ kind: 'cancel', callId: 'ask1' })).toEqual({ ok: true, result: null });
    const response = await pending;
    expect(response).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    fake.setFault(null);
  });

  it('never hands the API key back to the renderer', async () => {
    const page = renderer(ipc, 'app://pagewise/index.html');
    const response = await page.invoke({ kind: 'call', callId: 'k1', op: 'settings.get', input: {} });
    expect(response).toMatchObject({ ok: true, result: { hasApiKey: true, apiKeyHint: 'sk-…0000' } });
    expect(JSON.stringify(response)).not.toContain('sk-test-ipc-000000000000');
  });
});
