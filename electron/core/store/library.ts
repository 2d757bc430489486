/**
 * The local library: one SQLite file (better-sqlite3, WAL; connection.ts) plus content-addressed
 * copies of the original PDFs in its own files folder beside it (files/<sha256>.pdf for library.db,
 * <name>.files/ for any other name: paths.ts libraryFilesDir).
 *
 * `Library` is a facade: each table or concern has its own repository (documents.ts, pages-search.ts,
 * answers.ts, settings-repo.ts, ocr-pages.ts, collections.ts, comparisons.ts, extractions.ts, staging.ts) sharing one connection and one write path.
 * Callers keep one object to hold; the SQL lives with the table it is about.
 */
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnswerRecord, DocumentRecord, OutlineEntry, PageRecord } from '../../../shared/api/domain';
import { AnswerRepository, type AnswerDocumentContext } from './answers';
import { CollectionRepository } from './collections';
import { ComparisonRepository } from './comparisons';
import { ExtractionRepository } from './extractions';
import { closeDatabase, openDatabase, openError, writeTransaction, type WriteFn } from './connection';
import { DocumentRepository, type NewDocument, type NewPage } from './documents';
import { JobRepository } from './jobs';
import { separateFilesDir } from './files-dir';
import { OcrPageStore } from './ocr-pages';
import { PageRepository, type LibrarySearchHit, type PageStat } from './pages-search';
import { libraryFilesDir } from './paths';
import { SettingsRepository } from './settings-repo';
import { createStagingDir, sweepStaging } from './staging';

export class Library {
  readonly path: string;
  readonly filesDir: string;
  private readonly db: Database.Database;
  private closed = false;
  private readonly write: WriteFn;
  private readonly documents: DocumentRepository;
  private readonly pages: PageRepository;
  private readonly answers: AnswerRepository;
  private readonly settings: SettingsRepository;
  private ocrStore: OcrPageStore | null = null;
  private collectionStore: CollectionRepository | null = null;
  private comparisonStore: ComparisonRepository | null = null;
  private extractionStore: ExtractionRepository | null = null;
  private jobStore: JobRepository | null = null;

  /** Use openLibrary(). */
  constructor(dbPath: string, db: Database.Database) {
    this.path = dbPath;
    this.filesDir = libraryFilesDir(dbPath);
    this.db = db;
    this.write = (fn) => writeTransaction(db, dbPath, fn);
    this.documents = new DocumentRepository(db, this.write, this.filesDir);
    this.pages = new PageRepository(db);
    this.answers = new AnswerRepository(db, this.write, this.documents, this.pages);
    this.settings = new SettingsRepository(db, this.write);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeDatabase(this.db);
  }

  /** The OCR side of the pages (store/ocr-pages.ts). */
  get ocr(): OcrPageStore {
    this.ocrStore ??= new OcrPageStore(this.db, this.write);
    return this.ocrStore;
  }

  /** Named sets of documents (store/collections.ts). */
  get collections(): CollectionRepository {
    this.collectionStore ??= new CollectionRepository(this.db, this.write);
    return this.collectionStore;
  }

  /** Compare's side-by-side answers (store/comparisons.ts). */
  get comparisons(): ComparisonRepository {
    this.comparisonStore ??= new ComparisonRepository(this.db, this.write, (id) => this.answers.get(id));
    return this.comparisonStore;
  }

  /** Extraction templates and stored extractions (store/extractions.ts). */
  get extractions(): ExtractionRepository {
    this.extractionStore ??= new ExtractionRepository(this.db, this.write);
    return this.extractionStore;
  }

  /** Batch API jobs and their requests (store/jobs.ts). */
  get jobs(): JobRepository {
    this.jobStore ??= new JobRepository(this.db, this.write);
    return this.jobStore;
  }

  // ---------------------------------------------------------------- documents (documents.ts)

  getDocument(id: string): DocumentRecord | null {
    return this.documents.get(id);
  }

  /** Full id, unique id prefix (>= 6 hex digits), file name, or title. */
  resolveDocument(ref: string): DocumentRecord {
    return this.documents.resolve(ref);
  }

  /** Last used first. */
  listDocuments(): DocumentRecord[] {
    return this.documents.list();
  }

