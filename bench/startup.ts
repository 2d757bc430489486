/**
 * Start-up benchmark: what a scripted use of the `pagewise` CLI pays per process, against bare
 * `node -e ''` and `pdftotext` measured in the same run (medians of N runs; the machine may be shared,
 * so the ratios matter more than the milliseconds).
 *
 *   --version, list             within 1.3x of bare node
 *     (beside list, a reference with no code of ours: a plain script that lists the library with better-sqlite3)
 *   a one-page ingest           under 350 ms
 *   ask --plan, 100-page filing under 400 ms
 *   real filings, one process per file    within 4x of pdftotext on the same files
 *   32 files in one process (one ingest)  within 3x of pdftotext on the same files
 * The filing ingests run with --ocr off: pdftotext reads the text layer only, and a few filings have
 * image-only pages (American Water Works 2021: three) that OCR would read for seconds each.
 *
 * Run alone: `npm run build:node && node dist/node/bench.js --startup [--runs N] [--files N] [--rounds N]`
 * (--files: filings ingested one process each, default 8; 0 skips both pdftotext comparisons;
 * --rounds: rounds of each comparison, default 3, the median round is the figure).
 * Real filings come from ../shared/financebench-dev/pdfs when present, else generated books.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTextPdf } from '../tests/fixtures/make-fixtures';
import { cacheDir, largePdf, repoRoot, sharedDir } from './fixtures';
import { fmtMs, heading, mark, median, note, table } from './report';
import { measuredEnv } from './child-env';

const TARGETS = { versionRatio: 1.3, listRatio: 1.3, onePageMs: 350, planMs: 400, perFileRatio: 4, batchRatio: 3 };
const BATCH_FILES = 32;
/** Rounds of each pdftotext comparison; the median round is the figure (one round alone moved by ±15% here). */
const INGEST_ROUNDS = 3;

/** One comparison with pdftotext: the median round (by ratio), and every round's ratio. */
export interface PdftotextComparison {
  files: number;
  ingestMs: number;
  pdftotextMs: number;
  ratio: number;
  /** each round's ratio, in the order run */
  rounds: number[];
}

export interface StartupResults {
  node: string;
  /** How the CLI's compiled code is kept between runs: the runtime's compile cache, or ours (vm.Script cached data). */
  compileCache: 'module.enableCompileCache' | 'vm.Script cached data';
  load: number[];
  runs: number;
  bareNodeMs: number;
  /** Bare node with this environment's NODE_EXTRA_CA_CERTS (when it is set; every other measure runs without it). */
  bareNodeWithExtraCaCertsMs?: number;
  versionMs: number;
  listMs: number;
  /**
   * A reference with no code of ours: a plain Node script that requires better-sqlite3, opens the
   * library read-only and prints its documents (what the simplest `list` with the stack's SQLite costs).
   */
  plainSqliteListMs: number;
  onePageIngestMs: number;
  /** The same two without the code cache (PAGEWISE_NO_CODE_CACHE=1): what a first run after an install pays. */
  uncached: { listMs: number; onePageIngestMs: number };
  plan: { file: string; pages: number; ms: number } | null;
  perFile: PdftotextComparison | null;
  batch: PdftotextComparison | null;
  errors: string[];
  /** Measures left out on purpose (--files 0): said, not failed. */
  skipped: string[];
}

interface Cli {
  run(args: string[], db: string, extraEnv?: NodeJS.ProcessEnv): number;
}

/** Wall time of one process, ms; throws when it fails (a failed run is not a fast run). */
function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')}… exited ${result.status}: ${String(result.stderr).slice(0, 300)}`);
  return ms;
}

function medianOf(runs: number, measure: (i: number) => number): number {
  return median(Array.from({ length: runs }, (_, i) => measure(i)));
}

function cliRunner(workDir: string): Cli {
  const script = join(repoRoot(), 'dist', 'node', 'pagewise.cjs');
  if (!existsSync(script)) throw new Error('dist/node/pagewise.cjs is missing: run npm run build:node first');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(measuredEnv())) if (!key.startsWith('OPENAI_') && !key.startsWith('PAGEWISE_')) env[key] = value;
  env.XDG_CONFIG_HOME = join(workDir, 'config');
  // a code cache of this run's own (electron/core/runtime/code-cache.ts): each measure below is warmed once first
  env.PAGEWISE_CACHE_DIR = join(workDir, 'code-cache');
  return { run: (args, db, extraEnv = {}) => timeProcess(process.execPath, [script, ...args], { ...env, PAGEWISE_DB: db, ...extraEnv }) };
}

