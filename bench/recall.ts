/**
 * Evidence recall of focused page selection on ../shared/financebench-dev/:
 * the share of questions whose evidence page is among the pages a plan would
 * send, at the default budget (the model's full input budget) and at smaller
 * caps. Filings are ingested once into a library cached under bench/.cache/.
 *
 * "hit" = at least one evidence page is in the plan; "all" = every evidence
 * page is (many questions need two statements). The README's reference
 * figures count a hit.
 *
 * Honest figures: the set is split into two folds BY COMPANY (bench/folds.ts:
 * companies sorted, alternating A, B). WHAT WAS TUNED ON: the ranking of
 * 2026-12-02.2 (ranking/: general stop words, finance vocabulary only on
 * filings, contract vocabulary) was checked and tuned on fold A's questions
 * only; fold B's question wording was not looked at (only its totals). The
 * document choice (rank-across.ts) had two bugs fixed while run on all 54
 * questions (a company name in the stop list; a cover line taken for a
 * name), no wording-specific rule. One experiment after the split (a boost
 * for every statement page when a filing question names no statement) gained
 * a fold-A question, lost a fold-B one and broke a unit test on narrative
 * pages: it was dropped. Fold B is the held-out figure; fold A is shown for
 * reference. Library-wide recall (bench/recall-library.ts) puts all
 * filings in one library and asks each question over every document.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ingestFile } from '../electron/core/ingest';
import { openLibrary } from '../electron/core/store';
import { resolveModel, DEFAULT_MODEL_ID } from '../electron/core/llm/models';
import { planQuestion, planQuestionDetail } from '../electron/core/analysis/plan';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisContext } from '../electron/core/analysis/types';
import { repoRoot } from './fixtures';
import { foldOf, foldsByCompany, HELD_OUT_FOLD, TUNED_FOLD, type Fold } from './folds';
import { measureLibraryRecall, type LibraryRecallReport } from './recall-library';

export interface RecallOptions {
  /** Folder with questions.jsonl and pdfs/ (default: ../shared/financebench-dev beside the repo). */
  dataDir?: string;
  /** Where the ingested library is kept between runs (default bench/.cache/financebench). */
  cacheDir?: string;
  /** Budgets to measure; null = the model's full input budget (default [null, 32000, 12000]). */
  budgets?: (number | null)[];
  modelId?: string;
  /** Also measure library-wide recall (default true). */
  libraryWide?: boolean;
  /** Also measure plain BM25 (content terms only) through the same pipeline, as a baseline. */
  baseline?: boolean;
  onLog?: (line: string) => void;
}

export interface RecallBudgetResult {
  budget: number | null;
  label: string;
  questions: number;
  /** Questions with at least one evidence page in the plan. */
  hits: number;
  recall: number;
  /** Questions with all evidence pages in the plan. */
  hitsAll: number;
  recallAll: number;
  /** Questions on filings that do not fit the model's input budget whole. */
  longQuestions: number;
  longHits: number;
  longRecall: number;
  meanPagesSent: number;
  meanPlanMs: number;
  maxPlanMs: number;
  /** Plain BM25 through the same pipeline (options.baseline). */
  baseline?: { recall: number; longRecall: number };
  /** The same by fold (bench/folds.ts): B is held out, A was tuned on. */
  folds: Record<Fold, FoldResult>;
}

export interface FoldResult {
  questions: number;
  hits: number;
  recall: number;
  /** Plain BM25 on the same questions (options.baseline). */
  baselineRecall?: number;
}

export interface RecallReport {
  available: boolean;
  /** What happened (or why nothing was measured). */
  message: string;
  dataDir: string;
  model: string;
  documents: number;
  questions: number;
  /** Filings longer than the model's input budget. */
  longDocuments: string[];
  ingestMs: number;
  results: RecallBudgetResult[];
  /** README reference (simple BM25 over page text), share of questions. */
  reference: { budget: number; bm25: number; bm25Long: number }[];
  misses: { budget: number | null; doc: string; fold: Fold; question: string; evidence: number[] }[];
  /** All filings in one library, each question over every document (null when skipped). */
  library: LibraryRecallReport | null;
  tunedFold: Fold;
  heldOutFold: Fold;
}

interface Question {
  doc: string;
  question: string;
  evidence_pages: number[];
}

const REFERENCE = [
  { budget: 120_000, bm25: 1.0, bm25Long: 1.0 },
  { budget: 32_000, bm25: 0.61, bm25Long: 0.4 },
  { budget: 12_000, bm25: 0.37, bm25Long: 0.27 },
];


