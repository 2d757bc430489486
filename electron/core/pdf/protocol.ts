import type { ExtractedPage } from './types';

/** workerData of a pdf worker: the document bytes (shared, not copied per worker) and its password. */
export interface PdfWorkerData {
  data: SharedArrayBuffer;
  byteLength: number;
  password: string | undefined;
}

export type ToWorker =
  | { type: 'page'; id: number; pageNumber: number; label: string | null }
  /** Free the document and open this one (a worker kept from the document before: pool.ts, idle workers). */
  | { type: 'open'; init: PdfWorkerData }
  /** Free the document and wait for the next one. */
  | { type: 'release' }
  /** Free the document and exit. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'page'; id: number; page: ExtractedPage };
