/**
 * The documents table: finding a document by what a person types, listing, renaming, removing (with its stored
 * file), and storing a newly parsed document with its pages in one transaction.
 */
import type Database from 'better-sqlite3';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentRecord, OutlineEntry } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import type { WriteFn } from './connection';
import { jsonArray } from './json-column';
import { pageHeading } from './pages-search';

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

const DOCUMENT_COLUMNS =
  'id, title, file_name, author, page_count, total_tokens, byte_size, textless_pages, failed_pages, truncated_pages, created_at, last_used_at';

function parseNumberList(json: string): number[] {
  return jsonArray(json).filter((n): n is number => Number.isInteger(n));
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

export class DocumentRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
    private readonly filesDir: string,
  ) {}

  get(id: string): DocumentRecord | null {
    const row = this.db
      .prepare<[string], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`)
      .get(id.toLowerCase());
    return row ? toDocument(row) : null;
  }

  /** Full id, unique id prefix (>= 6 hex digits), file name, or title. */
  resolve(ref: string): DocumentRecord {
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
      const exact = this.get(lower);
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
  list(): DocumentRecord[] {
    return this.db
      .prepare<[], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents ORDER BY last_used_at DESC, rowid DESC`)
      .all()
      .map(toDocument);
  }

  /** Every document's id (cheap: no rows decoded). */
  listIds(): string[] {
    return this.db.prepare<[], { id: string }>('SELECT id FROM documents').all().map((row) => row.id);
  }

  /** The document's page count; 0 when it is not in the library. */
  pageCount(id: string): number {
    return this.db.prepare<[string], { n: number }>('SELECT page_count AS n FROM documents WHERE id = ?').get(id)?.n ?? 0;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
  }

  touch(id: string): void {
    this.write(() => {
      // Strictly after every other document's time, so "last used first" holds even within one millisecond.
      const latest = this.db.prepare<[string], { latest: string | null }>('SELECT max(last_used_at) AS latest FROM documents WHERE id <> ?').get(id)?.latest;
      let now = Date.now();
      if (latest && Date.parse(latest) >= now) now = Date.parse(latest) + 1;
      this.db.prepare('UPDATE documents SET last_used_at = ? WHERE id = ?').run(new Date(now).toISOString(), id);
    });
  }

  /** A new display title (titles are not in the FTS index: searches join documents at query time). */
  rename(id: string, title: string): DocumentRecord | null {
    const changed = this.write(() => this.db.prepare('UPDATE documents SET title = ? WHERE id = ?').run(title, id).changes > 0);
    return changed ? this.get(id) : null;
  }

  /**
   * Removes the document (its rows, FTS entries and stored file) with its pages and the answers written
   * from it alone. An answer written from several documents stays while any of them does: the document it
   * is filed under moves to the next of
   * them (else removing the first document of such an answer would delete it, and removing any other
   * would not). Such an answer is no longer served from the cache: it was written from a set of documents
   * the library no longer holds (the same question over them, the document added again, asks anew).
   */
  remove(id: string): boolean {
    const removed = this.write(() => {
      this.db
        .prepare('UPDATE answers SET cache_key = NULL WHERE cache_key IS NOT NULL AND id IN (SELECT answer_id FROM answer_documents WHERE doc_id = ?)')
        .run(id);
      this.db
        .prepare(
          `UPDATE answers SET doc_id = (
             SELECT ad.doc_id FROM answer_documents ad WHERE ad.answer_id = answers.id AND ad.doc_id <> @id ORDER BY ad.ordinal LIMIT 1
           )
           WHERE doc_id = @id AND EXISTS (SELECT 1 FROM answer_documents ad WHERE ad.answer_id = answers.id AND ad.doc_id <> @id)`,
        )
        .run({ id });
      return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0;
    });
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
    return join(this.filesDir, `${id.toLowerCase()}.pdf`);
  }

  getOutline(id: string): OutlineEntry[] {
    const row = this.db
      .prepare<[string], { outline_json: string }>('SELECT outline_json FROM documents WHERE id = ?')
      .get(id);
    return row ? (jsonArray(row.outline_json) as OutlineEntry[]) : [];
  }

  /**
   * Insert a parsed document, its pages and their FTS entries in ONE write
   * transaction. `pages` is consumed lazily (ingest streams it from a staging
   * file). `beforeCommit` runs last inside the transaction (ingest moves the
   * original file into files/ there); if anything throws, nothing is written.
   * Returns false, writing nothing, when the id is already present.
   */
  store(
    doc: NewDocument,
    pages: Iterable<NewPage>,
    hooks: { onPage?: (stored: number) => void; beforeCommit?: () => void } = {},
  ): boolean {
    return this.write(() => {
      if (this.exists(doc.id)) return false;
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
}
