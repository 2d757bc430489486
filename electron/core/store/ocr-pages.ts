/**
 * The OCR side of the pages table (migration 2): which pages still need OCR,
 * storing one OCR'd page in its own transaction, and reading pages back with
 * where their text came from. Reached through Library.ocr.
 *
 * A page is pending while no_text = 1 and ocr_status IS NULL; storing a page
 * sets ocr_status, so a run killed halfway leaves the finished pages stored and
 * the rest pending, and the next run picks up exactly the rest.
 */
import type Database from 'better-sqlite3';
import type { WriteFn } from './connection';
import { jsonArray } from './json-column';
import { pageHeading } from './pages-search';

export type PageSource = 'text' | 'ocr' | 'vision';
export type OcrStatus = 'done' | 'blank' | 'failed';

/** One recognised word: its text, box as fractions of the page (0..1, origin top left) and confidence 0..100. */
export type OcrWord = [text: string, x0: number, y0: number, x1: number, y1: number, confidence: number];

export interface OcrPageResult {
  pageNumber: number;
  status: OcrStatus;
  text: string;
  tokens: number;
  /** Mean word confidence 0..100; null for blank or failed pages. */
  confidence: number | null;
  words: OcrWord[];
  engine: string;
  dpi: number;
  width: number;
  height: number;
  error: string | null;
  /** Where the text came from: the offline engine (default) or the model reading the image. */
  source?: 'ocr' | 'vision';
}

export interface StoredPageText {
  page: number;
  label: string | null;
  text: string;
  source: PageSource;
  confidence: number | null;
}

export interface OcrDocStatus {
  id: string;
  pendingPages: number[];
  ocrPages: number[];
  lowConfidencePages: number[];
}

export interface OcrState {
  /** Pages still without text and not yet tried. */
  pending: number[];
  /** Pages whose text came from OCR (or vision). */
  ocrPages: number[];
  /** Pages whose render was all white. */
  blankPages: number[];
  /** Pages the OCR engine could not read (render or recognition failed). */
  failedPages: number[];
  /** OCR pages and their confidence, in page order. */
  confidences: { page: number; confidence: number }[];
}

interface PageRow {
  id: number;
  tokens: number;
}

