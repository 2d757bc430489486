/**
 * Chapter detection from a document's outline: which outline entries divide it into chapters. Summaries use
 * the chapters as preferred chunk boundaries (plan.ts) and as the sections of an extractive summary.
 */
import type { AnalysisContext } from './types';
import { documentOrThrow, outlineOf } from './pages';

/** Most chapters a summary is divided into (extractive sections, preferred chunk boundaries). */
export const MAX_CHAPTERS = 32;
/** A chapter longer than this share of the document is divided into its sub-chapters when it has them. */
const LONG_CHAPTER_SHARE = 0.2;

/**
 * Chapters from the outline: first page -> title. The top-level entries, except that a chapter covering more
 * than a fifth of the document is replaced by itself and its sub-chapters (a manual's one "User Manual" part
 * becomes its twelve chapters), longest first, while there are at most MAX_CHAPTERS.
 */
export function chapterTitles(ctx: AnalysisContext, docId: string): Map<number, string> {
  const outline = outlineOf(ctx.library, docId).filter((e): e is typeof e & { pageNumber: number } => e.pageNumber !== null);
  if (outline.length === 0) return new Map();
  const pageCount = documentOrThrow(ctx.library, docId).pageCount;
  const minDepth = outline.reduce((m, e) => Math.min(m, e.depth), Number.POSITIVE_INFINITY);
  /** indices into `outline` of the chosen chapters, in outline order */
  let chosen = outline.flatMap((e, i) => (e.depth === minDepth ? [i] : []));
  const unsplittable = new Set<number>();
  const children = (i: number): number[] => {
    const depth = outline[i]?.depth ?? 0;
    const out: number[] = [];
    for (let j = i + 1; j < outline.length && (outline[j]?.depth ?? 0) > depth; j++) if (outline[j]?.depth === depth + 1) out.push(j);
    return out;
  };
  for (;;) {
    const spans = chosen.map((i, k) => {
      const start = outline[i]?.pageNumber ?? 1;
      const next = chosen.slice(k + 1).map((j) => outline[j]?.pageNumber ?? pageCount + 1).find((p) => p > start) ?? pageCount + 1;
      return { i, pages: next - start };
    });
    const candidate = spans
      .filter((s) => !unsplittable.has(s.i) && s.pages > pageCount * LONG_CHAPTER_SHARE)
      .sort((a, b) => b.pages - a.pages)[0];
    if (!candidate) break;
    const subs = children(candidate.i);
    if (subs.length < 2 || chosen.length + subs.length > MAX_CHAPTERS) {
      unsplittable.add(candidate.i);
      continue;
    }
    chosen = chosen.flatMap((i) => (i === candidate.i ? [i, ...subs] : [i]));
    unsplittable.add(candidate.i);
  }
  const titles = new Map<number, string>();
  for (const i of chosen) {
    const entry = outline[i];
    if (entry && !titles.has(entry.pageNumber)) titles.set(entry.pageNumber, entry.title);
  }
  return titles;
}

/** Chapter starts from the outline (see chapterTitles). */
export function chapterStarts(ctx: AnalysisContext, docId: string): Set<number> {
  return new Set(chapterTitles(ctx, docId).keys());
}
