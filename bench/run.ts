/**
 * `npm run bench`: builds, then runs `node --expose-gc dist/node/bench.js`.
 *
 * Prints a readable report and writes bench/.cache/last-run.json:
 *   1. Ingest: ~500- and ~2,000-page book-like text PDFs (generated once into bench/.cache/), each ingested in
 *      a child process (its own peak RSS), against pdftotext on the same file in the same run;
 *      extraction alone with 1 thread vs N (the calling thread + N - 1 workers); ../shared/pdfs/freeculture.pdf when present.
 *   2. Tokens: our countTokens vs js-tiktoken on a few MB of prose; a 1 MB run of one letter.
 *   3. Analysis: plan time on the 500-page document, cached answer lookup, calls and cost to summarize
 *      the 2,000-page book (every page in exactly one map chunk), evidence recall on
 *      ../shared/financebench-dev at the default, 32,000 and 12,000 token budgets, by fold (bench/folds.ts:
 *      fold B held out) and library-wide (all filings in one library, bench/recall-library.ts).
 *
 * Child mode (used by the ingest section): `bench.js --child ingest <pdf> <db> [workers]`,
 * `bench.js --child extract <pdf> <workers>`.
 *
 * `bench.js --across`: only plans over 40 documents / 4,000 pages, engine and CLI (bench/across.ts).
 * `bench.js --page-labels [--verbose]`: only the printed page labels measure (bench/page-labels.ts).
 * `bench.js --recall`: only evidence recall (single document by fold, library-wide, plain BM25 baselines).
 *
 * Options: --quick (skip the 2,000-page extraction comparison and the fake-server summary run),
 * --no-recall (skip evidence recall), --no-startup (skip the CLI start-up section, which runs first),
 * --startup [--runs N] [--files N] [--rounds N] (only the CLI start-up bench, bench/startup.ts),
 * --no-ocr (skip the OCR section; `--ocr` runs only it, bench/ocr.ts),
 * --batch [--docs N] [--pages N] (only the batch preparation bench, bench/batch.ts).
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { defaultThreads, MAX_WORKERS } from '../electron/core/pdf';
import { openLibrary } from '../electron/core/store';
import type { Library } from '../electron/core/store';
import { runBatchBench } from './batch';
import { measureCache, measurePlans, measureSummaryPlan, runSummaryAgainstFakeServer } from './analysis';
import type { CacheTiming, PlanTiming, SummaryPlanResult, SummaryRunResult } from './analysis';
import { cacheDir, largePdf, proseCorpus, sharedDir } from './fixtures';
import { measureHostile, runHostileChild } from './hostile';
import { measureExtraction, measureIngest, runChild } from './ingest';
import { ocrBenchMain, runOcrChild } from './ocr';
import type { ExtractMeasurement, IngestMeasurement } from './ingest';
import { measureFieldExtraction } from './extract';
import { formatRecallReport, measureEvidenceRecall } from './recall';
import type { RecallReport } from './recall';
import { errorText, fmtInt, fmtMs, fmtRate, fmtUsd, heading, mark, note, table } from './report';
import { runPageLabelsBench } from './page-labels';
import { runAcrossBench } from './across';
import { measureStartup, printStartup, runStartupBench, type StartupResults } from './startup';
import { measureTokens } from './tokens';
import type { TokensMeasurement } from './tokens';

interface BenchResults {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; platform: string; loadAtStart: number[]; loadAtEnd: number[] };
  fixtures: { label: string; path: string; pages: number; bytes: number; generatedMs: number | null }[];
  ingest: Omit<IngestMeasurement, 'libraryDir' | 'dbPath'>[];
  ingestFixedCost?: Omit<IngestMeasurement, 'libraryDir' | 'dbPath'>;
  ingestOneWorker?: Omit<IngestMeasurement, 'libraryDir' | 'dbPath'>;
  extraction: { pdf: string; runs: ExtractMeasurement[] } | null;
  realWorld: Omit<IngestMeasurement, 'libraryDir' | 'dbPath'>[];
  tokens: TokensMeasurement | null;
  analysis: {
    plan: PlanTiming | null;
    /** The same on the 2,000-page book (does not fit: focused). */
    planLong: PlanTiming | null;
    cache: CacheTiming | null;
    summaryPlan: SummaryPlanResult | null;
    summaryRun: SummaryRunResult | null;
  };
  recall: RecallReport | null;
  /** The CLI's start-up (bench/startup.ts), first: before this process loads the machine. */
  startup: StartupResults | null;
  errors: { section: string; message: string }[];
  totalSeconds: number;
}

