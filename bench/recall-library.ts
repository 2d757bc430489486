/**
 * Library-wide evidence recall: all filings of ../shared/financebench-dev in
 * one library, each question asked over every document. A plan is
 * chooseDocuments -> rankPagesAcross over the chosen documents -> greedy
 * packing in rank order by exact block tokens to the budget (as plan.ts packs
 * one document). "hit" = an evidence page OF THE RIGHT FILING is in the plan.
 * Baseline: plain BM25 over every document, packed the same way.
 *
 * Also times a plan over the whole library (about 4,000 pages) in a warm process.
 */
import type { Library } from '../electron/core/store';
import type { AnalysisContext } from '../electron/core/analysis/types';
import { blockTokens } from '../electron/core/analysis/pages';
import { reservedOutput } from '../electron/core/analysis/plan';
import { DOCUMENT_HEADER, questionMessages } from '../electron/core/analysis/prompts';
import { chooseDocuments, rankPagesAcross } from '../electron/core/analysis/rank-across';
import { countChatTokens } from '../electron/core/tokens';

export interface LibraryPlan {
  /** docId -> pages sent */
  pages: Map<string, Set<number>>;
  chosen: string[];
  tokens: number;
  ms: number;
}

/** Room for document text: the model's full input budget for this question, capped by `cap`. */
export function documentBudget(ctx: AnalysisContext, question: string, cap: number | null): number {
  const overhead = countChatTokens(questionMessages(DOCUMENT_HEADER, [], question));
  const room = ctx.model.contextWindow - reservedOutput(ctx) - overhead;
  return cap === null ? room : Math.min(room, cap);
}

/** Ranked pages packed greedily in rank order to `budget` (block tokens counted exactly, per page as needed). */
export function packAcross(library: Library, ranked: readonly { docId: string; pageNumber: number }[], budget: number): { pages: Map<string, Set<number>>; tokens: number } {
  const pages = new Map<string, Set<number>>();
  let used = 0;
  let misses = 0;
  // count blocks a few dozen pages at a time: one query per document and batch, not per page
  const BATCH = 64;
  const counts = new Map<string, Map<number, number>>();
  for (let start = 0; start < ranked.length && budget - used >= 8 && misses < 400; start += BATCH) {
    const batch = ranked.slice(start, start + BATCH);
    const byDoc = new Map<string, number[]>();
    for (const r of batch) byDoc.set(r.docId, [...(byDoc.get(r.docId) ?? []), r.pageNumber]);
    for (const [docId, nums] of byDoc) {
      const c = blockTokens(library, docId, nums);
      const m = counts.get(docId) ?? new Map<number, number>();
      for (const [p, t] of c) m.set(p, t);
      counts.set(docId, m);
    }
    for (const r of batch) {
      const t = counts.get(r.docId)?.get(r.pageNumber) ?? 0;
      if (used + t > budget) {
        misses++;
        continue;
      }
      const set = pages.get(r.docId) ?? new Set<number>();
      set.add(r.pageNumber);
      pages.set(r.docId, set);
      used += t;
    }
  }
  return { pages, tokens: used };
}

export function planAcrossLibrary(ctx: AnalysisContext, docIds: readonly string[], question: string, cap: number | null, plain = false): LibraryPlan {
  const t0 = performance.now();
  const chosen = plain ? [...docIds] : chooseDocuments(ctx.library, docIds, question).map((c) => c.docId);
  const ranked = rankPagesAcross(ctx.library, chosen, question, plain ? { plain: true } : {});
  const { pages, tokens } = packAcross(ctx.library, ranked, documentBudget(ctx, question, cap));
  return { pages, chosen, tokens, ms: performance.now() - t0 };
}

export interface LibraryQuestion {
  doc: string;
  docId: string;
  fold: 'A' | 'B';
  question: string;
  evidence_pages: number[];
}

export interface LibraryBudgetResult {
  budget: number | null;
  label: string;
  questions: number;
  hits: number;
  recall: number;
  /** Questions whose filing was among the chosen documents. */
  choiceRecall: number;
  folds: Record<'A' | 'B', { questions: number; hits: number; recall: number }>;
  /** Plain BM25 over every document, packed the same way. */
  baselineRecall: number;
  meanDocsChosen: number;
  meanPagesSent: number;
}

export interface LibraryRecallReport {
  documents: number;
  pages: number;
  results: LibraryBudgetResult[];
  timing: { plans: number; medianMs: number; maxMs: number; unscopedMs: number };
  misses: { budget: number | null; doc: string; fold: 'A' | 'B'; chosen: number }[];
}

/** A question that names no document, company, year or form: every document is ranked. */
const UNSCOPED_QUESTION = 'Which filings discuss the impact of foreign currency exchange rates on revenue?';

export function measureLibraryRecall(
  ctx: AnalysisContext,
  questions: readonly LibraryQuestion[],
  docIds: readonly string[],
  options: { budgets?: (number | null)[]; log?: (line: string) => void } = {},
): LibraryRecallReport {
  const budgets = options.budgets ?? [null, 12_000];
  const pages = docIds.reduce((n, id) => n + (ctx.library.getDocument(id)?.pageCount ?? 0), 0);
  // warm the process: every document's profile and features once (a running app has them after its first question)
  planAcrossLibrary(ctx, docIds, UNSCOPED_QUESTION, 12_000);
  const results: LibraryBudgetResult[] = [];
  const misses: LibraryRecallReport['misses'] = [];
  const times: number[] = [];
  for (const budget of budgets) {
    const folds = { A: { questions: 0, hits: 0, recall: 0 }, B: { questions: 0, hits: 0, recall: 0 } };
    let hits = 0;
    let chosenRight = 0;
    let baselineHits = 0;
    let docsChosen = 0;
    let pagesSent = 0;
    for (const q of questions) {
      const plan = planAcrossLibrary(ctx, docIds, q.question, budget);
      times.push(plan.ms);
      const sent = plan.pages.get(q.docId) ?? new Set<number>();
      const hit = q.evidence_pages.some((p) => sent.has(p));
      folds[q.fold].questions++;
      if (hit) {
        hits++;
        folds[q.fold].hits++;
      } else misses.push({ budget, doc: q.doc, fold: q.fold, chosen: plan.chosen.length });
      if (plan.chosen.includes(q.docId)) chosenRight++;
      docsChosen += plan.chosen.length;
      for (const s of plan.pages.values()) pagesSent += s.size;
      const base = planAcrossLibrary(ctx, docIds, q.question, budget, true);
      if (q.evidence_pages.some((p) => base.pages.get(q.docId)?.has(p))) baselineHits++;
    }
    const n = questions.length || 1;
    for (const f of Object.values(folds)) f.recall = f.questions > 0 ? f.hits / f.questions : 1;
    results.push({
      budget,
      label: budget === null ? `default (${ctx.model.id} full input budget)` : `${budget.toLocaleString('en-US')} tokens`,
      questions: questions.length,
      hits,
      recall: hits / n,
      choiceRecall: chosenRight / n,
      folds,
      baselineRecall: baselineHits / n,
      meanDocsChosen: docsChosen / n,
      meanPagesSent: pagesSent / n,
    });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const t = performance.now();
  planAcrossLibrary(ctx, docIds, UNSCOPED_QUESTION, null);
  const unscopedMs = performance.now() - t;
  options.log?.(`library-wide: ${questions.length} questions x ${budgets.length} budgets over ${docIds.length} documents`);
  return {
    documents: docIds.length,
    pages,
    results,
    timing: { plans: sorted.length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, maxMs: sorted[sorted.length - 1] ?? 0, unscopedMs },
    misses,
  };
}
