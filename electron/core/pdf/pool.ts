/**
 * A worker_threads pool for page extraction. Each worker opens the document once and
 * takes pages from one shared queue; results are re-ordered so that onPage sees pages in
 * page order, and at most WINDOW pages are in flight or finished-but-unemitted (memory
 * stays bounded however long the document). A worker that crashes hands its pages back
 * to the queue (a page that crashed two workers is recorded as failed); if no worker is
 * left, the calling thread finishes the job.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cancelledError } from '../errors';
import { closeDocument, extractPage, openDocument } from './document';
import type { PdfDoc } from './document';
import type { FromWorker, PdfWorkerData, ToWorker } from './protocol';
import type { ExtractedPage } from './types';

/**
 * Requests queued per worker: 1 being processed + 3 waiting, so that a worker does not idle while the
 * calling thread is busy with a page of its own (or counting) and cannot hear its answers (with 2, it
 * idled ~5% of a filing's ingest).
 */
const PIPELINE_DEPTH = 4;

let cachedScript: URL | null | undefined;
/** dist/node/pdf-worker.js: beside this bundle, or (running from TS sources) in <repo>/dist/node/. */
export function workerScriptUrl(): URL | null {
  if (cachedScript !== undefined) return cachedScript;
  const candidates = [
    new URL('./pdf-worker.js', import.meta.url),
    new URL('../../../dist/node/pdf-worker.js', import.meta.url),
  ];
  cachedScript = null;
  for (const url of candidates) {
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) {
      cachedScript = url;
      break;
    }
  }
  return cachedScript;
}

/** Shares the document bytes with the worker threads (one copy, not one per worker). */
export function sharedInit(data: Uint8Array, password: string | undefined): PdfWorkerData {
  const shared = new SharedArrayBuffer(data.byteLength);
  new Uint8Array(shared).set(data);
  return { data: shared, byteLength: data.byteLength, password };
}

/**
 * Workers kept between documents (a batch ingest, the app's next file): pdf.js stays loaded and
 * compiled in them, which a new worker pays ~0.1 s of CPU for and then runs cold. At most
 * MAX_IDLE_WORKERS, each closed after IDLE_MS without a document; an idle worker does not keep the
 * process alive (unref).
 */
const MAX_IDLE_WORKERS = 2;
const IDLE_MS = 10_000;
const idleWorkers: { worker: PoolWorker; timer: NodeJS.Timeout }[] = [];

/**
 * Starts `count` pdf workers (each loads pdf.js and opens the document: ~0.2-0.3 s; an idle worker
 * only opens it) so that their start overlaps the calling thread's own; hand them to runPool
 * (job.started), or give them back (releaseWorkers). Returns [] when the worker script is not built.
 */
export function startWorkers(init: PdfWorkerData, count: number): PoolWorker[] {
  const script = workerScriptUrl();
  const out: PoolWorker[] = [];
  if (!script) return out;
  while (out.length < count && idleWorkers.length > 0) {
    const { worker, timer } = idleWorkers.pop() as { worker: PoolWorker; timer: NodeJS.Timeout };
    clearTimeout(timer);
    if (worker.reopen(init)) out.push(worker);
  }
  while (out.length < count) out.push(new PoolWorker(script, init));
  return out;
}

/** Workers started with startWorkers that runPool will not use: kept idle for the next document, or closed. */
export function releaseWorkers(workers: PoolWorker[]): void {
  for (const w of workers) keepOrClose(w);
}

/** A healthy worker with nothing in flight waits for the next document; any other is closed. */
function keepOrClose(worker: PoolWorker): void {
  if (!worker.alive) return;
  if (worker.load > 0 || idleWorkers.length >= MAX_IDLE_WORKERS) {
    worker.close();
    return;
  }
  worker.release();
  const timer = setTimeout(() => {
    const at = idleWorkers.findIndex((entry) => entry.worker === worker);
    if (at >= 0) idleWorkers.splice(at, 1);
    worker.close();
  }, IDLE_MS);
  timer.unref();
  idleWorkers.push({ worker, timer });
}

/** How many workers wait for a document (tests). */
export function idleWorkerCount(): number {
  return idleWorkers.filter((entry) => entry.worker.alive).length;
}

/** Closes the idle workers now (tests; a host that shuts down). */
export function closeIdleWorkers(): void {
  for (const { worker, timer } of idleWorkers.splice(0)) {
    clearTimeout(timer);
    worker.close();
  }
}