const TARGETS = {
  ratio500: 4,
  ratio2000: 2,
  peakRssMB: 500,
  proseTokensPerSecond: 800_000,
  runSeconds: 1,
  planMs: 150,
  cacheMs: 5,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child' && args[1] === 'hostile') {
    await runHostileChild(args.slice(2));
    return;
  }
  if (args[0] === '--child') {
    await runChild(args.slice(1));
    return;
  }
  // Evidence recall alone: `bench.js --recall` (bench/recall.ts).
  if (args[0] === '--recall') {
    for (const line of formatRecallReport(await measureEvidenceRecall({ baseline: true, onLog: (line) => note(`  ${line}`) }))) note(line);
    return;
  }
  // Plans over 40 documents alone: `bench.js --across` (bench/across.ts).
  if (args[0] === '--across') {
    await runAcrossBench();
    return;
  }
  if (args[0] === '--page-labels') {
    await runPageLabelsBench(args.slice(1));
    return;
  }
  if (args.includes('--hostile-only')) {
    heading('Hostile PDFs (one child process each; target: under 600 MB of RSS)');
    const rows = await measureHostile(process.argv[1] ?? '');
    table(
      ['case', 'file', 'outcome', 'time', 'peak RSS'],
      rows.map((r) => [r.label, `${Math.round(r.fileBytes / 1024)} KB`, r.outcome, fmtMs(r.ms), `${Math.round(r.maxRssMB)} MB ${mark(r.maxRssMB < 600)}`]),
    );
    return;
  }
  // The CLI's start-up (bench/startup.ts), alone: it spawns its own processes.
  if (args[0] === '--startup') {
    await runStartupBench(args.slice(1));
    return;
  }
  // OCR alone: `bench.js --ocr [--ocr-pages N]` (bench/ocr.ts); the full run includes it unless --no-ocr.
  if (args[0] === '--ocr-child') return runOcrChild(args.slice(1));
  if (args[0] === '--ocr') return ocrBenchMain(args.slice(1));
  // Extraction alone (bench/extract.ts): `bench.js --extract`
  if (args[0] === '--extract') {
    const misses: string[] = [];
    const r = await measureFieldExtraction(undefined, (line) => process.stdout.write(`${line}\n`));
    for (const x of r ?? []) misses.push(...x.misses.map((m) => `${x.budget ?? 'full'}: ${m}`));
    if (misses.length > 0) process.stdout.write(`misses:\n  ${misses.slice(0, 40).join('\n  ')}\n`);
    return;
  }
  if (args[0] === '--batch') return runBatchBench(args.slice(1));
  const quick = args.includes('--quick');
  const withRecall = !args.includes('--no-recall');
  const started = performance.now();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
      loadAtEnd: [],
    },
    fixtures: [],
    ingest: [],
    extraction: null,
    realWorld: [],
    tokens: null,
    analysis: { plan: null, planLong: null, cache: null, summaryPlan: null, summaryRun: null },
    recall: null,
    startup: null,
    errors: [],
    totalSeconds: 0,
  };
  const failed = (section: string, error: unknown): void => {
    const message = errorText(error);
    results.errors.push({ section, message });
    note(`✗ ${section} failed: ${message}`);
  };
  const m = results.machine;
  console.log(`Pagewise benchmark  ${results.startedAt}`);
  console.log(`${m.cpus} cores (${m.cpuModel}), ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; load average ${m.loadAtStart.join(' ')}`);
  if ((m.loadAtStart[0] ?? 0) > m.cpus * 0.75) {
    console.log('Note: the machine is busy (load average above the core count x 0.75): timings are noisy; compare ratios from one run.');
  }
  const libraries: string[] = [];
  const openLibraries: Library[] = [];

  try {
    // ------------------------------------------------------------------ 0. start-up
    if (!args.includes('--no-startup')) {
      heading('0. Start-up (the pagewise CLI, one process per command; alone: --startup)');
      try {
        results.startup = await measureStartup({ files: quick ? 0 : undefined });
        printStartup(results.startup);
        for (const error of results.startup.errors) results.errors.push({ section: 'Start-up', message: error });
      } catch (error) {
        failed('Start-up', error);
      }
    }

    // ------------------------------------------------------------------ 1. ingest
    heading('1. Ingest (parse + count + store + index; one child process per run)');
    note(
      `Extracting threads by default: ${defaultThreads()} (the calling thread + ${defaultThreads() - 1} worker${defaultThreads() === 2 ? '' : 's'}; ` +
        `os.availableParallelism() ${availableParallelism()}, at most ${MAX_WORKERS})`,
    );
    const fixtures: { label: string; pages: number; runs: number }[] = [
      { label: '500-page book', pages: 500, runs: 3 },
      { label: '2,000-page book', pages: 2000, runs: 2 },
    ];
    const measured = new Map<number, IngestMeasurement>();
    for (const f of fixtures) {
      try {
        const pdf = await largePdf(f.pages);
        results.fixtures.push({ label: f.label, path: pdf.path, pages: pdf.pages, bytes: pdf.bytes, generatedMs: pdf.generatedMs });
        note(
          `${f.label}: ${pdf.path.replace(`${cacheDir()}/`, 'bench/.cache/')} (${(pdf.bytes / 1e6).toFixed(1)} MB, ` +
            `${pdf.generatedMs === null ? 'reused' : `generated in ${fmtMs(pdf.generatedMs)}`})`,
        );
        const r = await measureIngest(f.label, pdf.path, f.runs);
        libraries.push(r.libraryDir);
        measured.set(f.pages, r);
        results.ingest.push(strip(r));
      } catch (error) {
        failed(`ingest ${f.label}`, error);
      }
    }
    printIngestTable(results.ingest, (r) => (r.pages >= 1500 ? TARGETS.ratio2000 : TARGETS.ratio500));

    // Where the time goes: the fixed cost (a 10-page PDF) and the default worker pool vs one worker.
    const extraRows: Omit<IngestMeasurement, 'libraryDir' | 'dbPath'>[] = [];
    try {
      const tiny = await largePdf(10);
      const r = await measureIngest('10-page (fixed cost)', tiny.path, 2);
      libraries.push(r.libraryDir);
      extraRows.push(strip(r));
      results.ingestFixedCost = strip(r);
    } catch (error) {
      failed('ingest 10 pages', error);
    }
    const bigIngest = measured.get(2000);
    if (bigIngest && !quick) {
      try {
        const r = await measureIngest('2,000-page, 1 thread', bigIngest.pdf, 1, 1);
        libraries.push(r.libraryDir);
        extraRows.push(strip(r));
        results.ingestOneWorker = strip(r);
      } catch (error) {
        failed('ingest 2,000 pages with 1 thread', error);
      }
    }
    if (extraRows.length > 0) {
      console.log('');
      note('Where the time goes:');
      printIngestTable(extraRows, (r) => (r.pages >= 1500 ? TARGETS.ratio2000 : TARGETS.ratio500), false);
      const fixed = results.ingestFixedCost;
      const big2 = results.ingest.find((x) => x.pages >= 1500);
      if (fixed && big2) {
        const perPage = (big2.ms - fixed.ms) / (big2.pages - fixed.pages);
        note(
          `Fixed cost per ingest ~${fmtMs(fixed.ms)} (a 10-page ingest: loading pdf.js and the tokenizer table, hashing, the database write, the file copy); ` +
            `marginal ${fmtMs(perPage)} per page = ${fmtRate(1000 / perPage)} pages/s beyond it.`,
        );
      }
    }

    const big = measured.get(2000) ?? measured.get(500);
    if (big && !quick) {
      try {
        const runs = await measureExtraction(big.pdf);
        results.extraction = { pdf: big.label, runs };
        console.log('');
        note(`Extraction alone (pdf.js, no counting or store), ${big.label}:`);
        const one = runs[0];
        table(
          ['threads', 'pages', 'time', 'pages/s', 'peak RSS', 'speed-up'],
          runs.map((r) => [r.workers, r.pages, fmtMs(r.ms), fmtRate(r.pagesPerSecond), `${r.maxRssMB.toFixed(0)} MB`, one ? `${(one.ms / r.ms).toFixed(2)}x` : '-']),
        );
      } catch (error) {
        failed('extraction workers', error);
      }
    }

    const shared = sharedDir();
    const book = shared ? join(shared, 'pdfs', 'freeculture.pdf') : null;
    console.log('');
    if (book && existsSync(book)) {
      try {
        const r = await measureIngest('Free Culture (real book)', book, 2);
        libraries.push(r.libraryDir);
        results.realWorld.push(strip(r));
        note('Real-world PDF (../shared/pdfs/freeculture.pdf):');
        printIngestTable(results.realWorld, () => TARGETS.ratio500);
      } catch (error) {
        failed('ingest freeculture.pdf', error);
      }
    } else {
      note('Real-world PDF: ../shared/pdfs/freeculture.pdf is absent; skipped.');
    }

    // ------------------------------------------------------------------ 2. tokens
    heading('2. Token counting (o200k_base), same process');
    try {
      const corpus = proseCorpus();
      const t = measureTokens(corpus);
      results.tokens = t;
      note(`Prose: ${(t.proseBytes / 1e6).toFixed(2)} MB, ${fmtInt(t.proseTokens)} tokens; ${t.proseSources.join(', ')}`);
      table(
        ['counter', 'time', 'tokens/s', 'load (once)', 'target'],
        [
          ['ours (countTokens)', fmtMs(t.oursMs), fmtRate(t.oursTokensPerSecond), fmtMs(t.oursWarmupMs), `${mark(t.oursTokensPerSecond >= TARGETS.proseTokensPerSecond)} >= 0.8 M/s`],
          ['js-tiktoken', fmtMs(t.tiktokenMs), fmtRate(t.tiktokenTokensPerSecond), fmtMs(t.tiktokenWarmupMs), ''],
        ],
      );
      note(`ours / js-tiktoken throughput: ${t.speedup.toFixed(2)}x; counts equal on the prose: ${t.countsEqual ? 'yes' : 'NO'}`);
      note(
        `1 MB run of one letter, ours: ${fmtMs(t.runMs)} (${fmtInt(t.runTokens)} tokens) ` +
          `${mark(t.runMs / 1000 < TARGETS.runSeconds)} target < 1 s`,
      );
      note(
        `Reference: js-tiktoken on a ${fmtInt(t.runTiktokenBytes)}-byte run: ${fmtMs(t.runTiktokenMs)} ` +
          `(quadratic; not run on 1 MB); counts equal at 10 KB: ${t.runCountsEqualAt10k ? 'yes' : 'NO'}`,
      );
    } catch (error) {
      failed('tokens', error);
    }

    // ------------------------------------------------------------------ 3. analysis
    heading('3. Analysis (offline: plans and the cache need no model)');
    const five = measured.get(500);
    if (five) {
      const library = openLibrary(five.dbPath);
      openLibraries.push(library);
      try {
        const p = measurePlans(library, five.docId);
        results.analysis.plan = p;
        printPlan(p);
      } catch (error) {
        failed('plan timing', error);
      }
      try {
        const c = await measureCache(library, five.docId);
        results.analysis.cache = c;
        note(
          `Cached answer: askQuestion cache hit median ${fmtMs(c.cachedAskMedianMs)} ${mark(c.cachedAskMedianMs < TARGETS.cacheMs && c.cachedAskWasHit)} target < 5 ms ` +
            `(plan + key + lookup; the first, uncached extractive answer took ${fmtMs(c.firstAskMs)})`,
        );
        note(`  store lookup alone (findCachedAnswer) median ${fmtMs(c.findCachedMedianMs)}; every repeat was a hit: ${c.cachedAskWasHit ? 'yes' : 'NO'}`);
      } catch (error) {
        failed('cache timing', error);
      }
    } else {
      note('No 500-page library (ingest failed): plan and cache timings skipped.');
    }

    const longBook = measured.get(2000);
    if (longBook) {
      const library = openLibrary(longBook.dbPath);
      openLibraries.push(library);
      try {
        const p = measurePlans(library, longBook.docId);
        results.analysis.planLong = p;
        printPlan(p);
      } catch (error) {
        failed('plan timing (2,000 pages)', error);
      }
      try {
        const s = measureSummaryPlan(library, longBook.docId);
        results.analysis.summaryPlan = s;
        note(
          `Summarize the ${fmtInt(s.pages)}-page book (${fmtInt(s.documentTokens)} tokens, gpt-4o-mini, brief): ` +
            `${s.calls} model calls (${s.mapCalls} map + ${s.reduceCalls} reduce), ${fmtInt(s.promptTokens)} prompt tokens, ` +
            `estimated ${fmtUsd(s.estimatedCostUsd)}`,
        );
        note(
          `  map chunks ${fmtInt(s.chunkTokens.min)}-${fmtInt(s.chunkTokens.max)} tokens (budget ${fmtInt(s.chunkTokens.budget)}); ` +
            `every text page (${fmtInt(s.textPages)}) in exactly one chunk: ${coverageText(s.coverage)}; planned in ${fmtMs(s.planMs)}`,
        );
      } catch (error) {
        failed('summary plan', error);
      }
      if (!quick) {
        try {
          const r = await runSummaryAgainstFakeServer(library, longBook.docId);
          results.analysis.summaryRun = r;
          note(
            `  run against the fake OpenAI server: ${r.calls} calls (${r.mapRequests} with pages), ${fmtMs(r.ms)}, ` +
              `${fmtInt(r.promptTokens)} prompt tokens (server counted ${fmtInt(r.serverPromptTokens)}), cost ${fmtUsd(r.costUsd)}`,
          );
          note(`  pages actually sent, each in exactly one map request: ${coverageText(r.coverage)}; ${r.citations} citations, ${(100 * r.verifiedShare).toFixed(0)}% verified`);
        } catch (error) {
          failed('summary run (fake server)', error);
        }
      }
    } else {
      note('No 2,000-page library (ingest failed): summary plan skipped.');
    }

    console.log('');
    if (withRecall) {
      note('Evidence recall (../shared/financebench-dev; share of questions whose evidence page is in the plan):');
      try {
        const report = await measureEvidenceRecall({ baseline: true, onLog: (line) => note(`  ${line}`) });
        results.recall = report;
        for (const line of formatRecallReport(report)) note(line);
      } catch (error) {
        failed('evidence recall', error);
      }
    } else {
      note('Evidence recall skipped (--no-recall).');
    }
    if (!args.includes('--no-ocr')) {
      try {
        await ocrBenchMain(args);
      } catch (error) {
        failed('OCR', error);
      }
    }
  } finally {
    for (const library of openLibraries) library.close();
    for (const dir of libraries) rmSync(dir, { recursive: true, force: true });
  }

  results.totalSeconds = (performance.now() - started) / 1000;
  results.machine.loadAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  const out = join(cacheDir(), 'last-run.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  heading('Summary');
  printSummary(results);
  note(`Total ${results.totalSeconds.toFixed(0)} s; load average at the end ${results.machine.loadAtEnd.join(' ')}. Figures written to bench/.cache/last-run.json.`);
  if (results.errors.length > 0) {
    note(`${results.errors.length} section(s) failed: ${results.errors.map((e) => e.section).join(', ')}`);
    process.exitCode = 1;
  }
}

