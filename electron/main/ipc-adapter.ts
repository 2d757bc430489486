/**
 * The generic IPC adapter (docs/ARCHITECTURE.md rules 1 and 7): ONE invoke channel
 * carrying { kind: 'call', callId, op, input } or { kind: 'cancel', callId }.
 * It checks the sender frame is our own page, validates the envelope and the
 * op's input with the contract's schema, then forwards to the backend (the
 * engine host, or main's own shell handlers) and relays events to the sender.
 * No electron import: main passes ipcMain in, tests pass a stand-in.
 */
import {
  IPC_CHANNEL,
  IPC_EVENT_CHANNEL,
  IpcRequestSchema,
  api,
  formatZodError,
  isErrorCode,
  isOpName,
  type ErrorCode,
  type ErrorShapeWire,
  type IpcEventMessage,
  type IpcResponse,
  type OpEvent,
  type OpName,
} from '../../shared/api';

export interface IpcSenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}
export interface IpcInvokeEventLike {
  readonly sender: IpcSenderLike;
  /** null when the frame navigated away or was destroyed. */
  readonly senderFrame: { readonly url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface BackendCall {
  op: OpName;
  /** Already validated by the contract's input schema. */
  input: unknown;
  signal: AbortSignal;
  onEvent: (event: OpEvent) => void;
}
/** Resolves with the op's output; rejects with anything (normalised to ErrorShape here). */
export type Backend = (call: BackendCall) => Promise<unknown>;

export interface IpcAdapterOptions {
  /** True for our own page (e.g. app://pagewise/...). */
  isTrustedUrl: (url: string) => boolean;
  /** Engine operations (relayed to the engine host). */
  engine: Backend;
  /** Shell operations (native dialogs in main). */
  shell: Backend;
}

function fail(code: ErrorCode, message: string): IpcResponse {
  return { ok: false, error: { type: 'PagewiseError', code, message } };
}

function toShape(error: unknown): ErrorShapeWire {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const { code, message } = error as { code: unknown; message: unknown };
    if (isErrorCode(code) && typeof message === 'string') return { type: 'PagewiseError', code, message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'PagewiseError', code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/** Bind the API to ipcMain. Returns a function that unbinds it and cancels running calls. */
export function bindIpcApi(ipcMain: IpcMainLike, options: IpcAdapterOptions): () => void {
  const running = new Map<string, AbortController>();

  ipcMain.handle(IPC_CHANNEL, async (event, payload): Promise<IpcResponse> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!frameUrl || !options.isTrustedUrl(frameUrl)) {
      return fail('FORBIDDEN', 'This page may not call Pagewise.');
    }
    const envelope = IpcRequestSchema.safeParse(payload);
    if (!envelope.success) return fail('INVALID_INPUT', formatZodError(envelope.error, 'the IPC message'));
    const request = envelope.data;
    const key = `${event.sender.id}:${request.callId}`;

    if (request.kind === 'cancel') {
      running.get(key)?.abort();
      return { ok: true, result: null };
    }
    if (!isOpName(request.op)) return fail('INVALID_INPUT', `Unknown operation "${request.op}".`);
    const def = api[request.op];
    const parsed = def.input.safeParse(request.input ?? {});
    if (!parsed.success) return fail('INVALID_INPUT', formatZodError(parsed.error, request.op));
    if (running.has(key)) return fail('INVALID_INPUT', `A call with id "${request.callId}" is already running.`);

    const controller = new AbortController();
    running.set(key, controller);
    const allowed = new Set<string>(def.events);
    const onEvent = (opEvent: OpEvent) => {
      if (!allowed.has(opEvent.type) || controller.signal.aborted || event.sender.isDestroyed()) return;
      const message: IpcEventMessage = { callId: request.callId, event: opEvent };
      event.sender.send(IPC_EVENT_CHANNEL, message);
    };
    const backend = def.scope === 'shell' ? options.shell : options.engine;
    try {
      const result = await backend({ op: request.op, input: parsed.data, signal: controller.signal, onEvent });
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: toShape(error) };
    } finally {
      running.delete(key);
    }
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNEL);
    for (const controller of running.values()) controller.abort();
    running.clear();
  };
}

/** Our own pages: the app:// origin the window loads. */
export const APP_ORIGIN = 'app://pagewise';
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'pagewise';
  } catch {
    return false;
  }
}
