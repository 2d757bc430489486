/**
 * The local library: one SQLite file (better-sqlite3, WAL) plus content-addressed
 * copies of the original PDFs in its own files folder beside it (files/<sha256>.pdf for library.db,
 * <name>.files/ for any other name: paths.ts libraryFilesDir).
 *
 * Concurrency: several processes may open one library (the app and a CLI run).
 * WAL lets readers run beside one writer; every write is a short BEGIN IMMEDIATE
 * transaction (taking the write lock up front, so the busy timeout applies and no
 * reader-upgrade deadlock can happen); the busy timeout waits out other writers.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type {
  AnswerRecord,
  Citation,
  DocumentRecord,
  OutlineEntry,
  PageRecord,
  SearchHit,
} from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { diskFullError, isDiskFull } from './disk';
import { separateFilesDir } from './files-dir';
import { libraryFilesDir } from './paths';
import { andExpression, normalizeQuestion, orExpression, parseUserQuery } from './fts-query';
import { MIGRATIONS } from './schema';
import { decodePages, encodePages, legacyContext, remark, VERIFIER_VERSION } from './citation-marks';

export const BUSY_TIMEOUT_MS = 10_000;
/** bm25() column weights for pages_fts (heading, body): a term in a page's heading counts more. */
export const PAGE_FTS_WEIGHTS = { heading: 3.0, body: 1.0 } as const;
const DEFAULT_SEARCH_LIMIT = 20;
const DEFAULT_ANSWER_LIMIT = 100;
const SNIPPET_TOKENS = 24;
/** Shortest answer-id prefix resolveAnswer accepts (ids are UUIDs: 4 hex digits rarely collide in a history). */
export const MIN_ANSWER_PREFIX = 4;
/** Candidates an ambiguous answer-id prefix lists in its error. */
const AMBIGUOUS_LISTED = 5;
/** Staging area for ingests in progress: files/.staging/<pid>-<random>/ */
const STAGING_DIR = '.staging';

/** A search hit that also says which document it is in (useful when searching the whole library). */
export type LibrarySearchHit = SearchHit;

/** What ingest hands to storeDocument (see ingest/index.ts). */
export interface NewDocument {
  id: string;
  title: string;
  fileName: string;
  author: string | null;
  pageCount: number;
  totalTokens: number;
  byteSize: number;
  outline: OutlineEntry[];
  textlessPages: number[];
  failedPages: number[];
  /** Pages whose text was cut at MAX_PAGE_TEXT_CHARS (absent = none). */
  truncatedPages?: number[];
  parser: string;
}

export interface NewPage {
  pageNumber: number;
  label: string | null;
  text: string;
  tokens: number;
  noText: boolean;
  failed: boolean;
  error?: string | null;
}

export interface PageStat {
  pageNumber: number;
  label: string | null;
  tokens: number;
  noText: boolean;
  failed: boolean;
}

interface DocumentRow {
  id: string;
  title: string;
  file_name: string;
  author: string | null;
  page_count: number;
  total_tokens: number;
  byte_size: number;
  textless_pages: string;
  failed_pages: string;
  truncated_pages: string;
  created_at: string;
  last_used_at: string;
}

interface PageRow {
  page_number: number;
  label: string | null;
  body: string;
  tokens: number;
  no_text: number;
  failed: number;
}

interface AnswerRow {
  id: string;
  doc_id: string;
  kind: 'answer' | 'summary';
  question: string;
  thread_id: string | null;
  text: string;
  model: string;
  strategy: AnswerRecord['strategy'];
  extractive: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  total_tokens: number;
  predicted_prompt_tokens: number;
  calls: number;
  cost_usd: number;
  verified_share: number;
  status: AnswerRecord['status'];
  error_message: string | null;
  created_at: string;
  /** Version of the verifier that marked the citations; null before versions were recorded. */
  verifier_version: string | null;
  /** Pages in the answer's context ("1-3,7"); null when unknown (older answers). */
  context_pages: string | null;
}

interface CitationRow {
  page: number;
  page_end: number | null;
  quote: string | null;
  verified: number;
  label: string | null;
  end_label: string | null;
}

