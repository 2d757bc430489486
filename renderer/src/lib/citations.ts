/**
 * Citations in model text: `[p. 14]`, `[pp. 14-15]`, `[p. 3, 7]`, `[p. 14; p. 16]`.
 * The quote a citation supports is the quoted string just before it.
 */
import type { Citation } from '../../../shared/api';
import { normalizeForMatch } from '../../../shared/text/normalize';

export interface CitationRef {
  page: number;
  pageEnd?: number;
  quote: string | null;
}

export type CitationState = 'verified' | 'unverified' | 'pending';

/** Matches one bracketed citation group. */
export const CITATION_RE = /\[(?:pp?\.|pages?)\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*[,;]\s*(?:(?:pp?\.|pages?)\s*)?\d+(?:\s*[-–]\s*\d+)?)*\]/gi;

/** The pages of one bracketed group: "[pp. 14-15; p. 20]" -> [{14,15},{20}]. */
export function parseCitationGroup(group: string): { page: number; pageEnd?: number }[] {
  const out: { page: number; pageEnd?: number }[] = [];
  const inner = group.replace(/^\[|\]$/g, '');
  for (const part of inner.split(/[,;]/)) {
    const m = /(\d+)(?:\s*[-–]\s*(\d+))?/.exec(part);
    if (!m) continue;
    const page = Number(m[1]);
    const pageEnd = m[2] ? Number(m[2]) : undefined;
    if (page > 0) out.push(pageEnd && pageEnd > page ? { page, pageEnd } : { page });
  }
  return out;
}

/** The quoted string that ends right before position `end` of `text` (quotes: "…" or “…”). */
export function quoteBefore(text: string, end: number): string | null {
  const before = text.slice(Math.max(0, end - 2000), end).replace(/[\s.,;:—–-]*$/, '');
  const last = before.at(-1);
  if (last !== '"' && last !== '”') return null;
  const open = last === '"' ? before.lastIndexOf('"', before.length - 2) : before.lastIndexOf('“');
  if (open < 0) return null;
  const quote = before.slice(open + 1, before.length - 1).trim();
  return quote.length > 0 ? quote : null;
}

/** The record's citation this chip stands for (same page; the same quote when both have one). */
export function matchCitation(ref: CitationRef, citations: readonly Citation[]): Citation | null {
  const samePage = citations.filter((c) => c.page === ref.page);
  if (samePage.length === 0) return null;
  if (ref.quote) {
    const q = normalizeForMatch(ref.quote);
    const exact = samePage.find((c) => c.quote !== null && normalizeForMatch(c.quote) === q);
    if (exact) return exact;
    const loose = samePage.find((c) => c.quote !== null && (normalizeForMatch(c.quote).includes(q) || q.includes(normalizeForMatch(c.quote))));
    if (loose) return loose;
  }
  return samePage.find((c) => c.quote === null) ?? samePage[0] ?? null;
}