export interface PoolJob {
  data: Uint8Array;
  /** Workers already started (startWorkers) for this document; `workers` more are not started then. */
  started?: PoolWorker[];
  /** The document already open in the calling thread: it extracts pages until the first worker is ready, then is destroyed. */
  doc: PdfDoc | null;
  password: string | undefined;
  total: number;
  labels: (string | null)[] | null;
  workers: number;
  signal: AbortSignal | undefined;
  onPage: (page: ExtractedPage) => void | Promise<void>;
  onProgress: ((done: number, total: number) => void) | undefined;
  /** The calling thread keeps extracting pages beside the workers for the whole job (not only while they start). */
  mainLane?: boolean;
  /**
   * false: the calling thread never reads a page itself, even when no worker is left (such pages are
   * failed): for documents it must not run pdf.js on (extract.ts: encrypted ones, under a memory watch).
   */
  inlineFallback?: boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

class CrashError extends Error {}
/** A request that was queued behind the page that crashed the worker: not its fault. */
class RequeueError extends Error {}

/** One worker thread and its outstanding requests; it serves one document at a time. */
export class PoolWorker {
  alive = true;
  /** The current document is open in the worker (its 'ready' has arrived). */
  isReady = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (p: ExtractedPage) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  /** 'open's sent and not answered yet: a 'ready' answers the oldest, so only the last one opens the current document. */
  private opensInFlight = 1;

  constructor(script: URL, init: PdfWorkerData) {
    this.worker = new Worker(script, { workerData: init });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        this.opensInFlight -= 1;
        if (this.opensInFlight > 0) return; // the document before (released since)
        this.isReady = true;
      } else if (message.type === 'open-failed') {
        this.die(new CrashError(message.message));
      } else if (message.type === 'page') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        waiter?.resolve(message.page);
      }
    });
    this.worker.on('error', (error) => this.die(error instanceof Error ? error : new Error(String(error))));
    this.worker.on('exit', (code) => this.die(new CrashError(`pdf worker exited (code ${code})`)));
  }

  /** Opens another document in this (idle) worker; false when the worker is gone. */
  reopen(init: PdfWorkerData): boolean {
    if (!this.alive) return false;
    this.isReady = false;
    this.opensInFlight += 1;
    this.worker.ref();
    const message: ToWorker = { type: 'open', init };
    this.worker.postMessage(message);
    return true;
  }

  /** Frees the document and waits, not keeping the process alive. */
  release(): void {
    if (!this.alive) return;
    this.isReady = false;
    const message: ToWorker = { type: 'release' };
    this.worker.postMessage(message);
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size;
  }

  extract(pageNumber: number, label: string | null): Promise<ExtractedPage> {
    if (!this.alive) return Promise.reject(new CrashError('pdf worker is gone'));
    const id = this.nextId++;
    return new Promise<ExtractedPage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: ToWorker = { type: 'page', id, pageNumber, label };
      this.worker.postMessage(message);
    });
  }

  private die(error: Error): void {
    if (!this.alive) return;
    this.alive = false;
    // the worker handles requests one at a time, in order: the oldest one is the page it was on,
    // unless the document was not open yet (then no page is to blame)
    let first = this.isReady;
    for (const waiter of this.pending.values()) {
      waiter.reject(first ? (error instanceof CrashError ? error : new CrashError(error.message)) : new RequeueError('requeued'));
      first = false;
    }
    this.pending.clear();
    void this.worker.terminate();
  }

  /** Asks the worker to free its document and exit (no waiting for it). */
  close(): void {
    if (!this.alive) return;
    this.alive = false;
    const message: ToWorker = { type: 'close' };
    this.worker.postMessage(message);
    // the worker exits by itself once its document is destroyed; make sure of it
    setTimeout(() => void this.worker.terminate(), 2000).unref();
  }

  terminate(): void {
    this.alive = false;
    for (const waiter of this.pending.values()) waiter.reject(cancelledError());
    this.pending.clear();
    void this.worker.terminate();
  }
}

