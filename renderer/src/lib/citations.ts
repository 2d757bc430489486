/**
 * Citation chips from model text, by the one grammar in shared/text (the
 * engine parses and verifies with the same function, so every citation it
 * stores is exactly one chip here). The text is parsed once, whole, before
 * Markdown sees it: each reference ("[p. 14]", "(pp. 100-01)") is swapped for
 * a placeholder the Markdown renderer turns into that reference's chips.
 */
import type { Citation } from '../../../shared/api';
import { citationKey, parseCitationSpans, type CitationRef } from '../../../shared/text/citations';

export type { CitationRef };

export type CitationState = 'verified' | 'unverified' | 'pending';

/** Private-use characters around a reference's index: never typed by a person; any in the input are defused. */
export const PLACEHOLDER_OPEN = '\uE000';
export const PLACEHOLDER_CLOSE = '\uE001';
export const PLACEHOLDER_RE = /\uE000(\d+)\uE001/g;

/** One citation reference as written, and the page references it names. */
export interface CitationGroup {
  raw: string;
  refs: CitationRef[];
}

export interface PreparedText {
  /** The text with each citation reference replaced by a placeholder. */
  text: string;
  /** The reference behind each placeholder, by index. */
  groups: CitationGroup[];
}

/** Parse the whole text once with the shared grammar and put placeholders where the chips go. */
export function prepareCitations(source: string): PreparedText {
  // model text is untrusted: a placeholder it wrote itself would otherwise become a chip
  const text = source.replace(/[\uE000\uE001]/g, '\uFFFD');
  const groups: CitationGroup[] = [];
  let out = '';
  let last = 0;
  for (const span of parseCitationSpans(text)) {
    out += text.slice(last, span.refStart) + `${PLACEHOLDER_OPEN}${groups.length}${PLACEHOLDER_CLOSE}`;
    groups.push({
      raw: text.slice(span.refStart, span.refEnd),
      // the document a reference names ("[D2, p. 14]") tells two stored citations of the same page and quote apart
      refs: span.pages.map((p) => (span.document === null ? { ...p, quote: span.quote } : { ...p, quote: span.quote, document: span.document })),
    });
    last = span.refEnd;
  }
  return { text: out + text.slice(last), groups };
}

/** The stored citation a chip stands for: the same pages and quote (the engine keys its citations the same way). */
export function findCitation(ref: CitationRef, citations: readonly Citation[], docIds: readonly string[] = []): Citation | null {
  const key = citationKey(ref);
  const same = citations.filter((c) => citationKey(c) === key);
  if (same.length > 1 && ref.document) {
    // over several documents the same page and quote may be cited in two of them: the one the reference names,
    // by its key ("D2": the prompt lists the answer's documents in order) or by its title
    const n = /^D(\d+)$/i.exec(ref.document.trim());
    const keyed = n ? docIds[Number(n[1]) - 1] : undefined;
    const named = ref.document.trim().toLowerCase();
    const found = same.find((c) => (keyed !== undefined && c.docId === keyed) || c.docTitle?.toLowerCase() === named);
    if (found) return found;
  }
  return same[0] ?? null;
}