function strip(r: IngestMeasurement): Omit<IngestMeasurement, 'libraryDir' | 'dbPath'> {
  const { libraryDir: _dir, dbPath: _db, ...rest } = r;
  return rest;
}

function printIngestTable(
  rows: Omit<IngestMeasurement, 'libraryDir' | 'dbPath'>[],
  target: (r: { pages: number }) => number,
  withTargets = true,
): void {
  if (rows.length === 0) return;
  table(
    ['document', 'pages', 'tokens', 'ingest', 'pages/s', 'tokens/s', 'peak RSS', 'pdftotext', 'pdftotext p/s', 'ratio', 'target'],
    rows.map((r) => [
      r.label,
      fmtInt(r.pages),
      fmtInt(r.tokens),
      fmtMs(r.ms),
      fmtRate(r.pagesPerSecond),
      fmtRate(r.tokensPerSecond),
      `${r.maxRssMB.toFixed(0)} MB`,
      r.pdftotextMs === null ? 'n/a' : fmtMs(r.pdftotextMs),
      r.pdftotextPagesPerSecond === null ? 'n/a' : fmtRate(r.pdftotextPagesPerSecond),
      r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}x`,
      r.ratio === null || !withTargets
        ? ''
        : `${mark(r.ratio <= target(r))} <= ${target(r)}x, ${mark(r.maxRssMB < TARGETS.peakRssMB)} RSS < ${TARGETS.peakRssMB} MB`,
    ]),
  );
  const extra = rows.filter((r) => r.textlessPages > 0 || r.failedPages > 0);
  for (const r of extra) note(`${r.label}: ${r.textlessPages} pages without text, ${r.failedPages} failed pages`);
  if (withTargets) note('ingest = the ingestFile call in a child process, best of the runs; ratio = ingest / pdftotext, best of as many runs.');
}

function printPlan(p: PlanTiming): void {
  note(
    `Plan a question on the ${fmtInt(p.pages)}-page document (${fmtInt(p.documentTokens)} tokens; ${p.strategy}, ${p.pagesSent} pages, ` +
      `${fmtInt(p.promptTokens)} prompt tokens): median ${fmtMs(p.medianMs)} over ${p.questions} questions ${mark(p.medianMs < TARGETS.planMs)} target < 150 ms`,
  );
  note(
    `  first plan after opening the library ${fmtMs(p.firstMs)}, max ${fmtMs(p.maxMs)}; ` +
      `with --budget 12000 (focused) median ${fmtMs(p.budget12kMedianMs)}, max ${fmtMs(p.budget12kMaxMs)}`,
  );
}

function coverageText(c: { ok: boolean; missing: number[]; duplicated: number[]; consecutive: boolean }): string {
  if (c.ok) return `✓ yes${c.consecutive ? ' (consecutive ranges)' : ''}`;
  return `✗ NO (${c.missing.length} missing, ${c.duplicated.length} duplicated)`;
}

function printSummary(r: BenchResults): void {
  const rows: (string | number)[][] = [];
  const i500 = r.ingest.find((x) => x.pages < 1500);
  const i2000 = r.ingest.find((x) => x.pages >= 1500);
  const ratio = (x: typeof i500, t: number): string[] =>
    x && x.ratio !== null ? [`${x.ratio.toFixed(2)}x pdftotext`, `<= ${t}x`, mark(x.ratio <= t)] : ['n/a', `<= ${t}x`, '-'];
  rows.push(['ingest 500 pages', ...ratio(i500, TARGETS.ratio500)]);
  rows.push(['ingest 2,000 pages', ...ratio(i2000, TARGETS.ratio2000)]);
  const rss = Math.max(0, ...r.ingest.map((x) => x.maxRssMB));
  rows.push(['peak RSS (ingest)', r.ingest.length ? `${rss.toFixed(0)} MB` : 'n/a', `< ${TARGETS.peakRssMB} MB`, r.ingest.length ? mark(rss < TARGETS.peakRssMB) : '-']);
  if (r.tokens) {
    rows.push(['tokens/s on prose', `${fmtRate(r.tokens.oursTokensPerSecond)}/s (exact: ${r.tokens.countsEqual ? 'yes' : 'no'})`, '>= 0.8 M/s', mark(r.tokens.oursTokensPerSecond >= TARGETS.proseTokensPerSecond && r.tokens.countsEqual)]);
    rows.push(['1 MB run of one letter', fmtMs(r.tokens.runMs), '< 1 s', mark(r.tokens.runMs < 1000)]);
  }
  const p = r.analysis.plan;
  for (const plan of [p, r.analysis.planLong]) {
    if (!plan) continue;
    const worst = Math.max(plan.maxMs, plan.budget12kMaxMs);
    rows.push([`plan a question (${fmtInt(plan.pages)} pages)`, `${fmtMs(plan.medianMs)} median, ${fmtMs(worst)} max`, '< 150 ms', mark(plan.medianMs < TARGETS.planMs)]);
  }
  const c = r.analysis.cache;
  if (c) rows.push(['cached answer lookup', fmtMs(c.cachedAskMedianMs), '< 5 ms', mark(c.cachedAskMedianMs < TARGETS.cacheMs && c.cachedAskWasHit)]);
  const s = r.analysis.summaryPlan;
  if (s) rows.push(['summarize 2,000 pages', `${s.calls} calls, ${fmtUsd(s.estimatedCostUsd)}`, 'each page in 1 chunk', mark(s.coverage.ok)]);
  const rec = r.recall;
  if (rec?.available) {
    const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
    const budgetLabel = (b: number | null): string => (b === null ? 'default budget' : `${fmtInt(b)} budget`);
    for (const x of rec.results) {
      const held = x.folds[rec.heldOutFold];
      const target = x.budget === 12_000 ? 0.9 : null;
      rows.push([
        `evidence recall, ${budgetLabel(x.budget)} (held-out fold ${rec.heldOutFold}; all ${pct(x.recall)})`,
        pct(held.recall),
        target === null ? '' : `>= ${pct(target)}`,
        target === null ? '' : mark(held.recall >= target),
      ]);
    }
    for (const x of rec.library?.results ?? []) {
      const target = x.budget === null ? 0.95 : x.budget === 12_000 ? 0.85 : null;
      rows.push([
        `library-wide recall, ${budgetLabel(x.budget)} (plain BM25 ${pct(x.baselineRecall)})`,
        pct(x.recall),
        target === null ? '' : `>= ${pct(target)}`,
        target === null ? '' : mark(x.recall >= target),
      ]);
    }
    if (rec.library) {
      const t = rec.library.timing;
      rows.push([`plan over ${rec.library.documents} documents (${fmtInt(rec.library.pages)} pages), no document named`, fmtMs(t.unscopedMs), '<= 300 ms', mark(t.unscopedMs <= 300)]);
    }
  } else if (rec) {
    rows.push(['evidence recall', 'skipped', '', '']);
  }
  table(['measure', 'result', 'target', 'met'], rows);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