export async function measureEvidenceRecall(options: RecallOptions = {}): Promise<RecallReport> {
  const root = repoRoot();
  const dataDir = options.dataDir ?? path.resolve(root, '..', 'shared', 'financebench-dev');
  const model = resolveModel(options.modelId ?? DEFAULT_MODEL_ID);
  const budgets = options.budgets ?? [null, 32_000, 12_000];
  const log = options.onLog ?? (() => {});
  const empty: RecallReport = {
    available: false, message: '', dataDir, model: model.id, documents: 0, questions: 0, longDocuments: [], ingestMs: 0,
    results: [], reference: REFERENCE, misses: [], library: null, tunedFold: TUNED_FOLD, heldOutFold: HELD_OUT_FOLD,
  };
  const questionsFile = path.join(dataDir, 'questions.jsonl');
  if (!existsSync(questionsFile) || !existsSync(path.join(dataDir, 'pdfs'))) {
    return { ...empty, message: `Evidence recall skipped: ${dataDir} (questions.jsonl + pdfs/) is absent.` };
  }
  const questions = readFileSync(questionsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Question);

  const cacheDir = options.cacheDir ?? path.join(root, 'bench', '.cache', 'financebench');
  mkdirSync(cacheDir, { recursive: true });
  const library = openLibrary(path.join(cacheDir, 'library.db'));
  try {
    const ctx: AnalysisContext = { library, provider: null, model, settings: { ...DEFAULT_ANALYSIS_SETTINGS } };
    const docIds = new Map<string, string>();
    const t0 = performance.now();
    for (const doc of [...new Set(questions.map((q) => q.doc))]) {
      const file = path.join(dataDir, 'pdfs', `${doc}.pdf`);
      if (!existsSync(file)) {
        log(`missing ${file}`);
        continue;
      }
      const result = await ingestFile(library, file, { workers: 1 });
      if (!result.alreadyPresent) log(`ingested ${doc}: ${result.document.pageCount} pages, ${result.document.totalTokens} tokens, ${Math.round(result.ms)} ms`);
      docIds.set(doc, result.document.id);
    }
    const ingestMs = performance.now() - t0;
    const usable = questions.filter((q) => docIds.has(q.doc));
    const folds = foldsByCompany(questions.map((q) => q.doc));
    const emptyFolds = (): Record<Fold, FoldResult> => ({ A: { questions: 0, hits: 0, recall: 0 }, B: { questions: 0, hits: 0, recall: 0 } });
    const longDocs = new Set<string>();
    for (const [doc, id] of docIds) {
      const plan = planQuestion(ctx, id, 'What is this document about?', { budgetTokens: null });
      if (plan.strategy !== 'whole') longDocs.add(doc);
    }
    const results: RecallBudgetResult[] = [];
    const misses: RecallReport['misses'] = [];
    for (const budget of budgets) {
      let hits = 0;
      let hitsAll = 0;
      let longQuestions = 0;
      let longHits = 0;
      let pagesSent = 0;
      let totalMs = 0;
      let maxMs = 0;
      const byFold = emptyFolds();
      for (const q of usable) {
        const id = docIds.get(q.doc) as string;
        const t = performance.now();
        const plan = planQuestion(ctx, id, q.question, { budgetTokens: budget, strategy: 'auto' });
        const ms = performance.now() - t;
        totalMs += ms;
        maxMs = Math.max(maxMs, ms);
        const sent = new Set(plan.pages);
        pagesSent += plan.pages.length;
        const hit = q.evidence_pages.some((p) => sent.has(p));
        const all = q.evidence_pages.every((p) => sent.has(p));
        const fold = byFold[foldOf(q.doc, folds)];
        fold.questions++;
        if (hit) fold.hits++;
        if (hit) hits++;
        else misses.push({ budget, doc: q.doc, fold: foldOf(q.doc, folds), question: q.question, evidence: q.evidence_pages });
        if (all) hitsAll++;
        if (longDocs.has(q.doc)) {
          longQuestions++;
          if (hit) longHits++;
        }
      }
      const n = usable.length || 1;
      let baseline: RecallBudgetResult['baseline'];
      if (options.baseline) {
        let bHits = 0;
        let bLong = 0;
        for (const q of usable) {
          const id = docIds.get(q.doc) as string;
          const sent = new Set(planQuestionDetail(ctx, id, q.question, { budgetTokens: budget }, { plain: true }).plan.pages);
          if (q.evidence_pages.some((p) => sent.has(p))) {
            const fold = byFold[foldOf(q.doc, folds)];
            fold.baselineRecall = (fold.baselineRecall ?? 0) + 1;
            bHits++;
            if (longDocs.has(q.doc)) bLong++;
          }
        }
        baseline = { recall: bHits / n, longRecall: longQuestions > 0 ? bLong / longQuestions : 1 };
      }
      for (const f of Object.values(byFold)) {
        f.recall = f.questions > 0 ? f.hits / f.questions : 1;
        if (f.baselineRecall !== undefined || options.baseline) f.baselineRecall = f.questions > 0 ? (f.baselineRecall ?? 0) / f.questions : 1;
      }
      results.push({
        ...(baseline ? { baseline } : {}),
        budget,
        label: budget === null ? `default (${model.id} full input budget)` : `${budget.toLocaleString('en-US')} tokens`,
        questions: usable.length,
        hits,
        recall: hits / n,
        hitsAll,
        recallAll: hitsAll / n,
        longQuestions,
        longHits,
        longRecall: longQuestions > 0 ? longHits / longQuestions : 1,
        meanPagesSent: pagesSent / n,
        meanPlanMs: totalMs / n,
        maxPlanMs: maxMs,
        folds: byFold,
      });
    }
    const libraryReport =
      options.libraryWide === false
        ? null
        : measureLibraryRecall(ctx, usable.map((q) => ({ ...q, docId: docIds.get(q.doc) as string, fold: foldOf(q.doc, folds) })), [...docIds.values()], { log });
    return {
      available: true,
      message: `Evidence recall on ${usable.length} questions over ${docIds.size} filings (${longDocs.size} longer than the ${model.id} input budget).`,
      dataDir, model: model.id, documents: docIds.size, questions: usable.length, longDocuments: [...longDocs].sort(), ingestMs, results,
      reference: REFERENCE, misses, library: libraryReport, tunedFold: TUNED_FOLD, heldOutFold: HELD_OUT_FOLD,
    };
  } finally {
    library.close();
  }
}

