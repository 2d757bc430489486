/**
 * OCR benchmark (issue 11), `node dist/node/bench.js --ocr [--ocr-pages N]`:
 *
 * 1. Scans made from ../shared/financebench-dev filings with ../shared/tools/make-scan.sh
 *    (pdftoppm -r 150 -gray + img2pdf: image-only PDFs), cached in bench/.cache/ocr/.
 * 2. Ours: ingest --ocr off, then the OCR job, in a child process (its own peak RSS,
 *    tesseract.js worker threads included): pages/s.
 * 3. Reference: the same pages rendered by our renderer (same images) through Debian's native
 *    `tesseract` CLI in the same run, as many processes at once as our pool has workers.
 * 4. Word and number recall of both against the original text layer (pdftotext).
 *
 * Child mode: `bench.js --ocr-child <scan.pdf> <db>` prints one JSON line.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { ingestFile } from '../electron/core/ingest';
import { ocrPoolSize, openForRender, renderPage, runOcr, tesseractJsVersion } from '../electron/core/ocr';
import { OCR_DPI } from '../electron/core/ocr/render';
import { openLibrary } from '../electron/core/store';
import { cacheDir, repoRoot, sharedDir } from './fixtures';
import { fmtMs, heading, mark, note, table } from './report';
import { measuredEnv } from './child-env';

const run = promisify(execFile);

/** Pages of three filings: statements, tables and prose, as analysts read them. */
const SAMPLES = [
  { doc: '3M_2018_10K', first: 20 },
  { doc: 'ADOBE_2015_10K', first: 40 },
  { doc: 'ACTIVISIONBLIZZARD_2019_10K', first: 50 },
];

export const OCR_TARGETS = { wordRecall: 0.98, numberRecall: 0.96, ratio: 1.5, peakRssMB: 600 };

export interface OcrBenchResult {
  pages: number;
  scanDpi: number;
  renderDpi: number;
  workers: number;
  engine: string;
  native: string;
  oursMs: number;
  oursPagesPerSecond: number;
  renderMs: number;
  nativeMs: number;
  nativePagesPerSecond: number;
  ratio: number;
  peakRssMB: number;
  ours: Recall;
  nativeRecall: Recall;
}

interface Recall {
  words: number;
  wordRecall: number;
  numbers: number;
  numberRecall: number;
}

interface ChildResult {
  docId: string;
  pages: number;
  ingestMs: number;
  ocrMs: number;
  maxRssMB: number;
}

export async function runOcrChild(args: string[]): Promise<void> {
  const [pdf, db] = args;
  if (!pdf || !db) throw new Error('usage: bench.js --ocr-child <scan.pdf> <db>');
  const library = openLibrary(db);
  try {
    const t0 = performance.now();
    const ingested = await ingestFile(library, pdf);
    const t1 = performance.now();
    const result = await runOcr(library, ingested.document.id);
    const out: ChildResult = {
      docId: ingested.document.id,
      pages: result.readNow.length,
      ingestMs: t1 - t0,
      ocrMs: performance.now() - t1,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    library.close();
  }
}

/** Words and numbers of a text, normalised for comparison ("$4,217.5" -> "4217.5", "Revenue," -> "revenue"). */
export function tokensOf(text: string): { words: string[]; numbers: string[] } {
  const words: string[] = [];
  const numbers: string[] = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    const token = raw.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
    if (token === '') continue;
    if (/\d/.test(token)) numbers.push(token.replace(/[$,()%]/g, ''));
    else if (/[a-z]/.test(token)) words.push(token);
  }
  return { words, numbers };
}

/** Share of the reference tokens found in the candidate (as a multiset). */
function recallOf(reference: string[], candidate: string[]): { found: number; total: number } {
  const counts = new Map<string, number>();
  for (const token of candidate) counts.set(token, (counts.get(token) ?? 0) + 1);
  let found = 0;
  for (const token of reference) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      found++;
      counts.set(token, left - 1);
    }
  }
  return { found, total: reference.length };
}

function measureRecall(truth: string[], read: string[]): Recall {
  let words = 0;
  let wordsFound = 0;
  let numbers = 0;
  let numbersFound = 0;
  truth.forEach((reference, i) => {
    const a = tokensOf(reference);
    const b = tokensOf(read[i] ?? '');
    const w = recallOf(a.words, b.words);
    const n = recallOf(a.numbers, b.numbers);
    words += w.total;
    wordsFound += w.found;
    numbers += n.total;
    numbersFound += n.found;
  });
  return { words, wordRecall: words ? wordsFound / words : 0, numbers, numberRecall: numbers ? numbersFound / numbers : 0 };
}

async function makeScans(perFiling: number, shared: string): Promise<{ scan: string; original: string; first: number; last: number }[]> {
  const dir = join(cacheDir(), 'ocr');
  mkdirSync(dir, { recursive: true });
  const tool = join(shared, 'tools', 'make-scan.sh');
  const out: { scan: string; original: string; first: number; last: number }[] = [];
  for (const sample of SAMPLES) {
    const original = join(shared, 'financebench-dev', 'pdfs', `${sample.doc}.pdf`);
    if (!existsSync(original)) continue;
    const last = sample.first + perFiling - 1;
    const scan = join(dir, `${sample.doc}-p${sample.first}-${last}-150dpi.pdf`);
    if (!existsSync(scan)) await run('bash', [tool, original, scan, '150', String(sample.first), String(last)]);
    out.push({ scan, original, first: sample.first, last });
  }
  return out;
}

