/**
 * What the engine host does with each message from main, without the
 * process plumbing (engine-host.ts wires it to process.parentPort; tests wire
 * it straight to an EngineClient).
 */
import type { OpName } from '../../shared/api';
import { createEngine, type Engine } from '../core/engine';
import { toPagewiseError } from '../core/errors';
import { dispatch } from '../core/service';
import { memorySecretStore } from '../core/settings/secrets';
import { storedDocumentFile } from '../core/store/stored-file';
import type { HostReply, HostRequest } from './engine-protocol';

export interface EngineHost {
  receive(message: HostRequest): void;
  /** Abort running jobs and close the library. */
  close(): Promise<void>;
}

export function createEngineHost(reply: (message: HostReply) => void, env: Record<string, string | undefined> = process.env): EngineHost {
  let enginePromise: Promise<Engine> | null = null;
  const jobs = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();

  async function engineReady(): Promise<Engine> {
    if (!enginePromise) throw new Error('The engine is not initialised.');
    return enginePromise;
  }

  async function handle(message: HostRequest): Promise<void> {
    switch (message.type) {
      case 'init': {
        enginePromise = createEngine({ libraryPath: message.libraryPath, secrets: memorySecretStore(message.apiKey), env });
        try {
          const engine = await enginePromise;
          reply({ type: 'ready', libraryPath: engine.libraryPath });
        } catch (error) {
          reply({ type: 'fatal', message: toPagewiseError(error).message });
        }
        return;
      }
      case 'cancel':
        jobs.get(message.id)?.abort();
        return;
      case 'filePath': {
        try {
          const engine = await engineReady();
          reply({ type: 'filePath', id: message.id, path: storedDocumentFile(engine.library, message.docId)?.path ?? null });
        } catch {
          reply({ type: 'filePath', id: message.id, path: null });
        }
        return;
      }
      case 'call': {
        const controller = new AbortController();
        jobs.set(message.id, controller);
        try {
          const engine = await engineReady();
          const result = await dispatch(engine, message.op as OpName, message.input, {
            signal: controller.signal,
            transport: 'ipc',
            emit: (event) => reply({ type: 'event', id: message.id, event }),
          });
          if (result.ok) reply({ type: 'result', id: message.id, ok: true, value: result.value });
          else reply({ type: 'result', id: message.id, ok: false, error: result.error });
        } catch (error) {
          reply({ type: 'result', id: message.id, ok: false, error: toPagewiseError(error).toJSON() });
        } finally {
          jobs.delete(message.id);
        }
        return;
      }
    }
  }

  return {
    receive(message) {
      if (message.type === 'init') {
        // Ordered: calls queue behind init.
        queue = queue.then(() => handle(message)).catch(() => undefined);
      } else if (message.type === 'cancel') {
        void handle(message);
      } else {
        // Calls wait for init, then run concurrently.
        void queue.then(() => handle(message));
      }
    },
    async close() {
      for (const job of jobs.values()) job.abort();
      const engine = await enginePromise?.catch(() => null);
      engine?.close();
    },
  };
}
