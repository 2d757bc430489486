/**
 * The preload (sandboxed, contextIsolation): exposes `window.pagewise`, a
 * typed ApiClient over the ONE IPC channel, plus menu events, the path of a
 * dropped file and the bytes of a stored PDF. Nothing else: no ipcRenderer,
 * no Node. Errors reject as ErrorShape objects ({ type, code, message }),
 * which cross the context bridge intact (Error subclasses would not).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiClient, CallOptions, IpcEventMessage, IpcRequest, IpcResponse, MenuCommand, OpInput, OpName, OpOutput } from '../../shared/api/index';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, IPC_MENU_CHANNEL, MENU_COMMANDS } from '../../shared/api/channels';
import { isDocumentId } from '../../shared/api/document-id';

let counter = 0;
function newCallId(): string {
  counter += 1;
  return `c${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

const listeners = new Map<string, NonNullable<CallOptions['onEvent']>>();
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: IpcEventMessage) => {
  listeners.get(message?.callId)?.(message.event);
});

const client: ApiClient = {
  async call<Op extends OpName>(op: Op, input: OpInput<Op>, options: CallOptions = {}): Promise<OpOutput<Op>> {
    const callId = newCallId();
    const { signal, onEvent } = options;
    if (signal?.aborted) throw { type: 'PagewiseError', code: 'CANCELLED', message: 'The operation was cancelled.' };
    if (onEvent) listeners.set(callId, onEvent);
    const onAbort = () => {
      const cancel: IpcRequest = { kind: 'cancel', callId };
      void ipcRenderer.invoke(IPC_CHANNEL, cancel);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const request: IpcRequest = { kind: 'call', callId, op, input };
      const response = (await ipcRenderer.invoke(IPC_CHANNEL, request)) as IpcResponse;
      if (response.ok) return response.result as OpOutput<Op>;
      throw response.error;
    } finally {
      listeners.delete(callId);
      signal?.removeEventListener('abort', onAbort);
    }
  },
};

const bridge = {
  call: client.call,
  onMenu(listener: (command: MenuCommand) => void): () => void {
    const handler = (_event: unknown, command: unknown) => {
      if (typeof command === 'string' && (MENU_COMMANDS as readonly string[]).includes(command)) listener(command as MenuCommand);
    };
    ipcRenderer.on(IPC_MENU_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_MENU_CHANNEL, handler);
    };
  },
  /** The path of a file dropped on the window (drag and drop). */
  getPathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  /** The stored PDF's bytes for the viewer (served by main's app:// protocol). */
  async fileBytes(docId: string): Promise<Uint8Array> {
    if (!isDocumentId(docId)) throw { type: 'PagewiseError', code: 'DOC_NOT_FOUND', message: 'That document is not in the library.' };
    const response = await fetch(`app://pagewise/file/${docId}`);
    if (!response.ok) throw { type: 'PagewiseError', code: 'DOC_NOT_FOUND', message: 'The stored PDF could not be read.' };
    return new Uint8Array(await response.arrayBuffer());
  },
};

contextBridge.exposeInMainWorld('pagewise', bridge);
