/**
 * The renderer's one door to the engine. The transport is chosen once at start:
 * the Electron preload's `window.pagewise` when present, else HTTP + SSE.
 * Components only see `AppClient` (the contract's ApiClient plus a few
 * transport-specific conveniences with a common shape).
 */
import type { ApiClient, CallOptions, ExportFormatName, ExportTarget, MenuCommand, OpInput, OpName, OpOutput } from '../../../shared/api';
import { createHttpClient, type HttpApiClient } from '../../../shared/api/http-client';
import { TOKEN_QUERY } from '../../../shared/api/wire';
import { downloadBase64 } from '../lib/download';
import { ApiError, toApiError } from './errors';

/** What the preload may expose beyond ApiClient (all optional: feature-detected). */
interface PagewiseBridge extends ApiClient {
  getPathForFile?: (file: File) => string;
  fileBytes?: (docId: string) => Promise<Uint8Array | ArrayBuffer>;
  onMenu?: (listener: (command: MenuCommand) => void) => (() => void) | void;
}

declare global {
  interface Window {
    pagewise?: PagewiseBridge;
  }
}

export type IngestResult = OpOutput<'library.ingest'>;

export interface AppClient {
  readonly transport: 'ipc' | 'http';
  call<Op extends OpName>(op: Op, input: OpInput<Op>, options?: CallOptions): Promise<OpOutput<Op>>;
  ingestFile(file: File, options: { password?: string } & CallOptions): Promise<IngestResult>;
  /** Electron: the native open dialog; null when the transport has none (use a file input). */
  openDialogPaths(): Promise<string[] | null>;
  ingestPath(path: string, options: { password?: string } & CallOptions): Promise<IngestResult>;
  pdfBytes(docId: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Electron: native save dialog; browser: a download. Returns a line for the status area. */
  saveExport(target: ExportTarget, format: ExportFormatName): Promise<string>;
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

class HttpAppClient implements AppClient {
  readonly transport = 'http' as const;
  constructor(private readonly http: HttpApiClient) {}

  call<Op extends OpName>(op: Op, input: OpInput<Op>, options?: CallOptions): Promise<OpOutput<Op>> {
    return this.http.call(op, input, options);
  }

  async ingestFile(file: File, options: { password?: string } & CallOptions): Promise<IngestResult> {
    options.onEvent?.({ type: 'progress', progress: { stage: 'upload', done: 0, total: 0, message: 'Uploading…' } });
    const { uploadId } = await this.http.upload(file, file.name, options.signal ? { signal: options.signal } : {});
    return this.http.call(
      'library.ingest',
      { source: { kind: 'upload', uploadId }, fileName: file.name, ...(options.password ? { password: options.password } : {}) },
      options,
    );
  }

  async openDialogPaths(): Promise<string[] | null> {
    return null;
  }

  ingestPath(path: string, options: { password?: string } & CallOptions): Promise<IngestResult> {
    return this.http.call('library.ingest', { source: { kind: 'path', path }, ...(options.password ? { password: options.password } : {}) }, options);
  }

  pdfBytes(docId: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.http.fileBytes(docId, signal ? { signal } : {});
  }

  async saveExport(target: ExportTarget, format: ExportFormatName): Promise<string> {
    const file = await this.http.call('export.render', { target, format });
    downloadBase64(file.fileName, file.dataBase64, file.mimeType);
    return `Downloaded ${file.fileName}`;
  }

  onMenu(): () => void {
    return () => undefined;
  }
}

class IpcAppClient implements AppClient {
  readonly transport = 'ipc' as const;
  constructor(private readonly bridge: PagewiseBridge) {}

  async call<Op extends OpName>(op: Op, input: OpInput<Op>, options?: CallOptions): Promise<OpOutput<Op>> {
    try {
      return await this.bridge.call(op, input, options);
    } catch (error) {
      // the preload rejects with plain ErrorShape objects (Error subclasses do not cross the bridge)
      throw toApiError(error);
    }
  }

  async ingestFile(file: File, options: { password?: string } & CallOptions): Promise<IngestResult> {
    const path = this.bridge.getPathForFile?.(file) ?? '';
    if (!path) throw new ApiError('FILE_UNREADABLE', `Pagewise could not read “${file.name}” from here. Use Open PDF… instead.`);
    return this.ingestPath(path, options);
  }

  async openDialogPaths(): Promise<string[] | null> {
    const { paths } = await this.call('shell.openPdfDialog', {});
    return paths;
  }

  ingestPath(path: string, options: { password?: string } & CallOptions): Promise<IngestResult> {
    return this.call('library.ingest', { source: { kind: 'path', path }, ...(options.password ? { password: options.password } : {}) }, options);
  }

  async pdfBytes(docId: string): Promise<Uint8Array> {
    const read = this.bridge.fileBytes;
    if (!read) throw new ApiError('NOT_AVAILABLE', 'This version of the app cannot show the PDF pages; the analysis panel still works.');
    try {
      const data = await read(docId);
      return data instanceof Uint8Array ? data : new Uint8Array(data);
    } catch (error) {
      throw toApiError(error);
    }
  }

  async saveExport(target: ExportTarget, format: ExportFormatName): Promise<string> {
    const result = await this.call('shell.saveExport', { target, format });
    return result.saved ? `Saved to ${result.path ?? 'the chosen file'}` : 'Export cancelled.';
  }

  onMenu(listener: (command: MenuCommand) => void): () => void {
    const off = this.bridge.onMenu?.(listener);
    return typeof off === 'function' ? off : () => undefined;
  }
}

/**
 * Browser mode: the server answers the first load's `?token=` with an HttpOnly
 * session cookie and a redirect without it; should the token still be in the
 * address (an old bookmark, a proxy), drop it so it stays out of history.
 * The page never holds the token: /api calls carry the cookie.
 */
function dropTokenFromAddress(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(TOKEN_QUERY)) return;
  url.searchParams.delete(TOKEN_QUERY);
  window.history.replaceState(window.history.state, '', url.toString());
}

export function createClient(): AppClient {
  if (window.pagewise && typeof window.pagewise.call === 'function') return new IpcAppClient(window.pagewise);
  dropTokenFromAddress();
  const base = new URL('./', window.location.href);
  base.search = '';
  base.hash = '';
  return new HttpAppClient(createHttpClient({ baseUrl: base.toString(), token: null }));
}