function pageCount(pdf: string): number {
  const out = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(out.stdout ?? '')?.[1] ?? 0);
}

function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
}

function pdftotextMs(files: readonly string[]): number {
  let total = 0;
  for (const file of files) total += timeProcess('pdftotext', [file, '-'], process.env);
  return total;
}

/** The median of `rounds` rounds, each giving [ingest ms, pdftotext ms]. */
function compareRounds(files: number, rounds: number, measure: (round: number) => [number, number]): PdftotextComparison {
  const results = Array.from({ length: rounds }, (_, round) => {
    const [ingestMs, reference] = measure(round);
    return { files, ingestMs, pdftotextMs: reference, ratio: ingestMs / reference };
  });
  const middle = [...results].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds - 1) / 2)] as (typeof results)[number];
  return { ...middle, rounds: results.map((r) => r.ratio) };
}

/** Real 10-K filings from the team kit, smallest first; generated books when it is absent. */
async function filings(count: number): Promise<string[]> {
  const dir = sharedDir() ? join(sharedDir() as string, 'financebench-dev', 'pdfs') : null;
  if (dir && existsSync(dir)) {
    const files = readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith('.pdf'))
      .sort()
      .map((name) => join(dir, name));
    if (files.length > 0) return Array.from({ length: count }, (_, i) => files[i % files.length] as string);
  }
  const book = await largePdf(100);
  return Array.from({ length: count }, () => book.path);
}

/** Writes the plain-script reference (see StartupResults.plainSqliteListMs) for this library; returns its path. */
function plainSqliteListScript(workDir: string, libraryDb: string): string {
  const script = join(workDir, 'plain-sqlite-list.cjs');
  const sqlite = join(repoRoot(), 'node_modules', 'better-sqlite3');
  writeFileSync(
    script,
    [
      `const Database = require(${JSON.stringify(sqlite)});`,
      `const db = new Database(${JSON.stringify(libraryDb)}, { readonly: true });`,
      "const rows = db.prepare('SELECT id, title, page_count FROM documents ORDER BY last_used_at DESC').all();",
      "process.stdout.write(rows.map((r) => `${r.id.slice(0, 12)}  ${r.title}  ${r.page_count}`).join('\\n') + '\\n');",
      'db.close();',
      '',
    ].join('\n'),
  );
  return script;
}