  listDocumentIds(): string[] {
    return this.documents.listIds();
  }

  touchDocument(id: string): void {
    this.documents.touch(id);
  }

  renameDocument(id: string, title: string): DocumentRecord | null {
    return this.documents.rename(id, title);
  }

  /** Deletes the document's rows (pages, FTS entries, the answers written from it alone, citations) and its stored file (documents.ts). */
  removeDocument(id: string): boolean {
    return this.documents.remove(id);
  }

  originalFilePath(id: string): string {
    return this.documents.originalFilePath(id);
  }

  getOutline(id: string): OutlineEntry[] {
    return this.documents.getOutline(id);
  }

  /** One transaction for the document and its pages (documents.ts store). */
  storeDocument(
    doc: NewDocument,
    pages: Iterable<NewPage>,
    hooks: { onPage?: (stored: number) => void; beforeCommit?: () => void } = {},
  ): boolean {
    return this.documents.store(doc, pages, hooks);
  }

  // ---------------------------------------------------------------- pages and search (pages-search.ts)

  getPages(docId: string, pageNumbers?: number[]): PageRecord[] {
    return this.pages.getPages(docId, pageNumbers);
  }

  getPage(docId: string, pageNumber: number): PageRecord | null {
    return this.pages.getPage(docId, pageNumber);
  }

  pageStats(docId: string): PageStat[] {
    return this.pages.pageStats(docId);
  }

  searchPages(docId: string | null, userQuery: string, limit?: number, perDocument?: number): LibrarySearchHit[] {
    return this.pages.searchPages(docId, userQuery, limit, perDocument);
  }

  searchDocumentInPageOrder(docId: string, userQuery: string): LibrarySearchHit[] {
    return this.pages.searchDocumentInPageOrder(docId, userQuery);
  }

  bm25Pages(docId: string, matchExpression: string, limit: number): { pageNumber: number; score: number }[] {
    return this.pages.bm25Pages(docId, matchExpression, limit);
  }

  bm25PagesIn(docIds: readonly string[], matchExpression: string, limit: number): { docId: string; pageNumber: number; score: number }[] {
    return this.pages.bm25PagesIn(docIds, matchExpression, limit);
  }

  // ---------------------------------------------------------------- staging (staging.ts)

  createStagingDir(): string {
    return createStagingDir(this.filesDir);
  }

  sweepStaging(): void {
    sweepStaging(this.filesDir);
  }

  // ---------------------------------------------------------------- answers: cache + history (answers.ts)

  findCachedAnswer(cacheKey: string): AnswerRecord | null {
    return this.answers.findCached(cacheKey);
  }

  saveAnswer(record: AnswerRecord, cacheKey: string | null, contextPages?: Iterable<number>, perDocument?: readonly AnswerDocumentContext[]): void {
    this.answers.save(record, cacheKey, contextPages, perDocument);
  }

  getAnswer(id: string): AnswerRecord | null {
    return this.answers.get(id);
  }

  resolveAnswer(ref: string): AnswerRecord {
    return this.answers.resolve(ref);
  }

  listAnswers(opts: { docId?: string; collectionId?: string; search?: string; threadId?: string; limit?: number } = {}): AnswerRecord[] {
    return this.answers.list(opts);
  }

  // ---------------------------------------------------------------- settings (settings-repo.ts)

  getSetting(key: string): string | null {
    return this.settings.get(key);
  }

  /** null deletes the setting. */
  setSetting(key: string, value: string | null): void {
    this.settings.set(key, value);
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

/** Open (creating if needed) the library at dbPath: WAL, foreign keys, busy timeout, migrations (connection.ts). */
export function openLibrary(dbPath: string): Library {
  const resolved = resolve(dbPath);
  const db = openDatabase(resolved);
  try {
    const library = new Library(resolved, db);
    // its own files folder (not files/ shared with other libraries in this folder): files-dir.ts
    separateFilesDir(resolved, library.filesDir, library.listDocumentIds());
    mkdirSync(library.filesDir, { recursive: true });
    library.sweepStaging();
    return library;
  } catch (error) {
    db.close();
    throw openError(resolved, error);
  }
}
