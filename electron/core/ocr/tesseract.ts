/**
 * tesseract.js, offline: the model of the language asked for (the ocrLanguage
 * setting, default eng) comes from the npm package @tesseract.js-data/<code> in
 * node_modules (languages.ts finds it; langPath is a folder, so the worker
 * reads the file instead of fetching), and cacheMethod 'none' keeps it from
 * writing a copy into the working folder. Nothing is ever downloaded: the core
 * (wasm) ships inside tesseract.js-core, the worker script inside tesseract.js.
 *
 * A small pool of workers, sized to the cores and the free memory.
 */
import { availableParallelism, freemem } from 'node:os';
import { createRequire } from 'node:module';
import { DEFAULTS } from '../../../shared/api/defaults';
import { PagewiseError } from '../errors';
import { languageData } from './languages';
import { hasTextColumns } from './columns';
import { parseTsv, type RecognisedPage } from './tsv';

type Tesseract = typeof import('tesseract.js');
type TesseractWorker = Awaited<ReturnType<Tesseract['createWorker']>>;
type PSM = Tesseract['PSM'][keyof Tesseract['PSM']];

/** Tesseract's page segmentation modes we use: 6 (the page is one block of text), 3 (find blocks and columns). */
const PAGE_AS_ONE_BLOCK = '6';
const PAGE_WITH_LAYOUT = '3';

/** A tesseract.js worker with the English model holds about this much memory. */
const WORKER_MEMORY_BYTES = 220 * 1024 * 1024;
/** More workers than this stop paying off (rendering runs on one thread). */
const MAX_OCR_WORKERS = 4;

const require = createRequire(import.meta.url);

let engineLabel: string | null = null;
/** "tesseract.js 7.0.0"; the core's own version is added per page from its result. */
export function tesseractJsVersion(): string {
  if (engineLabel === null) {
    try {
      engineLabel = `tesseract.js ${(require('tesseract.js/package.json') as { version?: string }).version ?? 'unknown'}`;
    } catch {
      engineLabel = 'tesseract.js';
    }
  }
  return engineLabel;
}

/** Workers for a run: the override, else the cores, the free memory and MAX_OCR_WORKERS allow; at least 1. */
export function ocrPoolSize(requested?: number): number {
  const fromEnv = Number(process.env.PAGEWISE_OCR_WORKERS);
  const wanted = requested ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined);
  if (wanted !== undefined) return Math.max(1, Math.min(Math.floor(wanted), 16));
  const byMemory = Math.floor(freemem() / WORKER_MEMORY_BYTES) - 1;
  return Math.max(1, Math.min(availableParallelism(), byMemory, MAX_OCR_WORKERS));
}

/** A pool of tesseract.js workers, started lazily (a document of blank pages starts none). */
export class OcrPool {
  private readonly idle: TesseractWorker[] = [];
  private readonly waiting: ((worker: TesseractWorker) => void)[] = [];
  private started = 0;
  private closed = false;
  private readonly data: { path: string; gzip: boolean; model: string };

  constructor(
    readonly size: number,
    private readonly language: string = DEFAULTS.ocrLanguage,
  ) {
    this.data = languageData(language);
  }

  /** Recognise one grayscale image (PGM bytes); words in reading order with boxes in pixels. */
  async recognize(image: Uint8Array): Promise<RecognisedPage> {
    const worker = await this.acquire();
    try {
      // tesseract.js copies the bytes into the wasm file system; a Buffer view avoids another copy
      const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
      const read = async (mode: 'block' | 'layout'): Promise<RecognisedPage> => {
        await worker.setParameters({ tessedit_pageseg_mode: (mode === 'block' ? PAGE_AS_ONE_BLOCK : PAGE_WITH_LAYOUT) as PSM });
        const result = await worker.recognize(bytes, {}, { text: false, tsv: true, blocks: false });
        const how = mode === 'block' ? 'read as one block' : 'read with layout analysis (columns)';
        return parseTsv(result.data.tsv ?? '', `${tesseractJsVersion()} (tesseract ${result.data.version ?? '?'}, ${this.data.model}, ${how})`);
      };
      // One block keeps every line and table row (./columns.ts); text set in columns needs the layout pass.
      const page = await read('block');
      return hasTextColumns(page.lines) ? await read('layout') : page;
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.idle.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
  }

  private async acquire(): Promise<TesseractWorker> {
    if (this.closed) throw new PagewiseError('CANCELLED', 'OCR stopped.');
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.started < this.size) {
      this.started++;
      try {
        return await this.startWorker();
      } catch (error) {
        this.started--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: TesseractWorker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else if (this.closed) void worker.terminate().catch(() => undefined);
    else this.idle.push(worker);
  }

  private async startWorker(): Promise<TesseractWorker> {
    const tesseract: Tesseract = await import('tesseract.js');
    try {
      return await tesseract.createWorker(this.language, tesseract.OEM.LSTM_ONLY, {
        langPath: this.data.path,
        gzip: this.data.gzip,
        cacheMethod: 'none',
        logger: () => undefined,
        errorHandler: () => undefined,
      });
    } catch (error) {
      throw new PagewiseError('INTERNAL', `The OCR engine (${tesseractJsVersion()}) could not start: ${String(error)}.`, { cause: error });
    }
  }
}
