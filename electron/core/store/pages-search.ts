/**
 * The pages table and its FTS5 index (pages_fts): reading pages back, and searching them. Pages are written
 * with their document (documents.ts storeDocument) and by OCR (ocr-pages.ts).
 */
import type Database from 'better-sqlite3';
import type { PageRecord, SearchHit } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { isSqliteError } from './connection';
import { andExpression, orExpression, parseUserQuery } from './fts-query';

/** bm25() column weights for pages_fts (heading, body): a term in a page's heading counts more. */
export const PAGE_FTS_WEIGHTS = { heading: 3.0, body: 1.0 } as const;
const DEFAULT_SEARCH_LIMIT = 20;
const SNIPPET_TOKENS = 24;

/** A search hit that also says which document it is in (useful when searching the whole library). */
export type LibrarySearchHit = SearchHit;

export interface PageStat {
  pageNumber: number;
  label: string | null;
  tokens: number;
  noText: boolean;
  failed: boolean;
}

interface PageRow {
  page_number: number;
  label: string | null;
  body: string;
  tokens: number;
  no_text: number;
  failed: number;
}

const PAGE_COLUMNS = 'page_number, label, body, tokens, no_text, failed';

/** First ~2 non-empty lines of a page: its likely heading (weighted higher in search). */
export function pageHeading(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    lines.push(line);
    if (lines.length === 2) break;
  }
  return lines.join('\n').slice(0, 300);
}

function toPage(row: PageRow): PageRecord {
  return {
    pageNumber: row.page_number,
    label: row.label,
    text: row.body,
    tokens: row.tokens,
    noText: row.no_text === 1,
    failed: row.failed === 1,
  };
}

export class PageRepository {
  constructor(private readonly db: Database.Database) {}

  /** Pages in page order; all of them, or only the given page numbers. */
  getPages(docId: string, pageNumbers?: number[]): PageRecord[] {
    if (pageNumbers === undefined) {
      return this.db
        .prepare<[string], PageRow>(`SELECT ${PAGE_COLUMNS} FROM pages WHERE doc_id = ? ORDER BY page_number`)
        .all(docId)
        .map(toPage);
    }
    if (pageNumbers.length === 0) return [];
    return this.db
      .prepare<[string, string], PageRow>(
        `SELECT ${PAGE_COLUMNS} FROM pages
         WHERE doc_id = ? AND page_number IN (SELECT value FROM json_each(?))
         ORDER BY page_number`,
      )
      .all(docId, JSON.stringify(pageNumbers))
      .map(toPage);
  }

  getPage(docId: string, pageNumber: number): PageRecord | null {
    const row = this.db
      .prepare<[string, number], PageRow>(`SELECT ${PAGE_COLUMNS} FROM pages WHERE doc_id = ? AND page_number = ?`)
      .get(docId, pageNumber);
    return row ? toPage(row) : null;
  }

  pageStats(docId: string): PageStat[] {
    return this.db
      .prepare<[string], Omit<PageRow, 'body'>>(
        'SELECT page_number, label, tokens, no_text, failed FROM pages WHERE doc_id = ? ORDER BY page_number',
      )
      .all(docId)
      .map((r) => ({
        pageNumber: r.page_number,
        label: r.label,
        tokens: r.tokens,
        noText: r.no_text === 1,
        failed: r.failed === 1,
      }));
  }

  /**
   * Full-text search for what a person typed. Every term is quoted, so no input
   * can raise an FTS5 syntax error; all terms must match, and if no page has
   * them all, any term may. Best first (BM25, headings weighted). The snippet
   * wraps matched terms in [[ ]].
   */
  searchPages(docId: string | null, userQuery: string, limit = DEFAULT_SEARCH_LIMIT, perDocument?: number): LibrarySearchHit[] {
    const query = parseUserQuery(userQuery);
    const n = Math.max(1, Math.min(Math.floor(limit) || DEFAULT_SEARCH_LIMIT, 1000));
    for (const expression of [andExpression(query), orExpression(query)]) {
      if (!expression) return [];
      const hits =
        docId === null && perDocument !== undefined
          ? this.runSpreadSearch(expression, n, Math.max(1, Math.floor(perDocument)))
          : this.runPageSearch(docId, expression, n);
      if (hits.length > 0 || query.groups.length === 1) return hits;
    }
    return [];
  }

  /**
   * Every page of one document that matches, in page order (the viewer's find: "12 of 214"), each with how
   * often the terms occur on it and the words as written there. Same AND-then-OR rule as searchPages.
   */
  searchDocumentInPageOrder(docId: string, userQuery: string): LibrarySearchHit[] {
    const query = parseUserQuery(userQuery);
    const { heading, body } = PAGE_FTS_WEIGHTS;
    const statement = this.db.prepare<[string, string], Omit<LibrarySearchHit, 'occurrences' | 'matches'> & { marked: string }>(
      `SELECT p.doc_id AS docId, d.title AS docTitle, p.page_number AS pageNumber, p.label AS label,
         -bm25(pages_fts, ${heading}, ${body}) AS score,
         snippet(pages_fts, 1, '[[', ']]', '…', ${SNIPPET_TOKENS}) AS snippet,
         highlight(pages_fts, 1, char(1), char(2)) AS marked
       FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid JOIN documents d ON d.id = p.doc_id
       WHERE pages_fts MATCH ? AND p.doc_id = ?
       ORDER BY p.page_number`,
    );
    for (const expression of [andExpression(query), orExpression(query)]) {
      if (!expression) return [];
      const rows = statement.all(expression, docId);
      if (rows.length > 0 || query.groups.length === 1) {
        return rows.map(({ marked, ...hit }) => {
          // FTS5 wraps each matched phrase in the markers: count them and keep the distinct words
          // eslint-disable-next-line no-control-regex -- the markers asked of highlight() are control characters, never page text
          const found = [...marked.matchAll(/\u0001([^\u0002]*)\u0002/g)].map((m) => (m[1] ?? '').trim()).filter((w) => w !== '');
          return { ...hit, occurrences: found.length, matches: [...new Set(found)] };
        });
      }
    }
    return [];
  }

