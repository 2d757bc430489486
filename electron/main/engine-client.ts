/**
 * Main's side of the engine host: sends calls, matches replies by id, relays
 * events, forwards cancels. Knows nothing of Electron beyond a port-like
 * object, so it is unit-testable.
 */
import type { ErrorShapeWire, OpEvent, OpName } from '../../shared/api';
import type { HostReply, HostRequest } from './engine-protocol';

export interface HostPortLike {
  postMessage(message: HostRequest): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: ErrorShapeWire): void;
  onEvent?: (event: OpEvent) => void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly files = new Map<number, (path: string | null) => void>();

  constructor(private port: HostPortLike) {}

  /** Feed every message from the host here. */
  receive(message: HostReply): void {
    switch (message.type) {
      case 'event':
        this.pending.get(message.id)?.onEvent?.(message.event);
        return;
      case 'result': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(message.error);
        return;
      }
      case 'filePath':
        this.files.get(message.id)?.(message.path);
        this.files.delete(message.id);
        return;
      default:
        return;
    }
  }

  call(op: OpName, input: unknown, options: { signal?: AbortSignal; onEvent?: (event: OpEvent) => void } = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
      options.signal?.addEventListener('abort', () => this.port.postMessage({ type: 'cancel', id }), { once: true });
      this.port.postMessage({ type: 'call', id, op, input });
    });
  }

  filePath(docId: string): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.files.set(id, resolve);
      this.port.postMessage({ type: 'filePath', id, docId });
    });
  }

  /** The host died: fail everything in flight, talk to a new one from now on. */
  reset(port: HostPortLike, reason: string): void {
    for (const pending of this.pending.values()) pending.reject({ type: 'PagewiseError', code: 'ENGINE_UNREACHABLE', message: reason });
    for (const resolve of this.files.values()) resolve(null);
    this.pending.clear();
    this.files.clear();
    this.port = port;
  }
}
