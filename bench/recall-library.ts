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
