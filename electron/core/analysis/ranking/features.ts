/**
 * Per-page features the ranking uses besides BM25, computed once per document
 * (ranking/cache.ts): how dense with numbers a page is, which statement title
 * it carries at its top, which clause headings it holds, and whether it is a
 * table of contents (which names every statement and holds none).
 */
import type { Library } from '../../store';
import type { DocumentRecord } from '../../../../shared/api/domain';
import { allPageTexts } from '../pages';
import { perDocument } from './cache';
import { CONTRACT_CONCEPTS, type ClauseId } from './contract-vocabulary';
import { documentKind, type DocumentKind } from './document-kind';
import { FINANCE_CONCEPTS, type StatementId } from './finance-vocabulary';

export interface PageFeatures {
  /** Share of number tokens among word tokens, 0..1. */
  numericDensity: number;
  /** Statements whose title is printed at the top of the page. */
  statementTitles: Set<StatementId>;
  /** Clauses whose heading ("5. Termination", "ARTICLE IX GOVERNING LAW") starts a line of the page. */
  clauseHeadings: Set<ClauseId>;
  /** The page is a table of contents / index (many titles, page numbers). */
  looksLikeIndex: boolean;
}

const STATEMENTS = FINANCE_CONCEPTS.filter((c): c is (typeof FINANCE_CONCEPTS)[number] & { id: StatementId } => c.title !== null);

/** A short line that opens a clause: optional "Section 5", "Article IX", "5.", "5.1", then the heading words. */
const HEADING_LINE = /^(?:(?:section|article|clause)\s+[0-9ivxlc]+[.:]?\s*[-–—:]?\s*|[0-9]+(?:\.[0-9]+)*\.?\s+|[ivxlc]+\.\s+|\([a-z0-9]+\)\s+)?([A-Za-z][A-Za-z ,;&'-]{2,70})$/i;

export function computeFeatures(text: string): PageFeatures {
  const words = text.match(/[\p{L}\p{N}$%(),.-]+/gu) ?? [];
  let numeric = 0;
  for (const w of words) if (/\d/.test(w) && /^[$(]?-?[\d,.]+\)?%?$/.test(w)) numeric++;
  const numericDensity = words.length > 0 ? numeric / words.length : 0;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const top = lines.slice(0, 8).join(' ').toLowerCase().replace(/\u2019/g, "'").replace(/\s+/g, ' ').slice(0, 500);
  const statementTitles = new Set<StatementId>();
  for (const c of STATEMENTS) if (c.title && c.title.test(top)) statementTitles.add(c.id);
  const clauseHeadings = new Set<ClauseId>();
  for (const line of lines) {
    if (line.length > 80) continue;
    const m = HEADING_LINE.exec(line);
    if (!m) continue;
    const heading = (m[1] ?? '').toLowerCase();
    // a heading is numbered, or short and in capitals/title case
    const numbered = m[0] !== m[1];
    if (!numbered && !(heading.split(/\s+/).length <= 6 && /^[A-Z]/.test(m[1] ?? ''))) continue;
    for (const c of CONTRACT_CONCEPTS) if (c.title && c.title.test(heading)) clauseHeadings.add(c.id);
  }
  const lower = text.toLowerCase();
  let titleMentions = 0;
  for (const c of STATEMENTS) if (c.title) titleMentions += lower.match(new RegExp(c.title.source, 'g'))?.length ?? 0;
  const looksLikeIndex = /\b(table of contents|index to (consolidated )?financial statements|contents)\b/.test(lower.slice(0, 400)) && titleMentions >= 3;
  return { numericDensity, statementTitles, clauseHeadings, looksLikeIndex };
}

export interface DocumentFeatures {
  pages: Map<number, PageFeatures>;
  kind: DocumentKind;
}

/** Features of every page and the document's kind (cached while its record is unchanged). */
export function documentFeatures(library: Library, doc: DocumentRecord): DocumentFeatures {
  return perDocument(library, doc, 'features-v2', () => {
    const texts = allPageTexts(library, doc.id);
    const pages = new Map<number, PageFeatures>();
    for (const [page, text] of texts) pages.set(page, computeFeatures(text));
    return { pages, kind: documentKind(doc, texts, pages) };
  });
}