export class OcrPageStore {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
  ) {}

  /** Pages of a document still waiting for OCR, in page order. */
  pendingPages(docId: string): number[] {
    return this.db
      .prepare<[string], { page_number: number }>(
        'SELECT page_number FROM pages WHERE doc_id = ? AND no_text = 1 AND ocr_status IS NULL ORDER BY page_number',
      )
      .all(docId)
      .map((r) => r.page_number);
  }

  state(docId: string): OcrState {
    const rows = this.db
      .prepare<[string], { page_number: number; no_text: number; source: PageSource; ocr_status: OcrStatus | null; confidence: number | null }>(
        'SELECT page_number, no_text, source, ocr_status, confidence FROM pages WHERE doc_id = ? ORDER BY page_number',
      )
      .all(docId);
    const state: OcrState = { pending: [], ocrPages: [], blankPages: [], failedPages: [], confidences: [] };
    for (const row of rows) {
      if (row.no_text === 1 && row.ocr_status === null) state.pending.push(row.page_number);
      if (row.source !== 'text') {
        state.ocrPages.push(row.page_number);
        if (row.confidence !== null) state.confidences.push({ page: row.page_number, confidence: row.confidence });
      }
      if (row.ocr_status === 'blank') state.blankPages.push(row.page_number);
      if (row.ocr_status === 'failed') state.failedPages.push(row.page_number);
    }
    return state;
  }

  /**
   * Every document (or the given ones) that has pages pending OCR or read by it, in one query:
   * the library row's "waiting for OCR" and the viewer's low-confidence list.
   */
  statusByDocument(docIds?: string[], lowConfidence = 75): OcrDocStatus[] {
    const rows = this.db
      .prepare<[{ docs: string | null }], { doc_id: string; page_number: number; pending: number; confidence: number | null }>(
        `SELECT doc_id, page_number, (no_text = 1 AND ocr_status IS NULL) AS pending, confidence FROM pages
         WHERE ((no_text = 1 AND ocr_status IS NULL) OR source != 'text')
           AND (@docs IS NULL OR doc_id IN (SELECT value FROM json_each(@docs)))
         ORDER BY doc_id, page_number`,
      )
      .all({ docs: docIds === undefined ? null : JSON.stringify(docIds) });
    const byDoc = new Map<string, OcrDocStatus>();
    for (const row of rows) {
      let status = byDoc.get(row.doc_id);
      if (!status) byDoc.set(row.doc_id, (status = { id: row.doc_id, pendingPages: [], ocrPages: [], lowConfidencePages: [] }));
      if (row.pending === 1) status.pendingPages.push(row.page_number);
      else {
        status.ocrPages.push(row.page_number);
        if (row.confidence !== null && row.confidence < lowConfidence) status.lowConfidencePages.push(row.page_number);
      }
    }
    return [...byDoc.values()];
  }

  /**
   * One OCR'd page in ONE write transaction: its text, tokens and FTS row (the
   * pages_fts_update trigger), its word boxes, its status, and the document's
   * total tokens and list of pages still without text. A page that is no
   * longer pending (another run stored it) is left alone: returns false.
   */
  storePage(docId: string, result: OcrPageResult): boolean {
    return this.write(() => {
      const row = this.db
        .prepare<[string, number], PageRow>(
          'SELECT id, tokens FROM pages WHERE doc_id = ? AND page_number = ? AND no_text = 1 AND ocr_status IS NULL',
        )
        .get(docId, result.pageNumber);
      if (!row) return false;
      const hasText = result.status === 'done' && result.text.trim() !== '';
      this.db
        .prepare(
          `UPDATE pages SET heading = ?, body = ?, tokens = ?, no_text = ?, source = ?, confidence = ?, ocr_status = ?
           WHERE id = ?`,
        )
        .run(
          hasText ? pageHeading(result.text) : '',
          hasText ? result.text : '',
          hasText ? result.tokens : 0,
          hasText || result.status === 'blank' ? 0 : 1,
          hasText ? (result.source ?? 'ocr') : 'text',
          hasText ? result.confidence : null,
          result.status,
          row.id,
        );
      this.db
        .prepare(
          `INSERT INTO page_ocr (page_id, engine, dpi, width, height, words_json, error, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(page_id) DO UPDATE SET engine = excluded.engine, dpi = excluded.dpi, width = excluded.width,
             height = excluded.height, words_json = excluded.words_json, error = excluded.error, created_at = excluded.created_at`,
        )
        .run(row.id, result.engine, result.dpi, result.width, result.height, JSON.stringify(result.words), result.error, new Date().toISOString());
      // The document's summary columns follow the pages: tokens, and only the pages still without text.
      this.db
        .prepare(
          `UPDATE documents SET
             total_tokens = (SELECT coalesce(sum(tokens), 0) FROM pages WHERE doc_id = @doc),
             textless_pages = (SELECT coalesce(json_group_array(page_number), '[]')
                               FROM (SELECT page_number FROM pages WHERE doc_id = @doc AND no_text = 1 ORDER BY page_number))
           WHERE id = @doc`,
        )
        .run({ doc: docId });
      return true;
    });
  }

  /** Stored text per page with its source and confidence; all pages, or the given ones. */
  pageTexts(docId: string, pageNumbers?: number[]): StoredPageText[] {
    const rows = this.db
      .prepare<[{ doc: string; pages: string | null }], { page_number: number; label: string | null; body: string; source: PageSource; confidence: number | null }>(
        `SELECT page_number, label, body, source, confidence FROM pages
         WHERE doc_id = @doc AND (@pages IS NULL OR page_number IN (SELECT value FROM json_each(@pages)))
         ORDER BY page_number`,
      )
      .all({ doc: docId, pages: pageNumbers === undefined ? null : JSON.stringify(pageNumbers) });
    return rows.map((r) => ({ page: r.page_number, label: r.label, text: r.body, source: r.source, confidence: r.confidence }));
  }

  /** The word boxes kept from OCR for one page (empty for a page with a text layer). */
  pageWords(docId: string, pageNumber: number): OcrWord[] {
    const row = this.db
      .prepare<[string, number], { words_json: string }>(
        `SELECT o.words_json FROM page_ocr o JOIN pages p ON p.id = o.page_id WHERE p.doc_id = ? AND p.page_number = ?`,
      )
      .get(docId, pageNumber);
    return row ? (jsonArray(row.words_json) as OcrWord[]) : [];
  }
}
