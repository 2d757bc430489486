/**
 * `bench.js --across`: how long a plan over many documents takes (issue 10). A generated library of 40
 * documents x 100 pages (4,000 pages of varied prose, each document naming its own company and year) is
 * stored once in bench/.cache/across.db (pages written through the store, as ingest writes them); then
 * - the engine: planScope over All documents (auto = focused here, a question naming one company, an open
 *   question, and exhaustive), the first plan on a freshly opened library (cold) and the median of 5 more (warm);
 * - the CLI: `pagewise ask --all "..." --plan --json` as a user runs it (a fresh process each time), median of 3.
 * Targets: <= 300 ms warm, <= 1 s from the CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planScope } from '../electron/core/analysis';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisContext } from '../electron/core/analysis';
import { resolveScope } from '../electron/core/collections/scope';
import { resolveModel } from '../electron/core/llm/models';
import { openLibrary, type Library } from '../electron/core/store';
import { countTokens } from '../electron/core/tokens';
import { largePageText } from '../tests/fixtures/make-fixtures';
import { cacheDir } from './fixtures';
import { fmtMs, heading, mark, median, note, table } from './report';
import { measuredEnv } from './child-env';

const DOCS = 40;
const PAGES = 100;
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne'];

function companyOf(i: number): string {
  return `${COMPANIES[i % COMPANIES.length] ?? 'Acme'} ${Math.floor(i / COMPANIES.length) + 1}`;
}

function buildLibrary(path: string): void {
  const library = openLibrary(path);
  try {
    for (let d = 0; d < DOCS; d++) {
      const company = companyOf(d);
      const year = 2015 + (d % 8);
      const pages = Array.from({ length: PAGES }, (_, i) => {
        const text = `${company} annual report ${year}.\n${largePageText(d * PAGES + i + 1)}`;
        return { pageNumber: i + 1, label: null, text, tokens: countTokens(text), noText: false, failed: false };
      });
      const id = (d.toString(16).padStart(2, '0') + 'ac'.repeat(31)).slice(0, 64);
      library.storeDocument(
        {
          id, title: `${company} annual report ${year}`, fileName: `${company.replace(' ', '-').toLowerCase()}-${year}.pdf`, author: null,
          pageCount: PAGES, totalTokens: pages.reduce((n, p) => n + p.tokens, 0), byteSize: 1, outline: [], textlessPages: [], failedPages: [], parser: 'bench',
        },
        pages,
      );
    }
  } finally {
    library.close();
  }
}

function ctxOf(library: Library): AnalysisContext {
  return { library, provider: null, model: resolveModel('gpt-4o-mini'), settings: DEFAULT_ANALYSIS_SETTINGS };
}

const CASES: { label: string; question: string; strategy: 'auto' | 'focused' | 'exhaustive' }[] = [
  { label: 'auto (focused), names a company', question: 'What did Globex 2 report about warranty claims in 2016?', strategy: 'auto' },
  { label: 'focused, open question', question: 'Which documents discuss the software licence and how many devices it permits?', strategy: 'focused' },
  { label: 'exhaustive', question: 'Which documents discuss the software licence?', strategy: 'exhaustive' },
];

export async function runAcrossBench(): Promise<void> {
  heading(`Plans over ${DOCS} documents (${(DOCS * PAGES).toLocaleString('en-US')} pages)`);
  mkdirSync(cacheDir(), { recursive: true });
  const db = join(cacheDir(), 'across.db');
  if (!existsSync(db)) {
    const t0 = performance.now();
    buildLibrary(db);
    note(`generated ${db} in ${fmtMs(performance.now() - t0)}`);
  }
  const rows: string[][] = [];
  for (const c of CASES) {
    const library = openLibrary(db);
    try {
      const ctx = ctxOf(library);
      const t0 = performance.now();
      const plan = planScope(ctx, resolveScope(library, { all: true }), c.question, { strategy: c.strategy });
      const cold = performance.now() - t0;
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        planScope(ctx, resolveScope(library, { all: true }), c.question, { strategy: c.strategy });
        warm.push(performance.now() - t);
      }
      const w = median(warm);
      rows.push([c.label, plan.strategy, String(plan.sources.length), String(plan.calls), plan.promptTokens.toLocaleString('en-US'), fmtMs(cold), `${fmtMs(w)} ${mark(w <= 300)}`]);
    } finally {
      library.close();
    }
  }
  table(['question', 'strategy', 'documents', 'requests', 'prompt tokens', 'cold', 'warm (<= 300 ms)'], rows);

  const cli = resolve('dist/node/pagewise.cjs');
  const env = measuredEnv({ PAGEWISE_DB: db, OPENAI_API_KEY: '', NO_COLOR: '1' });
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const run = spawnSync(process.execPath, [cli, 'ask', '--all', CASES[0]?.question ?? '', '--plan', '--json'], { env, encoding: 'utf8' });
    times.push(performance.now() - t);
    ok &&= run.status === 0;
  }
  const m = median(times);
  note(`CLI: pagewise ask --all "..." --plan --json: median ${fmtMs(m)} of 3 runs ${mark(ok && m <= 1000)} (target <= 1 s)${ok ? '' : ' (a run failed)'}`);
}