  /**
   * The library-wide search with at most `perDocument` pages of each document, so that one long book
   * full of the word does not hide every other document. Ranks first, then snippets for the chosen pages.
   */
  private runSpreadSearch(expression: string, limit: number, perDocument: number): LibrarySearchHit[] {
    const { heading, body } = PAGE_FTS_WEIGHTS;
    const chosen = this.db
      .prepare<[string, number, number], { id: number; score: number }>(
        `WITH ranked AS (
           SELECT pages_fts.rowid AS id, p.doc_id AS docId, p.page_number AS pageNumber, -bm25(pages_fts, ${heading}, ${body}) AS score
           FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid
           WHERE pages_fts MATCH ?
         ), numbered AS (
           SELECT id, docId, pageNumber, score, ROW_NUMBER() OVER (PARTITION BY docId ORDER BY score DESC, pageNumber) AS n FROM ranked
         )
         SELECT id, score FROM numbered WHERE n <= ? ORDER BY score DESC, docId, pageNumber LIMIT ?`,
      )
      .all(expression, perDocument, limit);
    if (chosen.length === 0) return [];
    const scores = new Map(chosen.map((c) => [c.id, c.score]));
    const rows = this.db
      .prepare<unknown[], Omit<LibrarySearchHit, 'score'> & { id: number }>(
        `SELECT pages_fts.rowid AS id, p.doc_id AS docId, d.title AS docTitle, p.page_number AS pageNumber, p.label AS label,
           snippet(pages_fts, 1, '[[', ']]', '…', ${SNIPPET_TOKENS}) AS snippet
         FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid JOIN documents d ON d.id = p.doc_id
         WHERE pages_fts MATCH ? AND pages_fts.rowid IN (${chosen.map(() => '?').join(',')})`,
      )
      .all(expression, ...chosen.map((c) => c.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return chosen.flatMap((c) => {
      const row = byId.get(c.id);
      if (!row) return [];
      const { id: _id, ...hit } = row;
      return [{ ...hit, score: scores.get(c.id) ?? 0 }];
    });
  }

  private runPageSearch(docId: string | null, expression: string, limit: number): LibrarySearchHit[] {
    const { heading, body } = PAGE_FTS_WEIGHTS;
    const sql = `SELECT p.doc_id AS docId, d.title AS docTitle, p.page_number AS pageNumber, p.label AS label,
        -bm25(pages_fts, ${heading}, ${body}) AS score,
        snippet(pages_fts, 1, '[[', ']]', '…', ${SNIPPET_TOKENS}) AS snippet
      FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid JOIN documents d ON d.id = p.doc_id
      WHERE pages_fts MATCH ? ${docId === null ? '' : 'AND p.doc_id = ?'}
      ORDER BY bm25(pages_fts, ${heading}, ${body}), p.doc_id, p.page_number
      LIMIT ?`;
    const params = docId === null ? [expression, limit] : [expression, docId, limit];
    return this.db.prepare<unknown[], LibrarySearchHit>(sql).all(...params);
  }

  /**
   * bm25Pages over several documents in one query (a plan over a 40-document library runs each
   * expression once, not once per document). Same scores as bm25Pages: the statistics are library-wide.
   */
  bm25PagesIn(docIds: readonly string[], matchExpression: string, limit: number): { docId: string; pageNumber: number; score: number }[] {
    const { heading, body } = PAGE_FTS_WEIGHTS;
    try {
      return this.db
        .prepare<[string, string, number], { docId: string; pageNumber: number; score: number }>(
          `SELECT p.doc_id AS docId, p.page_number AS pageNumber, -bm25(pages_fts, ${heading}, ${body}) AS score
           FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid
           WHERE pages_fts MATCH ? AND p.doc_id IN (SELECT value FROM json_each(?))
           ORDER BY bm25(pages_fts, ${heading}, ${body}), p.doc_id, p.page_number
           LIMIT ?`,
        )
        .all(matchExpression, JSON.stringify(docIds), Math.max(0, Math.floor(limit)));
    } catch (error) {
      if (isSqliteError(error) && /fts5|syntax|no such column/i.test(error.message)) {
        throw new PagewiseError('INVALID_INPUT', `Bad full-text query ${JSON.stringify(matchExpression)}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /**
   * Rank a document's pages with a MATCH expression built by the caller (raw FTS5
   * syntax). Score is -bm25 with the heading column weighted: higher is better.
   * A malformed expression is INVALID_INPUT.
   */
  bm25Pages(docId: string, matchExpression: string, limit: number): { pageNumber: number; score: number }[] {
    const { heading, body } = PAGE_FTS_WEIGHTS;
    try {
      return this.db
        .prepare<[string, string, number], { pageNumber: number; score: number }>(
          `SELECT p.page_number AS pageNumber, -bm25(pages_fts, ${heading}, ${body}) AS score
           FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid
           WHERE pages_fts MATCH ? AND p.doc_id = ?
           ORDER BY bm25(pages_fts, ${heading}, ${body}), p.page_number
           LIMIT ?`,
        )
        .all(matchExpression, docId, Math.max(0, Math.floor(limit)));
    } catch (error) {
      if (isSqliteError(error) && /fts5|syntax|no such column/i.test(error.message)) {
        throw new PagewiseError('INVALID_INPUT', `Bad full-text query ${JSON.stringify(matchExpression)}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