export async function measureStartup(options: { runs?: number; files?: number; rounds?: number } = {}): Promise<StartupResults> {
  const runs = Math.max(1, options.runs ?? 15);
  const rounds = Math.max(1, options.rounds ?? INGEST_ROUNDS);
  const perFileCount = options.files ?? 8;
  const work = mkdtempSync(join(tmpdir(), 'pagewise-startup-'));
  const results: StartupResults = {
    node: process.version,
    compileCache: typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function' ? 'module.enableCompileCache' : 'vm.Script cached data',
    load: loadavg().map((x) => Math.round(x * 100) / 100),
    runs,
    bareNodeMs: 0,
    versionMs: 0,
    listMs: 0,
    plainSqliteListMs: 0,
    onePageIngestMs: 0,
    uncached: { listMs: 0, onePageIngestMs: 0 },
    plan: null,
    perFile: null,
    batch: null,
    errors: [],
    skipped: [],
  };
  try {
    const cli = cliRunner(work);
    const onePage = join(work, 'one-page.pdf');
    writeFileSync(onePage, await makeTextPdf({ pages: ['Quarterly note. Revenue grew 12% to $1.2 million; the board approved the plan.'] }));
    const libraryDb = join(work, 'library.db');
    cli.run(['ingest', onePage], libraryDb); // a library with a document for `list`; writes the code cache of `ingest` and pdf.js
    cli.run(['list'], libraryDb); // and of `list` (a first run compiles everything, as after an install or upgrade)
    const plainList = plainSqliteListScript(work, libraryDb);

    // Interleaved, so that a burst of load elsewhere hits every measure alike.
    const bare: number[] = [];
    const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined && process.env.NODE_EXTRA_CA_CERTS !== '';
    const bareWithCerts: number[] = [];
    const version: number[] = [];
    const list: number[] = [];
    const plainSqliteList: number[] = [];
    const ingest: number[] = [];
    const listUncached: number[] = [];
    const ingestUncached: number[] = [];
    const noCache = { PAGEWISE_NO_CODE_CACHE: '1' };
    for (let i = 0; i < runs; i++) {
      bare.push(timeProcess(process.execPath, ['-e', ''], measuredEnv()));
      if (extraCaCerts) bareWithCerts.push(timeProcess(process.execPath, ['-e', ''], process.env));
      version.push(cli.run(['--version'], libraryDb));
      list.push(cli.run(['list'], libraryDb));
      plainSqliteList.push(timeProcess(process.execPath, [plainList], measuredEnv()));
      ingest.push(cli.run(['ingest', onePage], join(work, `one-${i}.db`)));
      listUncached.push(cli.run(['list'], libraryDb, noCache));
      ingestUncached.push(cli.run(['ingest', onePage], join(work, `one-uncached-${i}.db`), noCache));
    }
    results.bareNodeMs = median(bare);
    if (extraCaCerts) results.bareNodeWithExtraCaCertsMs = median(bareWithCerts);
    results.versionMs = median(version);
    results.listMs = median(list);
    results.plainSqliteListMs = median(plainSqliteList);
    results.onePageIngestMs = median(ingest);
    results.uncached = { listMs: median(listUncached), onePageIngestMs: median(ingestUncached) };

    // ask --plan on a ~100-page filing (the real one closest to 100 pages, else a generated book).
    try {
      const candidates = [...new Set(await filings(64))].map((file) => ({ file, pages: pageCount(file) })).filter((c) => c.pages > 0);
      const pick = candidates.sort((a, b) => Math.abs(a.pages - 100) - Math.abs(b.pages - 100))[0];
      const filing = pick ?? { file: (await largePdf(100)).path, pages: 100 };
      const planDb = join(work, 'plan.db');
      cli.run(['ingest', filing.file], planDb);
      cli.run(['ask', filing.file.split('/').pop() as string, 'warm-up', '--plan'], planDb);
      const ms = medianOf(runs, () => cli.run(['ask', filing.file.split('/').pop() as string, 'What was the total revenue, and how did it change?', '--plan'], planDb));
      results.plan = { file: filing.file.split('/').pop() as string, pages: filing.pages, ms };
    } catch (error) {
      results.errors.push(`ask --plan: ${(error as Error).message}`);
    }

    if (perFileCount === 0) {
      results.skipped.push('--files 0: the ingest comparisons with pdftotext were skipped');
    } else if (hasPdftotext()) {
      try {
        const files = [...new Set(await filings(perFileCount))];
        // each file's ingest right beside its pdftotext run, so that a burst of load elsewhere hits both
        results.perFile = compareRounds(files.length, rounds, (round) => {
          let ingestMs = 0;
          let reference = 0;
          files.forEach((file, i) => {
            ingestMs += cli.run(['ingest', '--ocr', 'off', file], join(work, `per-file-${round}-${i}.db`));
            reference += pdftotextMs([file]);
          });
          return [ingestMs, reference];
        });
      } catch (error) {
        results.errors.push(`per-file ingest: ${(error as Error).message}`);
      }
      try {
        const files = [...new Set(await filings(BATCH_FILES))];
        results.batch = compareRounds(files.length, rounds, (round) => {
          const ingestMs = cli.run(['ingest', '--ocr', 'off', ...files], join(work, `batch-${round}.db`));
          return [ingestMs, pdftotextMs(files)];
        });
      } catch (error) {
        results.errors.push(`batch ingest: ${(error as Error).message}`);
      }
    } else {
      results.errors.push('pdftotext is not installed: the ingest comparisons were skipped');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

const roundsText = (c: PdftotextComparison): string => c.rounds.map((x) => `${x.toFixed(2)}x`).join(' ');

export function printStartup(r: StartupResults): void {
  note(`Node ${r.node}; compiled code kept between runs with ${r.compileCache}; load average ${r.load.join(' ')}`);
  note(`medians of ${r.runs} runs, each a fresh process; bare node = node -e '' in the same run`);
  if (r.bareNodeWithExtraCaCertsMs !== undefined) {
    note(
      `NODE_EXTRA_CA_CERTS is set here: left out of every measured process (with it, bare node takes ${fmtMs(r.bareNodeWithExtraCaCertsMs)}: Node parses the file at every start)`,
    );
  }
  if (r.perFile || r.batch) note('filings: the median of the rounds shown, each file ingested right beside its own pdftotext run');
  const ratio = (ms: number): string => `${(ms / r.bareNodeMs).toFixed(2)}x bare`;
  const rows: string[][] = [
    ["node -e ''", fmtMs(r.bareNodeMs), '1.00x bare', '', ''],
    ['pagewise --version', fmtMs(r.versionMs), ratio(r.versionMs), `<= ${TARGETS.versionRatio}x bare`, mark(r.versionMs / r.bareNodeMs <= TARGETS.versionRatio)],
    ['pagewise list', fmtMs(r.listMs), ratio(r.listMs), `<= ${TARGETS.listRatio}x bare`, mark(r.listMs / r.bareNodeMs <= TARGETS.listRatio)],
    ['  reference: a plain better-sqlite3 list', fmtMs(r.plainSqliteListMs), ratio(r.plainSqliteListMs), '', ''],
    ['ingest a one-page PDF', fmtMs(r.onePageIngestMs), ratio(r.onePageIngestMs), `< ${TARGETS.onePageMs} ms`, mark(r.onePageIngestMs < TARGETS.onePageMs)],
    ['pagewise list, no code cache', fmtMs(r.uncached.listMs), ratio(r.uncached.listMs), '', ''],
    ['one-page ingest, no code cache', fmtMs(r.uncached.onePageIngestMs), ratio(r.uncached.onePageIngestMs), '', ''],
  ];
  if (r.plan) rows.push([`ask --plan, ${r.plan.file} (${r.plan.pages} p.)`, fmtMs(r.plan.ms), ratio(r.plan.ms), `< ${TARGETS.planMs} ms`, mark(r.plan.ms < TARGETS.planMs)]);
  if (r.perFile) {
    rows.push([
      `${r.perFile.files} filings, one process each`,
      fmtMs(r.perFile.ingestMs),
      `${r.perFile.ratio.toFixed(2)}x pdftotext (${fmtMs(r.perFile.pdftotextMs)}; rounds ${roundsText(r.perFile)})`,
      `<= ${TARGETS.perFileRatio}x pdftotext`,
      mark(r.perFile.ratio <= TARGETS.perFileRatio),
    ]);
  }
  if (r.batch) {
    rows.push([
      `${r.batch.files} filings, one process`,
      fmtMs(r.batch.ingestMs),
      `${r.batch.ratio.toFixed(2)}x pdftotext (${fmtMs(r.batch.pdftotextMs)}; rounds ${roundsText(r.batch)})`,
      `<= ${TARGETS.batchRatio}x pdftotext`,
      mark(r.batch.ratio <= TARGETS.batchRatio),
    ]);
  }
  table(['measure', 'time', 'ratio', 'target', 'met'], rows);
  // the ratio moves with Node's own start on a shared machine; what the CLI adds does not
  note(`beyond bare node: --version ${fmtMs(r.versionMs - r.bareNodeMs)}, list ${fmtMs(r.listMs - r.bareNodeMs)}`);
  for (const error of r.errors) note(`✗ ${error}`);
  for (const skip of r.skipped) note(`– ${skip}`);
}

/** `bench.js --startup [--runs N] [--files N] [--rounds N]`: this section alone; figures in bench/.cache/startup-last-run.json. */
export async function runStartupBench(args: string[]): Promise<void> {
  const value = (name: string): number | undefined => {
    const i = args.indexOf(name);
    const n = i >= 0 ? Number(args[i + 1]) : Number.NaN;
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  heading('Start-up (the pagewise CLI, one process per command)');
  const results = await measureStartup({ runs: value('--runs'), files: value('--files'), rounds: value('--rounds') });
  printStartup(results);
  writeFileSync(join(cacheDir(), 'startup-last-run.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (results.errors.length > 0) process.exitCode = 1;
}