const DOCUMENT_COLUMNS =
  'id, title, file_name, author, page_count, total_tokens, byte_size, textless_pages, failed_pages, truncated_pages, created_at, last_used_at';
const ANSWER_COLUMNS = `a.id, a.doc_id, a.kind, a.question, a.thread_id, a.text, a.model, a.strategy, a.extractive,
  a.prompt_tokens, a.completion_tokens, a.cached_tokens, a.total_tokens, a.predicted_prompt_tokens, a.calls,
  a.cost_usd, a.verified_share, a.status, a.error_message, a.created_at, a.verifier_version, a.context_pages`;

type SqliteError = InstanceType<typeof Database.SqliteError>;

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Database.SqliteError;
}

function isBusy(error: unknown): boolean {
  return isSqliteError(error) && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}

function parseNumberList(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

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

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    title: row.title,
    fileName: row.file_name,
    author: row.author,
    pageCount: row.page_count,
    totalTokens: row.total_tokens,
    textlessPages: parseNumberList(row.textless_pages),
    failedPages: parseNumberList(row.failed_pages),
    truncatedPages: parseNumberList(row.truncated_pages),
    byteSize: row.byte_size,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Library {
  readonly path: string;
  readonly filesDir: string;
  private readonly db: Database.Database;
  private closed = false;

  /** Use openLibrary(). */
  constructor(dbPath: string, db: Database.Database) {
    this.path = dbPath;
    this.filesDir = libraryFilesDir(dbPath);
    this.db = db;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // Best effort and never waiting: another process may hold the write lock.
      this.db.pragma('busy_timeout = 0');
      this.db.pragma('optimize');
    } catch {
      // skipped this time
    }
    this.db.close();
  }

  /** Run fn in one BEGIN IMMEDIATE transaction; a lock held past the busy timeout becomes DB_BUSY. */
  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      if (isBusy(error)) {
        throw new PagewiseError(
          'DB_BUSY',
          `The library ${this.path} is busy (another Pagewise process kept it locked for over ${BUSY_TIMEOUT_MS / 1000} s). Try again.`,
          { cause: error },
        );
      }
      // the transaction rolled back: nothing of it was stored
      if (isDiskFull(error)) throw diskFullError(this.path, 'nothing could be saved', error);
      throw error;
    }
  }

  // ---------------------------------------------------------------- documents

  getDocument(id: string): DocumentRecord | null {
    const row = this.db
      .prepare<[string], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`)
      .get(id.toLowerCase());
    return row ? toDocument(row) : null;
  }

  /** Full id, unique id prefix (>= 6 hex digits), file name, or title. */
  resolveDocument(ref: string): DocumentRecord {
    const wanted = ref.trim();
    const notFound = (): PagewiseError =>
      new PagewiseError(
        'DOC_NOT_FOUND',
        `No document matches "${wanted}" in the library. Run \`pagewise list\` to see the documents (id, file name or title), or \`pagewise ingest <file.pdf>\` to add one.`,
      );
    if (!wanted) throw notFound();
    const ambiguous = (rows: DocumentRow[]): PagewiseError =>
      new PagewiseError(
        'DOC_NOT_FOUND',
        `"${wanted}" matches ${rows.length} documents (${rows
          .slice(0, 5)
          .map((r) => `${r.id.slice(0, 12)} ${r.file_name}`)
          .join('; ')}): give more of the id. Run \`pagewise list\` to see them.`,
      );
    const pick = (rows: DocumentRow[]): DocumentRecord | null => {
      if (rows.length === 1) return toDocument(rows[0] as DocumentRow);
      if (rows.length > 1) throw ambiguous(rows);
      return null;
    };

    if (/^[0-9a-f]{6,64}$/i.test(wanted)) {
      const lower = wanted.toLowerCase();
      const exact = this.getDocument(lower);
      if (exact) return exact;
      const found = pick(
        this.db
          .prepare<[string, string], DocumentRow>(
            `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id >= ? AND id < ? ORDER BY last_used_at DESC`,
          )
          .all(lower, `${lower}g`),
      );
      if (found) return found;
    }
    const queries = [
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE file_name = ? ORDER BY last_used_at DESC`,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE title = ? ORDER BY last_used_at DESC`,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE file_name = ? COLLATE NOCASE ORDER BY last_used_at DESC`,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE title = ? COLLATE NOCASE ORDER BY last_used_at DESC`,
    ];
    for (const sql of queries) {
      const found = pick(this.db.prepare<[string], DocumentRow>(sql).all(wanted));
      if (found) return found;
    }
    // Last resort: a unique part of the file name or title ("free" for "Free Culture").
    const pattern = `%${wanted.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const partial = pick(
      this.db
        .prepare<[string, string], DocumentRow>(
          `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE file_name LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' ORDER BY last_used_at DESC`,
        )
        .all(pattern, pattern),
    );
    if (partial) return partial;
    throw notFound();
  }

  /** Last used first. */
  listDocuments(): DocumentRecord[] {
    return this.db
      .prepare<[], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents ORDER BY last_used_at DESC, rowid DESC`)
      .all()
      .map(toDocument);
  }

  /** Every document's id (cheap: no rows decoded). */
  listDocumentIds(): string[] {
    return this.db.prepare<[], { id: string }>('SELECT id FROM documents').all().map((row) => row.id);
  }

  touchDocument(id: string): void {
    this.write(() => {
      // Strictly after every other document's time, so "last used first" holds even within one millisecond.
      const latest = this.db.prepare<[string], { latest: string | null }>('SELECT max(last_used_at) AS latest FROM documents WHERE id <> ?').get(id)?.latest;
      let now = Date.now();
      if (latest && Date.parse(latest) >= now) now = Date.parse(latest) + 1;
      this.db.prepare('UPDATE documents SET last_used_at = ? WHERE id = ?').run(new Date(now).toISOString(), id);
    });
  }

  /** Deletes the document's rows (pages, FTS entries, answers, citations) and its stored file. */
  removeDocument(id: string): boolean {
    const removed = this.write(() => this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0);
    try {
      unlinkSync(this.originalFilePath(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return removed;
  }

  originalFilePath(id: string): string {
    if (!/^[0-9a-f]{64}$/i.test(id)) {
      throw new PagewiseError('DOC_NOT_FOUND', `"${id}" is not a document id. Run \`pagewise list\` to see the documents.`);
    }
    return path.join(this.filesDir, `${id.toLowerCase()}.pdf`);
  }

  getOutline(id: string): OutlineEntry[] {
    const row = this.db
      .prepare<[string], { outline_json: string }>('SELECT outline_json FROM documents WHERE id = ?')
      .get(id);
    if (!row) return [];
    try {
      const value: unknown = JSON.parse(row.outline_json);
      return Array.isArray(value) ? (value as OutlineEntry[]) : [];
    } catch {
      return [];
    }
  }

  // ---------------------------------------------------------------- pages

  /** Pages in page order; all of them, or only the given page numbers. */
  getPages(docId: string, pageNumbers?: number[]): PageRecord[] {
    const columns = 'page_number, label, body, tokens, no_text, failed';
    if (pageNumbers === undefined) {
      return this.db
        .prepare<[string], PageRow>(`SELECT ${columns} FROM pages WHERE doc_id = ? ORDER BY page_number`)
        .all(docId)
        .map(toPage);
    }
    if (pageNumbers.length === 0) return [];
    return this.db
      .prepare<[string, string], PageRow>(
        `SELECT ${columns} FROM pages
         WHERE doc_id = ? AND page_number IN (SELECT value FROM json_each(?))
         ORDER BY page_number`,
      )
      .all(docId, JSON.stringify(pageNumbers))
      .map(toPage);
  }

  getPage(docId: string, pageNumber: number): PageRecord | null {
    const row = this.db
      .prepare<[string, number], PageRow>(
        'SELECT page_number, label, body, tokens, no_text, failed FROM pages WHERE doc_id = ? AND page_number = ?',
      )
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

  // ---------------------------------------------------------------- ingest support

  /**
   * Insert a parsed document, its pages and their FTS entries in ONE write
   * transaction. `pages` is consumed lazily (ingest streams it from a staging
   * file). `beforeCommit` runs last inside the transaction (ingest moves the
   * original file into files/ there); if anything throws, nothing is written.
   * Returns false, writing nothing, when the id is already present.
   */
  storeDocument(
    doc: NewDocument,
    pages: Iterable<NewPage>,
    hooks: { onPage?: (stored: number) => void; beforeCommit?: () => void } = {},
  ): boolean {
    return this.write(() => {
      const exists = this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(doc.id);
      if (exists) return false;
      const now = new Date().toISOString();
      this.db
        .prepare(
          `INSERT INTO documents (id, title, file_name, author, page_count, total_tokens, byte_size, outline_json,
             textless_pages, failed_pages, truncated_pages, parser, created_at, last_used_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          doc.id,
          doc.title,
          doc.fileName,
          doc.author,
          doc.pageCount,
          doc.totalTokens,
          doc.byteSize,
          JSON.stringify(doc.outline),
          JSON.stringify(doc.textlessPages),
          JSON.stringify(doc.failedPages),
          JSON.stringify(doc.truncatedPages ?? []),
          doc.parser,
          now,
          now,
        );
      const insert = this.db.prepare(
        `INSERT INTO pages (doc_id, page_number, label, heading, body, tokens, no_text, failed, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let stored = 0;
      for (const page of pages) {
        insert.run(
          doc.id,
          page.pageNumber,
          page.label,
          pageHeading(page.text),
          page.text,
          page.tokens,
          page.noText ? 1 : 0,
          page.failed ? 1 : 0,
          page.error ?? null,
        );
        stored += 1;
        hooks.onPage?.(stored);
      }
      if (stored !== doc.pageCount) {
        throw new PagewiseError('INTERNAL', `Ingest staged ${stored} pages but the document has ${doc.pageCount}.`);
      }
      hooks.beforeCommit?.();
      return true;
    });
  }

  /** A private folder for one ingest's staging files; removed by the ingest, or later if its process died. */
  createStagingDir(): string {
    const root = path.join(this.filesDir, STAGING_DIR);
    mkdirSync(root, { recursive: true });
    const dir = path.join(root, `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(dir);
    return dir;
  }

  /** Remove staging folders left behind by processes that no longer exist (killed ingests). */
  sweepStaging(): void {
    const root = path.join(this.filesDir, STAGING_DIR);
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      return;
    }
    for (const name of entries) {
      const pid = Number.parseInt(name.split('-')[0] ?? '', 10);
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
      rmSync(path.join(root, name), { recursive: true, force: true });
    }
  }

  // ---------------------------------------------------------------- answers (cache + history)

  /** Stored citations with their pages' printed labels (read now: labels may be filled after the answer). */
  private citationsOf(answerId: string): Citation[] {
    return this.db
      .prepare<[string], CitationRow>(
        `SELECT c.page, c.page_end, c.quote, c.verified, p.label AS label, pe.label AS end_label
         FROM citations c JOIN answers a ON a.id = c.answer_id
         LEFT JOIN pages p ON p.doc_id = a.doc_id AND p.page_number = c.page
         LEFT JOIN pages pe ON pe.doc_id = a.doc_id AND pe.page_number = c.page_end
         WHERE c.answer_id = ? ORDER BY c.ordinal`,
      )
      .all(answerId)
      .map((c) => {
        const citation: Citation = { page: c.page, pageLabel: c.label, quote: c.quote, verified: c.verified === 1 };
        if (c.page_end !== null) {
          citation.pageEnd = c.page_end;
          citation.pageEndLabel = c.end_label;
        }
        return citation;
      });
  }

  private insertCitations(answerId: string, citations: readonly Citation[]): void {
    const insertCitation = this.db.prepare(
      'INSERT INTO citations (answer_id, ordinal, page, page_end, quote, verified) VALUES (?, ?, ?, ?, ?, ?)',
    );
    citations.forEach((c, i) => {
      insertCitation.run(answerId, i, c.page, c.pageEnd ?? null, c.quote, c.verified ? 1 : 0);
    });
  }

  /**
   * The answer's citations as the current verifier marks them (see citation-marks.ts): stored marks when they
   * were written by this verifier, else re-verified against the stored page text and written back.
   */
  private currentCitations(row: AnswerRow): { citations: Citation[]; share: number } {
    const stored = this.citationsOf(row.id);
    if (row.verifier_version === VERIFIER_VERSION) return { citations: stored, share: row.verified_share };
    const pageCount = this.db.prepare<[string], { n: number }>('SELECT page_count AS n FROM documents WHERE id = ?').get(row.doc_id)?.n ?? 0;
    const context = row.context_pages !== null ? decodePages(row.context_pages) : legacyContext(row.strategy, pageCount, stored);
    const marks = remark(row.text, context, (numbers) =>
      this.getPages(row.doc_id, numbers).map((p) => ({ pageNumber: p.pageNumber, label: p.label, text: p.text })),
    );
    try {
      this.write(() => {
        this.db.prepare('DELETE FROM citations WHERE answer_id = ?').run(row.id);
        this.insertCitations(row.id, marks.citations);
        this.db.prepare('UPDATE answers SET verified_share = ?, verifier_version = ? WHERE id = ?').run(marks.share, VERIFIER_VERSION, row.id);
      });
    } catch {
      // a busy or read-only library: show the current marks anyway, and try again on the next read
    }
    return marks;
  }

  private toAnswer(row: AnswerRow, cached: boolean): AnswerRecord {
    const { citations, share } = this.currentCitations(row);
    return {
      id: row.id,
      docId: row.doc_id,
      kind: row.kind,
      question: row.question,
      threadId: row.thread_id,
      text: row.text,
      citations,
      verifiedShare: Math.min(1, Math.max(0, share)),
      model: row.model,
      strategy: row.strategy,
      extractive: row.extractive === 1,
      usage: {
        promptTokens: row.prompt_tokens,
        completionTokens: row.completion_tokens,
        cachedTokens: row.cached_tokens,
        totalTokens: row.total_tokens,
      },
      predictedPromptTokens: row.predicted_prompt_tokens,
      calls: row.calls,
      costUsd: row.cost_usd,
      status: row.status,
      errorMessage: row.error_message,
      cached,
      createdAt: row.created_at,
    };
  }

  /** The newest COMPLETE answer stored under this key, marked cached: true; incomplete/failed ones are never served. */
  findCachedAnswer(cacheKey: string): AnswerRecord | null {
    const row = this.db
      .prepare<[string], AnswerRow>(
        `SELECT ${ANSWER_COLUMNS} FROM answers a
         WHERE a.cache_key = ? AND a.status = 'complete'
         ORDER BY a.created_at DESC, a.seq DESC LIMIT 1`,
      )
      .get(cacheKey);
    return row ? this.toAnswer(row, true) : null;
  }

  /**
   * Insert, or replace the answer with the same id (its citations too). `contextPages`: the pages the answer was
   * written from, kept so its citations can be re-verified by a later verifier (unknown when absent).
   */
  saveAnswer(record: AnswerRecord, cacheKey: string | null, contextPages?: Iterable<number>): void {
    this.write(() => {
      const doc = this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(record.docId);
      if (!doc) {
        throw new PagewiseError(
          'DOC_NOT_FOUND',
          `Cannot save the answer: document ${record.docId.slice(0, 12)} is not in the library (was it removed?).`,
        );
      }
      this.db.prepare('DELETE FROM answers WHERE id = ?').run(record.id);
      this.db
        .prepare(
          `INSERT INTO answers (id, doc_id, kind, question, normalized_question, thread_id, text, model, strategy,
             extractive, prompt_tokens, completion_tokens, cached_tokens, total_tokens, predicted_prompt_tokens,
             calls, cost_usd, verified_share, status, error_message, cache_key, created_at, verifier_version, context_pages)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          record.id,
          record.docId,
          record.kind,
          record.question,
          normalizeQuestion(record.question),
          record.threadId,
          record.text,
          record.model,
          record.strategy,
          record.extractive ? 1 : 0,
          record.usage.promptTokens,
          record.usage.completionTokens,
          record.usage.cachedTokens,
          record.usage.totalTokens,
          record.predictedPromptTokens,
          record.calls,
          record.costUsd,
          record.verifiedShare,
          record.status,
          record.errorMessage,
          cacheKey,
          record.createdAt,
          VERIFIER_VERSION,
          contextPages === undefined ? null : encodePages(contextPages),
        );
      this.insertCitations(record.id, record.citations);
    });
  }

  getAnswer(id: string): AnswerRecord | null {
    const row = this.db
      .prepare<[string], AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM answers a WHERE a.id = ?`)
      .get(id);
    return row ? this.toAnswer(row, false) : null;
  }

  /**
   * An answer or summary by its full id or a unique prefix of it (MIN_ANSWER_PREFIX+ characters, as
   * `pagewise history` shows them). The prefix is a range on the UNIQUE index of answers.id, so it reads
   * only the rows that match. Throws ANSWER_NOT_FOUND, listing the candidates when the prefix is ambiguous.
   */
  resolveAnswer(ref: string): AnswerRecord {
    const wanted = ref.trim();
    const exact = wanted === '' ? null : this.getAnswer(wanted);
    if (exact) return exact;
    const notFound = new PagewiseError(
      'ANSWER_NOT_FOUND',
      `No answer or summary has the id "${wanted}". Run \`pagewise history\` to see them (the first ${MIN_ANSWER_PREFIX}+ characters of an id are enough).`,
    );
    if (wanted.length < MIN_ANSWER_PREFIX) throw notFound;
    // Ids are UUIDs (lowercase); a hex prefix typed in capitals still finds them.
    const prefix = /^[0-9a-f-]+$/i.test(wanted) ? wanted.toLowerCase() : wanted;
    const rows = this.db
      .prepare<[string, string, number], AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM answers a WHERE a.id >= ? AND a.id < ? ORDER BY a.id LIMIT ?`)
      .all(prefix, `${prefix}\uffff`, AMBIGUOUS_LISTED + 1);
    if (rows.length === 1) return this.toAnswer(rows[0] as AnswerRow, false);
    if (rows.length === 0) throw notFound;
    const listed = rows
      .slice(0, AMBIGUOUS_LISTED)
      .map((row) => `${row.id.slice(0, 13)} ${row.kind === 'summary' ? `[summary: ${row.question}]` : `"${row.question.slice(0, 40)}"`}`);
    const more = rows.length > AMBIGUOUS_LISTED ? ' and more' : '';
    throw new PagewiseError(
      'ANSWER_NOT_FOUND',
      `"${wanted}" is the start of several answer ids (${listed.join('; ')}${more}): give more of the id.`,
    );
  }

  /** Newest first. `search` is full-text over question + answer text (all words, else any word). */
  listAnswers(opts: { docId?: string; search?: string; threadId?: string; limit?: number } = {}): AnswerRecord[] {
    const limit = Math.max(1, Math.min(Math.floor(opts.limit ?? DEFAULT_ANSWER_LIMIT) || DEFAULT_ANSWER_LIMIT, 10_000));
    const filters: string[] = [];
    const params: unknown[] = [];
    if (opts.docId !== undefined) {
      filters.push('a.doc_id = ?');
      params.push(opts.docId);
    }
    if (opts.threadId !== undefined) {
      filters.push('a.thread_id = ?');
      params.push(opts.threadId);
    }
    const run = (match: string | null): AnswerRow[] => {
      const where = [...(match === null ? [] : ['answers_fts MATCH ?']), ...filters];
      const sql = `SELECT ${ANSWER_COLUMNS} FROM ${match === null ? 'answers a' : 'answers_fts JOIN answers a ON a.seq = answers_fts.rowid'}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.created_at DESC, a.seq DESC LIMIT ?`;
      return this.db.prepare<unknown[], AnswerRow>(sql).all(...(match === null ? [] : [match]), ...params, limit);
    };
    let rows: AnswerRow[];
    if (opts.search !== undefined && opts.search.trim() !== '') {
      const query = parseUserQuery(opts.search);
      const all = andExpression(query);
      if (!all) return [];
      rows = run(all);
      if (rows.length === 0 && query.groups.length > 1) rows = run(orExpression(query));
    } else {
      rows = run(null);
    }
    return rows.map((row) => this.toAnswer(row, false));
  }

  // ---------------------------------------------------------------- settings

  getSetting(key: string): string | null {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? row.value : null;
  }

  /** null deletes the setting. */
  setSetting(key: string, value: string | null): void {
    this.write(() => {
      if (value === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      else
        this.db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(key, value);
    });
  }

  // ---------------------------------------------------------------- maintenance

  /** PRAGMA integrity_check plus the FTS5 indexes' own checks; "ok" when all is well. */
  integrityCheck(): string {
    const rows = this.db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').all();
    const result = rows.map((r) => r.integrity_check).join('\n');
    if (result !== 'ok') return result;
    try {
      this.db.exec("INSERT INTO pages_fts(pages_fts, rank) VALUES ('integrity-check', 1)");
      this.db.exec("INSERT INTO answers_fts(answers_fts, rank) VALUES ('integrity-check', 1)");
    } catch (error) {
      return `fts: ${(error as Error).message}`;
    }
    return 'ok';
  }

  /** Counts for tests and `pagewise info`-style diagnostics. */
  counts(): { documents: number; pages: number; answers: number; citations: number } {
    const count = (table: string): number =>
      this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
    return {
      documents: count('documents'),
      pages: count('pages'),
      answers: count('answers'),
      citations: count('citations'),
    };
  }
}

function migrate(db: Database.Database, dbPath: string): void {
  const version = (): number => Number(db.pragma('user_version', { simple: true }));
  const current = version();
  if (current > MIGRATIONS.length) {
    throw new PagewiseError(
      'INTERNAL',
      `The library ${dbPath} was written by a newer Pagewise (schema ${current}, this version knows ${MIGRATIONS.length}). Update Pagewise.`,
    );
  }
  for (let step = current; step < MIGRATIONS.length; step += 1) {
    db.transaction(() => {
      if (version() > step) return; // another process applied it while we waited for the lock
      db.exec(MIGRATIONS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}

/** Retry a statement that needs a lock the busy handler does not cover (journal_mode on a fresh file). */
function withBusyRetry<T>(fn: () => T): T {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/** Open (creating if needed) the library at dbPath: WAL, foreign keys, busy timeout, migrations. */
export function openLibrary(dbPath: string): Library {
  const resolved = path.resolve(dbPath);
  let db: Database.Database | null = null;
  try {
    mkdirSync(path.dirname(resolved), { recursive: true });
    // The Electron app loads a better-sqlite3 build for Electron's ABI (scripts/start.mjs sets this); the CLI uses Node's.
    const nativeBinding = process.env.PAGEWISE_SQLITE_BINDING;
    db = new Database(resolved, { timeout: BUSY_TIMEOUT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
    const handle = db;
    handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = withBusyRetry(() => handle.pragma('journal_mode = WAL', { simple: true }));
    if (String(mode).toLowerCase() !== 'wal') {
      throw new PagewiseError('FILE_UNREADABLE', `The library ${resolved} cannot use WAL mode (journal mode is ${String(mode)}).`);
    }
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    withBusyRetry(() => migrate(handle, resolved));
    const library = new Library(resolved, handle);
    // its own files folder (not files/ shared with other libraries in this folder): files-dir.ts
    separateFilesDir(resolved, library.filesDir, library.listDocumentIds());
    mkdirSync(library.filesDir, { recursive: true });
    library.sweepStaging();
    return library;
  } catch (error) {
    db?.close();
    if (error instanceof PagewiseError) throw error;
    if (isSqliteError(error) && (error.code === 'SQLITE_NOTADB' || error.code === 'SQLITE_CORRUPT')) {
      throw new PagewiseError('FILE_UNREADABLE', `${resolved} is not a Pagewise library (not a SQLite database, or damaged).`, {
        cause: error,
      });
    }
    if (isSqliteError(error) && error.code.startsWith('SQLITE_CANTOPEN')) {
      throw new PagewiseError('FILE_UNREADABLE', `Cannot open the library ${resolved}: check the path and its permissions.`, {
        cause: error,
      });
    }
    if (isBusy(error)) {
      throw new PagewiseError('DB_BUSY', `The library ${resolved} stayed locked by another process; try again.`, { cause: error });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST') {
      throw new PagewiseError('FILE_UNREADABLE', `Cannot create the library at ${resolved}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
