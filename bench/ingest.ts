/**
 * Ingest benchmark. Each measured ingest runs in its own child process
 * (`node dist/node/bench.js --child ingest <pdf> <db> [workers]`) so its peak
 * RSS (process.resourceUsage().maxRSS, worker threads included) is its own.
 * pdftotext on the same file in the same run is the reference.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../electron/core/ingest';
import { extractPdf } from '../electron/core/pdf';
import { openLibrary } from '../electron/core/store';
import { measuredEnv } from './child-env';

export interface ChildIngestResult {
  kind: 'ingest';
  docId: string;
  pages: number;
  tokens: number;
  textlessPages: number;
  failedPages: number;
  /** Time of the ingestFile call (read, hash, parse, count, store, index, copy). */
  ms: number;
  /** IngestResult.ms as the module reports it. */
  reportedMs: number;
  maxRssMB: number;
}

export interface ChildExtractResult {
  kind: 'extract';
  pages: number;
  workers: number;
  ms: number;
  maxRssMB: number;
}

const maxRssMB = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes

// ---------------------------------------------------------------- child side

/** Entry for `--child <mode> ...`: runs one measurement and prints one JSON line. */
export async function runChild(args: string[]): Promise<void> {
  const [mode, ...rest] = args;
  if (mode === 'ingest') {
    const [pdf, db, workers] = rest;
    if (!pdf || !db) throw new Error('usage: --child ingest <pdf> <db> [workers]');
    const library = openLibrary(db);
    try {
      const t0 = performance.now();
      const result = await ingestFile(library, pdf, workers ? { workers: Number(workers) } : {});
      const ms = performance.now() - t0;
      const out: ChildIngestResult = {
        kind: 'ingest',
        docId: result.document.id,
        pages: result.document.pageCount,
        tokens: result.document.totalTokens,
        textlessPages: result.document.textlessPages.length,
        failedPages: result.document.failedPages.length,
        ms,
        reportedMs: result.ms,
        maxRssMB: maxRssMB(),
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } finally {
      library.close();
    }
    return;
  }
  if (mode === 'extract') {
    const [pdf, workers] = rest;
    if (!pdf || !workers) throw new Error('usage: --child extract <pdf> <workers>');
    const data = new Uint8Array(readFileSync(pdf));
    let pages = 0;
    const t0 = performance.now();
    await extractPdf(
      data,
      () => {
        pages += 1;
      },
      { workers: Number(workers) },
    );
    const out: ChildExtractResult = { kind: 'extract', pages, workers: Number(workers), ms: performance.now() - t0, maxRssMB: maxRssMB() };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  throw new Error(`unknown child mode ${String(mode)}`);
}

// ---------------------------------------------------------------- parent side

/** Run this bench script again as a child; resolves with its JSON result line. */
export function spawnChild<T>(args: string[], timeoutMs = 180_000): Promise<{ result: T; wallMs: number }> {
  const script = process.argv[1];
  if (!script) throw new Error('cannot find the bench script path');
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...process.execArgv, script, '--child', ...args], {
      env: measuredEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        reject(new Error(`child ${args.join(' ')} failed (${why}): ${(stderr || stdout).trim().split('\n').slice(-5).join(' | ')}`));
        return;
      }
      resolvePromise({ result: JSON.parse(line) as T, wallMs });
    });
  });
}

export interface PdftotextResult {
  ms: number;
  bytes: number;
}

/** Time `pdftotext` on the PDF (output to a temp file); null when pdftotext is not installed. */
export function timePdftotext(pdf: string): PdftotextResult | null {
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-bench-pdftotext-'));
  try {
    const out = join(dir, 'out.txt');
    const t0 = performance.now();
    const run = spawnSync('pdftotext', ['-q', '-enc', 'UTF-8', pdf, out], { stdio: 'ignore' });
    const ms = performance.now() - t0;
    if (run.error || run.status !== 0) return null;
    return { ms, bytes: readFileSync(out).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface IngestMeasurement {
  label: string;
  pdf: string;
  runs: number;
  /** Worker threads asked for; null = the default. */
  workers: number | null;
  pages: number;
  tokens: number;
  textlessPages: number;
  failedPages: number;
  /** best of the runs */
  ms: number;
  wallMs: number;
  pagesPerSecond: number;
  tokensPerSecond: number;
  maxRssMB: number;
  pdftotextMs: number | null;
  pdftotextPagesPerSecond: number | null;
  /** ours / pdftotext (ingestFile time over pdftotext's process time) */
  ratio: number | null;
  /** The library of the last run (kept for the analysis benchmark), its folder and the document id. */
  libraryDir: string;
  dbPath: string;
  docId: string;
}

/** Ingest `pdf` `runs` times (fresh library each time, child process), pdftotext as many times; best of each. */
export async function measureIngest(label: string, pdf: string, runs: number, workers?: number): Promise<IngestMeasurement> {
  let best: { result: ChildIngestResult; wallMs: number } | null = null;
  let peakRss = 0;
  let pdftotextMs: number | null = null;
  let libraryDir = '';
  for (let run = 0; run < runs; run++) {
    const reference = timePdftotext(pdf);
    if (reference) pdftotextMs = pdftotextMs === null ? reference.ms : Math.min(pdftotextMs, reference.ms);
    if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
    libraryDir = mkdtempSync(join(tmpdir(), 'pagewise-bench-lib-'));
    const childArgs = ['ingest', pdf, join(libraryDir, 'library.db')];
    if (workers !== undefined) childArgs.push(String(workers));
    const measured = await spawnChild<ChildIngestResult>(childArgs);
    peakRss = Math.max(peakRss, measured.result.maxRssMB);
    if (!best || measured.result.ms < best.result.ms) best = measured;
  }
  if (!best) throw new Error('no ingest run');
  const r = best.result;
  return {
    label,
    pdf,
    runs,
    workers: workers ?? null,
    pages: r.pages,
    tokens: r.tokens,
    textlessPages: r.textlessPages,
    failedPages: r.failedPages,
    ms: r.ms,
    wallMs: best.wallMs,
    pagesPerSecond: r.pages / (r.ms / 1000),
    tokensPerSecond: r.tokens / (r.ms / 1000),
    maxRssMB: peakRss,
    pdftotextMs,
    pdftotextPagesPerSecond: pdftotextMs === null ? null : r.pages / (pdftotextMs / 1000),
    ratio: pdftotextMs === null ? null : r.ms / pdftotextMs,
    libraryDir,
    dbPath: join(libraryDir, 'library.db'),
    docId: r.docId,
  };
}

export interface ExtractMeasurement {
  workers: number;
  pages: number;
  ms: number;
  pagesPerSecond: number;
  maxRssMB: number;
}

/** Extraction alone (no counting, no store) with 1 thread and with N (the calling thread + N - 1 workers). */
export async function measureExtraction(pdf: string): Promise<ExtractMeasurement[]> {
  const n = Math.max(2, Math.min(availableParallelism(), 4));
  const out: ExtractMeasurement[] = [];
  for (const workers of [1, n]) {
    const { result } = await spawnChild<ChildExtractResult>(['extract', pdf, String(workers)]);
    out.push({ workers, pages: result.pages, ms: result.ms, pagesPerSecond: result.pages / (result.ms / 1000), maxRssMB: result.maxRssMB });
  }
  return out;
}