/** Human-readable lines for a report. */
export function formatRecallReport(report: RecallReport): string[] {
  if (!report.available) return [report.message];
  const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
  const lines = [report.message];
  for (const r of report.results) {
    const ref = REFERENCE.find((x) => (r.budget === null ? x.budget === 120_000 : x.budget === r.budget));
    lines.push(
      `  ${r.label.padEnd(44)} hit ${pct(r.recall).padStart(4)} (${r.hits}/${r.questions})  all-evidence ${pct(r.recallAll).padStart(4)}  ` +
        `long filings ${pct(r.longRecall).padStart(4)} (${r.longHits}/${r.longQuestions})  ` +
        `${r.meanPagesSent.toFixed(1)} pages/plan, plan ${r.meanPlanMs.toFixed(1)} ms mean / ${r.maxPlanMs.toFixed(0)} ms max` +
        (r.baseline ? `   [plain BM25 here ${pct(r.baseline.recall)}, long ${pct(r.baseline.longRecall)}]` : '') +
        (ref ? `   [README reference BM25 ${pct(ref.bm25)}, long ${pct(ref.bm25Long)}]` : ''),
    );
    const f = (k: Fold): string => {
      const x = r.folds[k];
      return `fold ${k}${k === report.heldOutFold ? ' (held out)' : ' (tuned on)'} ${pct(x.recall)} (${x.hits}/${x.questions})` + (x.baselineRecall !== undefined ? ` [plain BM25 ${pct(x.baselineRecall)}]` : '');
    };
    lines.push(`      ${f(report.heldOutFold)}   ${f(report.tunedFold)}`);
  }
  if (report.library) lines.push(...formatLibraryRecall(report.library, report.heldOutFold, report.tunedFold));
  return lines;
}

function formatLibraryRecall(r: LibraryRecallReport, heldOut: Fold, tuned: Fold): string[] {
  const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
  const lines = [`  Library-wide: ${r.documents} filings (${r.pages.toLocaleString('en-US')} pages) in one library, each question asked over every document:`];
  for (const b of r.results) {
    const fold = (k: Fold): string => `fold ${k} ${pct(b.folds[k].recall)} (${b.folds[k].hits}/${b.folds[k].questions})`;
    lines.push(
      `    ${b.label.padEnd(42)} hit ${pct(b.recall).padStart(4)} (${b.hits}/${b.questions})  right filing chosen ${pct(b.choiceRecall)}  ` +
        `${fold(heldOut)} (held out), ${fold(tuned)}   [plain BM25 over all documents ${pct(b.baselineRecall)}]  ` +
        `${b.meanDocsChosen.toFixed(1)} documents chosen, ${b.meanPagesSent.toFixed(1)} pages/plan`,
    );
  }
  const t = r.timing;
  lines.push(
    `    plan over the whole library (warm process): median ${t.medianMs.toFixed(0)} ms, max ${t.maxMs.toFixed(0)} ms over ${t.plans} questions; ` +
      `a question naming no document (all ${r.documents} ranked): ${t.unscopedMs.toFixed(0)} ms (target <= 300 ms)`,
  );
  return lines;
}
