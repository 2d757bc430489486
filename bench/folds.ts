/**
 * Two folds of ../shared/financebench-dev BY COMPANY, so that figures on one
 * fold come from companies the ranking was not tuned on.
 *
 * Rule (deterministic, documented in the README): the company is the file
 * name up to its first "_" (3M_2018_10K -> 3M); companies are sorted by
 * JavaScript string order (code units); the 1st, 3rd, 5th... company is in
 * fold A, the 2nd, 4th, 6th... in fold B. On the 18 companies of the set:
 *   A: 3M, ADOBE, AMERICANWATERWORKS, COCACOLA, COSTCO, GENERALMILLS, KRAFTHEINZ, MICROSOFT, NIKE (26 questions)
 *   B: ACTIVISIONBLIZZARD, AMAZON, BLOCK, CORNING, FOOTLOCKER, JPMORGAN, LOCKHEEDMARTIN, NETFLIX, VERIZON (28 questions)
 *
 * Ranking changes after the split were tuned on fold A only; fold B is the
 * held-out figure.
 */
export type Fold = 'A' | 'B';

export const TUNED_FOLD: Fold = 'A';
export const HELD_OUT_FOLD: Fold = 'B';

export function companyOf(doc: string): string {
  return doc.split('_')[0] ?? doc;
}

/** Fold of each company among `docs` (file names without .pdf). */
export function foldsByCompany(docs: readonly string[]): Map<string, Fold> {
  const companies = [...new Set(docs.map(companyOf))].sort();
  return new Map(companies.map((c, i) => [c, i % 2 === 0 ? 'A' : 'B']));
}

export function foldOf(doc: string, folds: ReadonlyMap<string, Fold>): Fold {
  return folds.get(companyOf(doc)) ?? 'A';
}