export async function runPool(job: PoolJob): Promise<void> {
  // pages in flight or finished but not yet emitted: memory stays bounded (a page's text is capped)
  const window = Math.max(32, job.workers * PIPELINE_DEPTH * 8);
  const labelOf = (n: number): string | null => job.labels?.[n - 1] ?? null;

  const workers: PoolWorker[] = job.started ?? startWorkers(sharedInit(job.data, job.password), job.workers);

  // shared state
  const queue: number[] = Array.from({ length: job.total }, (_, i) => i + 1); // pages not yet taken
  let queueHead = 0;
  const retries: number[] = []; // pages handed back by a crashed worker
  const attempts = new Map<number, number>();
  const results = new Map<number, ExtractedPage>();
  let nextEmit = 1;
  let stopped: Error | null = null;
  let wake: (() => void)[] = [];
  const notify = (): void => {
    const waiters = wake;
    wake = [];
    for (const w of waiters) w();
  };
  const changed = (): Promise<void> => new Promise<void>((resolve) => wake.push(resolve));

  const takePage = (): number | null => {
    if (retries.length > 0) return retries.shift() as number;
    if (queueHead < queue.length && (queue[queueHead] as number) < nextEmit + window) return queue[queueHead++] as number;
    return null;
  };
  const morePages = (): boolean => retries.length > 0 || queueHead < queue.length;

  const onAbort = (): void => {
    stopped ??= cancelledError();
    for (const w of workers) w.terminate();
    notify();
  };
  job.signal?.addEventListener('abort', onAbort, { once: true });

  // a lane feeds one worker one request at a time; PIPELINE_DEPTH lanes per worker. It does not wait
  // for the worker to be ready: the worker takes requests in order, after it has opened the document,
  // and this thread may be deep in a page of its own (microtasks only) when 'ready' arrives, which
  // left a ready worker idle for ~0.15 s.
  const lane = async (worker: PoolWorker): Promise<void> => {
    while (!stopped && worker.alive) {
      const pageNumber = takePage();
      if (pageNumber === null) {
        if (!morePages()) return;
        await changed();
        continue;
      }
      try {
        results.set(pageNumber, await worker.extract(pageNumber, labelOf(pageNumber)));
      } catch (error) {
        if (stopped) return;
        if (error instanceof RequeueError) {
          retries.push(pageNumber);
          notify();
          continue;
        }
        const tries = (attempts.get(pageNumber) ?? 0) + 1;
        attempts.set(pageNumber, tries);
        if (tries >= 2) {
          const message = error instanceof Error ? error.message : String(error);
          results.set(pageNumber, {
            pageNumber,
            label: labelOf(pageNumber),
            text: '',
            noText: false,
            failed: true,
            error: `pdf.js crashed on this page: ${message}`,
          });
        } else {
          retries.push(pageNumber);
        }
      }
      notify();
    }
  };

  // the calling thread takes over when every lane has ended with pages left
  // (all workers dead, or none could start, e.g. no built worker script)
  let inlineDoc: PdfDoc | null = job.doc;
  const inlineLane = async (): Promise<void> => {
    while (!stopped && morePages()) {
      const pageNumber = takePage();
      if (pageNumber === null) {
        await changed();
        continue;
      }
      if (job.inlineFallback === false) {
        const error = 'no pdf worker was left to read this page (this document is read in worker threads only)';
        results.set(pageNumber, { pageNumber, label: labelOf(pageNumber), text: '', noText: false, failed: true, error });
        notify();
        continue;
      }
      inlineDoc ??= await openDocument(new Uint8Array(job.data), job.password);
      results.set(pageNumber, await extractPage(inlineDoc, pageNumber, labelOf(pageNumber)));
      notify();
      await yieldToEventLoop();
    }
  };

  const emitter = async (): Promise<void> => {
    while (nextEmit <= job.total) {
      if (stopped) throw stopped;
      const page = results.get(nextEmit);
      if (!page) {
        await changed();
        continue;
      }
      results.delete(nextEmit);
      await job.onPage(page);
      if (stopped) throw stopped;
      job.onProgress?.(nextEmit, job.total);
      nextEmit += 1;
      notify();
    }
  };

  // The calling thread extracts pages too, with the document it already has open: first while
  // the workers start (load pdf.js, parse the document: ~0.2-0.3 s), then (job.mainLane) for the
  // whole job, between its own work (counting, staging). It yields to the event loop after each
  // page: pdf.js alone resolves through microtasks only, which would starve the workers' messages.
  const bootstrap = async (): Promise<void> => {
    const doc = job.doc;
    if (!doc) return;
    while (!stopped && workers.some((w) => w.alive) && (job.mainLane || !workers.some((w) => w.isReady))) {
      const pageNumber = takePage();
      if (pageNumber === null) {
        if (!morePages()) break;
        await changed();
        continue;
      }
      results.set(pageNumber, await extractPage(doc, pageNumber, labelOf(pageNumber)));
      notify();
      await yieldToEventLoop();
    }
    if (workers.some((w) => w.alive)) {
      // workers carry on: free what pdf.js cached for the pages done here
      await doc.cleanup().catch(() => undefined);
    }
  };

  const lanes: Promise<void>[] = [bootstrap()];
  for (const w of workers) for (let i = 0; i < PIPELINE_DEPTH; i++) lanes.push(lane(w));
  const fallback = Promise.all(lanes).then(inlineLane);

  try {
    await Promise.race([
      emitter(),
      fallback.then(() => new Promise<never>(() => undefined)), // errors from the fallback surface here
    ]);
  } catch (error) {
    stopped ??= error instanceof Error ? error : new Error(String(error));
    throw job.signal?.aborted ? cancelledError() : error;
  } finally {
    stopped ??= new Error('finished');
    job.signal?.removeEventListener('abort', onAbort);
    for (const w of workers) {
      if (job.signal?.aborted) w.terminate();
      else keepOrClose(w);
    }
    notify();
    if (inlineDoc) await closeDocument(inlineDoc as PdfDoc);
  }
}
