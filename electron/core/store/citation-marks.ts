/**
 * Verification marks that stay current. An answer's citations are stored with
 * the version of the verifier that marked them and the pages that were in its
 * context. When an answer written by another verifier version is read, its
 * text is parsed and verified again against the stored page text (the current
 * grammar and rules), and the new marks are written back, so each stale answer
 * pays this once. Only pure functions live here; answers.ts does the reads.
 */
import type { AnswerRecord, Citation } from '../../../shared/api/domain';
import { citedPages, parseCitations, verifiedShare, verifyAcross, verifyCitations, VERIFIER_VERSION } from '../analysis/citations';

export { VERIFIER_VERSION };

/** Pages as a compact list: [1,2,3,7] -> "1-3,7". */
export function encodePages(pages: Iterable<number>): string {
  const sorted = [...new Set(pages)].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i] as number;
    let last = first;
    while (sorted[i + 1] === last + 1) last = sorted[++i] as number;
    parts.push(first === last ? String(first) : `${first}-${last}`);
    i++;
  }
  return parts.join(',');
}

export function decodePages(encoded: string): Set<number> {
  const out = new Set<number>();
  for (const part of encoded.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (!Number.isInteger(a) || (a as number) <= 0) continue;
    const end = Number.isInteger(b) ? (b as number) : (a as number);
    for (let p = a as number; p <= end; p++) out.add(p);
  }
  return out;
}

/**
 * The context of an answer stored before context pages were recorded: a whole-document or exhaustive answer
 * read every page; otherwise only pages with a citation the old verifier accepted are known to have been read
 * (so re-verification can take a mark away, never grant one for a page that may not have been sent).
 */
export function legacyContext(strategy: AnswerRecord['strategy'], pageCount: number, stored: readonly Citation[]): Set<number> {
  const out = new Set<number>();
  if (strategy === 'whole' || strategy === 'exhaustive') {
    for (let p = 1; p <= pageCount; p++) out.add(p);
    return out;
  }
  for (const c of stored) if (c.verified) for (let p = c.page; p <= (c.pageEnd ?? c.page); p++) out.add(p);
  return out;
}

export interface StoredPage {
  pageNumber: number;
  label: string | null;
  text: string;
}

/** The current verifier's citations of a stored answer text. */
export function remark(
  text: string,
  contextPages: ReadonlySet<number>,
  loadPages: (pageNumbers: number[]) => StoredPage[],
): { citations: Citation[]; share: number } {
  const parsed = parseCitations(text);
  const byNumber = new Map(loadPages(citedPages(parsed)).map((p) => [p.pageNumber, p]));
  const citations = verifyCitations(parsed, {
    pageText: (n) => byNumber.get(n)?.text,
    pageLabel: (n) => byNumber.get(n)?.label ?? null,
    contextPages,
  });
  return { citations, share: verifiedShare(citations) };
}

/** One document of a stored answer over several: its prompt key, title, context, and a reader of its pages. */
export interface StoredSource {
  docId: string;
  key: string;
  title: string;
  contextPages: ReadonlySet<number>;
  loadPages: (pageNumbers: number[]) => StoredPage[];
}

/** The current verifier's citations of a stored answer over several documents (per document, analysis/citations.ts verifyAcross). */
export function remarkAcross(text: string, sources: readonly StoredSource[]): { citations: Citation[]; share: number } {
  const parsed = parseCitations(text);
  const cited = citedPages(parsed);
  const citations = verifyAcross(
    parsed,
    sources.map((s) => {
      const byNumber = new Map(s.loadPages(cited).map((p) => [p.pageNumber, p]));
      return {
        docId: s.docId, key: s.key, title: s.title, contextPages: s.contextPages,
        pageText: (n: number) => byNumber.get(n)?.text,
        pageLabel: (n: number) => byNumber.get(n)?.label ?? null,
      };
    }),
  );
  return { citations, share: verifiedShare(citations) };
}