async function originalText(pdf: string, page: number): Promise<string> {
  const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

function childRun(bench: string, scan: string, db: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bench, '--ocr-child', scan, db], { env: measuredEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`OCR child exited with ${code}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult);
    });
  });
}

/** Native tesseract on PGM files, `parallel` processes at a time, one thread each; texts in input order. */
async function nativeTesseract(images: string[], parallel: number): Promise<{ texts: string[]; ms: number }> {
  const texts: string[] = new Array<string>(images.length).fill('');
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= images.length) return;
      const { stdout } = await run('tesseract', [images[i] as string, 'stdout', '-l', 'eng', '--oem', '1', '--psm', '6'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      texts[i] = stdout;
    }
  };
  await Promise.all(Array.from({ length: parallel }, () => lane()));
  return { texts, ms: performance.now() - t0 };
}

export async function runOcrBench(perFiling = 10): Promise<OcrBenchResult | null> {
  heading('OCR (scanned filings: tesseract.js offline vs native tesseract on the same rendered pages)');
  const shared = sharedDir();
  if (!shared || !existsSync(join(shared, 'financebench-dev'))) {
    note('../shared/financebench-dev is absent: OCR bench skipped.');
    return null;
  }
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
  } catch {
    note('Native tesseract is not installed (apt-get install tesseract-ocr): OCR bench skipped.');
    return null;
  }
  const scans = await makeScans(perFiling, shared);
  const workers = ocrPoolSize();
  const bench = join(repoRoot(), 'dist', 'node', 'bench.js');
  const work = mkdtempSync(join(tmpdir(), 'pagewise-ocr-bench-'));
  try {
    const truth: string[] = [];
    const ours: string[] = [];
    const images: string[] = [];
    let oursMs = 0;
    let renderMs = 0;
    let peakRssMB = 0;
    let pages = 0;
    for (const [index, s] of scans.entries()) {
      const db = join(work, `lib-${index}.db`);
      const child = await childRun(bench, s.scan, db);
      oursMs += child.ocrMs;
      peakRssMB = Math.max(peakRssMB, child.maxRssMB);
      pages += child.pages;
      const library = openLibrary(db);
      try {
        for (const page of library.ocr.pageTexts(child.docId)) ours.push(page.text);
      } finally {
        library.close();
      }
      for (let p = s.first; p <= s.last; p++) truth.push(await originalText(s.original, p));
      // The same images for native tesseract: our renderer, our resolution.
      const pdf = await openForRender(new Uint8Array(await readFile(s.scan)));
      try {
        for (let n = 1; n <= pdf.numPages; n++) {
          const t = performance.now();
          const rendered = await renderPage(pdf, n);
          renderMs += performance.now() - t;
          const file = join(work, `${basename(s.scan, '.pdf')}-${String(n).padStart(3, '0')}.pgm`);
          writeFileSync(file, rendered.pgm);
          images.push(file);
        }
      } finally {
        await pdf.destroy();
      }
      note(`${basename(s.scan)}: ${child.pages} pages read in ${fmtMs(child.ocrMs)} (parse ${fmtMs(child.ingestMs)}), peak RSS ${child.maxRssMB.toFixed(0)} MB`);
    }
    const native = await nativeTesseract(images, workers);
    const nativeVersion = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'tesseract';
    const result: OcrBenchResult = {
      pages,
      scanDpi: 150,
      renderDpi: OCR_DPI,
      workers,
      engine: tesseractJsVersion(),
      native: nativeVersion.trim(),
      oursMs,
      oursPagesPerSecond: pages / (oursMs / 1000),
      renderMs,
      nativeMs: native.ms,
      nativePagesPerSecond: images.length / (native.ms / 1000),
      ratio: oursMs / native.ms,
      peakRssMB,
      ours: measureRecall(truth, ours),
      nativeRecall: measureRecall(truth, native.texts),
    };
    printOcr(result);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function printOcr(r: OcrBenchResult): void {
  note(`${r.pages} pages scanned at ${r.scanDpi} dpi, rendered for OCR at ${r.renderDpi} dpi; ${r.workers} workers / processes`);
  table(
    ['engine', 'time', 'pages/s', 'words', 'word recall', 'numbers', 'number recall'],
    [
      [`${r.engine} (render + OCR + store)`, fmtMs(r.oursMs), r.oursPagesPerSecond.toFixed(2), r.ours.words, pct(r.ours.wordRecall), r.ours.numbers, pct(r.ours.numberRecall)],
      [`${r.native} (OCR only)`, fmtMs(r.nativeMs), r.nativePagesPerSecond.toFixed(2), r.nativeRecall.words, pct(r.nativeRecall.wordRecall), r.nativeRecall.numbers, pct(r.nativeRecall.numberRecall)],
    ],
  );
  note(
    `Rendering alone (pdf.js + @napi-rs/canvas, one thread): ${fmtMs(r.renderMs)} for the ${r.pages} pages; ` +
      `without it ours is ${((r.oursMs - r.renderMs) / r.nativeMs).toFixed(2)}x native.`,
  );
  note(
    `Targets: ${mark(r.ours.wordRecall >= OCR_TARGETS.wordRecall)} word recall >= 98%, ${mark(r.ours.numberRecall >= OCR_TARGETS.numberRecall)} number recall >= 96%, ` +
      `${mark(r.ratio <= OCR_TARGETS.ratio)} time ${r.ratio.toFixed(2)}x native (<= 1.5x), ${mark(r.peakRssMB < OCR_TARGETS.peakRssMB)} peak RSS ${r.peakRssMB.toFixed(0)} MB (< 600 MB)`,
  );
}

export async function ocrBenchMain(args: string[]): Promise<void> {
  const at = args.indexOf('--ocr-pages');
  const perFiling = at >= 0 ? Math.max(1, Number(args[at + 1]) || 10) : 10;
  const result = await runOcrBench(perFiling);
  if (result) writeFileSync(join(cacheDir(), 'last-ocr-run.json'), `${JSON.stringify(result, null, 2)}\n`);
}
