/**
 * tesseract.js, offline: the English model comes from the npm package
 * @tesseract.js-data/eng in node_modules (langPath is a folder, so the worker
 * reads the file instead of fetching), and cacheMethod 'none' keeps it from
 * writing a copy into the working folder. Nothing is ever downloaded: the core
 * (wasm) ships inside tesseract.js-core, the worker script inside tesseract.js.
 *
 * A small pool of workers, sized to the cores and the free memory.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, freemem } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PagewiseError } from '../errors';
import { parseTsv, type RecognisedPage } from './tsv';

type Tesseract = typeof import('tesseract.js');
type TesseractWorker = Awaited<ReturnType<Tesseract['createWorker']>>;

export const OCR_LANGUAGE = 'eng';
/** The npm package that carries each language's model. */
const DATA_PACKAGES: Record<string, string> = { eng: '@tesseract.js-data/eng' };
/** LSTM-only model ("tessdata best", integerised): what tesseract.js uses by default with OEM 1. */
const DATA_FOLDER = '4.0.0_best_int';
/** A tesseract.js worker with the English model holds about this much memory. */
const WORKER_MEMORY_BYTES = 220 * 1024 * 1024;
/** More workers than this stop paying off (rendering runs on one thread). */
const MAX_OCR_WORKERS = 4;

const require = createRequire(import.meta.url);

/** The folder holding <lang>.traineddata.gz; a clear error naming the package when it is missing. */
export function languageDataPath(language = OCR_LANGUAGE): string {
  const pkg = DATA_PACKAGES[language];
  if (!pkg) {
    throw new PagewiseError('INVALID_INPUT', `OCR language "${language}" is not available; available: ${Object.keys(DATA_PACKAGES).join(', ')}.`);
  }
  let folder: string | null;
  try {
    folder = join(dirname(require.resolve(`${pkg}/package.json`)), DATA_FOLDER);
  } catch {
    folder = null;
  }
  if (!folder || !existsSync(join(folder, `${language}.traineddata.gz`))) {
    throw new PagewiseError(
      'FILE_NOT_FOUND',
      `The OCR data for "${language}" is missing from this install: the npm package ${pkg} is needed (npm install ${pkg}). Pages already read are kept.`,
    );
  }
  return folder;
}

/**
 * Where the model is read from: the npm package (default), or a folder of uncompressed
 * <lang>.traineddata files named by PAGEWISE_OCR_TESSDATA, e.g. Debian's tesseract-ocr-eng
 * (/usr/share/tesseract-ocr/5/tessdata, the "tessdata_fast" model), which reads the figures in
 * financial tables better than the npm package's models (README, Scanned documents).
 */
export function languageData(language = OCR_LANGUAGE): { path: string; gzip: boolean; model: string } {
  const folder = process.env.PAGEWISE_OCR_TESSDATA;
  if (folder) {
    if (!existsSync(join(folder, `${language}.traineddata`))) {
      throw new PagewiseError(
        'FILE_NOT_FOUND',
        `PAGEWISE_OCR_TESSDATA is ${folder}, which holds no ${language}.traineddata. Point it at a tessdata folder (Debian: apt install tesseract-ocr-${language}, then /usr/share/tesseract-ocr/5/tessdata), or unset it to use ${DATA_PACKAGES[language] ?? 'the npm package'}.`,
      );
    }
    return { path: folder, gzip: false, model: `${language} from ${folder}` };
  }
  return { path: languageDataPath(language), gzip: true, model: `${language}, ${DATA_PACKAGES[language] ?? ''} ${DATA_FOLDER}` };
}

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
    private readonly language = OCR_LANGUAGE,
  ) {
    this.data = languageData(language);
  }

  /** Recognise one grayscale image (PGM bytes); words in reading order with boxes in pixels. */
  async recognize(image: Uint8Array): Promise<RecognisedPage> {
    const worker = await this.acquire();
    try {
      // tesseract.js copies the bytes into the wasm file system; a Buffer view avoids another copy
      const result = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: false, tsv: true, blocks: false });
      return parseTsv(result.data.tsv ?? '', `${tesseractJsVersion()} (tesseract ${result.data.version ?? '?'}, ${this.data.model})`);
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
