/**
 * The answers and citations tables: the answer cache (by cache key), the history (listing, full-text search,
 * id prefixes), and citations, which are re-verified against the stored pages when the verifier has changed
 * since they were marked (citation-marks.ts).
 */
import type Database from 'better-sqlite3';
import type { AnswerRecord, Citation } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { decodePages, encodePages, legacyContext, remark, remarkAcross, VERIFIER_VERSION } from './citation-marks';
import type { WriteFn } from './connection';
import type { DocumentRepository } from './documents';
import { andExpression, normalizeQuestion, orExpression, parseUserQuery } from './fts-query';
import type { PageRepository } from './pages-search';
import { usageOf } from './usage-columns';

const DEFAULT_ANSWER_LIMIT = 100;
/** Shortest answer-id prefix resolveAnswer accepts (ids are UUIDs: 4 hex digits rarely collide in a history). */
export const MIN_ANSWER_PREFIX = 4;
/** Candidates an ambiguous answer-id prefix lists in its error. */
const AMBIGUOUS_LISTED = 5;

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
  /** 1: written by a Batch API job. */
  batch: number;
  collection_id: string | null;
  scope_label: string | null;
}

/** A document of an answer over several (answer_documents). */
interface AnswerDocumentRow {
  doc_id: string;
  ordinal: number;
  context_pages: string | null;
  title: string | null;
}

/** Per-document context of an answer over several, as save() takes it. */
export interface AnswerDocumentContext {
  docId: string;
  pages: Iterable<number>;
}

interface CitationRow {
  page: number;
  page_end: number | null;
  quote: string | null;
  verified: number;
  label: string | null;
  end_label: string | null;
  doc_id: string | null;
  doc_title: string | null;
}

const ANSWER_COLUMNS = `a.id, a.doc_id, a.kind, a.question, a.thread_id, a.text, a.model, a.strategy, a.extractive,
  a.prompt_tokens, a.completion_tokens, a.cached_tokens, a.total_tokens, a.predicted_prompt_tokens, a.calls,
  a.cost_usd, a.verified_share, a.status, a.error_message, a.created_at, a.verifier_version, a.context_pages,
  a.collection_id, a.scope_label, a.batch`;

export class AnswerRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
    private readonly documents: DocumentRepository,
    private readonly pages: PageRepository,
  ) {}

  /** Stored citations with their pages' printed labels (read now: labels may be filled after the answer). */
  private citationsOf(answerId: string): Citation[] {
    return this.db
      .prepare<[string], CitationRow>(
        `SELECT c.page, c.page_end, c.quote, c.verified, p.label AS label, pe.label AS end_label, c.doc_id, d.title AS doc_title
         FROM citations c JOIN answers a ON a.id = c.answer_id
         LEFT JOIN pages p ON p.doc_id = COALESCE(c.doc_id, a.doc_id) AND p.page_number = c.page
         LEFT JOIN pages pe ON pe.doc_id = COALESCE(c.doc_id, a.doc_id) AND pe.page_number = c.page_end
         LEFT JOIN documents d ON d.id = c.doc_id
         WHERE c.answer_id = ? ORDER BY c.ordinal`,
      )
      .all(answerId)
      .map((c) => {
        const citation: Citation = { page: c.page, pageLabel: c.label, quote: c.quote, verified: c.verified === 1 };
        if (c.doc_id !== null) {
          citation.docId = c.doc_id;
          if (c.doc_title !== null) citation.docTitle = c.doc_title;
        }
        if (c.page_end !== null) {
          citation.pageEnd = c.page_end;
          citation.pageEndLabel = c.end_label;
        }
        return citation;
      });
  }

  private insertCitations(answerId: string, citations: readonly Citation[]): void {
    const insertCitation = this.db.prepare(
      'INSERT INTO citations (answer_id, ordinal, page, page_end, quote, verified, doc_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    citations.forEach((c, i) => {
      insertCitation.run(answerId, i, c.page, c.pageEnd ?? null, c.quote, c.verified ? 1 : 0, c.docId ?? null);
    });
  }

  /** The documents of an answer over several, in prompt order; [] for a one-document answer. */
  private documentsOf(answerId: string): AnswerDocumentRow[] {
    return this.db
      .prepare<[string], AnswerDocumentRow>(
        `SELECT ad.doc_id, ad.ordinal, ad.context_pages, d.title FROM answer_documents ad LEFT JOIN documents d ON d.id = ad.doc_id
         WHERE ad.answer_id = ? ORDER BY ad.ordinal`,
      )
      .all(answerId);
  }

  /**
   * The answer's citations as the current verifier marks them (see citation-marks.ts): stored marks when they
   * were written by this verifier, else re-verified against the stored page text and written back.
   */
  private currentCitations(row: AnswerRow): { citations: Citation[]; share: number } {
    const stored = this.citationsOf(row.id);
    if (row.verifier_version === VERIFIER_VERSION) return { citations: stored, share: row.verified_share };
    const loader = (docId: string) => (numbers: number[]) =>
      this.pages.getPages(docId, numbers).map((p) => ({ pageNumber: p.pageNumber, label: p.label, text: p.text }));
    const several = this.documentsOf(row.id);
    let marks: { citations: Citation[]; share: number };
    if (several.length > 1) {
      // per document: each with the pages of it that were in the context, keyed as the prompt keyed it
      marks = remarkAcross(
        row.text,
        several.map((d) => ({
          docId: d.doc_id,
          key: `D${d.ordinal + 1}`,
          title: d.title ?? d.doc_id.slice(0, 12),
          contextPages: d.context_pages !== null ? decodePages(d.context_pages) : new Set<number>(),
          loadPages: loader(d.doc_id),
        })),
      );
    } else {
      const pageCount = this.documents.pageCount(row.doc_id);
      const context = row.context_pages !== null ? decodePages(row.context_pages) : legacyContext(row.strategy, pageCount, stored);
      marks = remark(row.text, context, loader(row.doc_id));
      const one = several[0];
      if (one) marks = { ...marks, citations: marks.citations.map((c) => ({ ...c, docId: one.doc_id, ...(one.title !== null ? { docTitle: one.title } : {}) })) };
    }
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
    const docIds = this.documentsOf(row.id).map((d) => d.doc_id);
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
      usage: usageOf(row),
      predictedPromptTokens: row.predicted_prompt_tokens,
      calls: row.calls,
      costUsd: row.cost_usd,
      status: row.status,
      errorMessage: row.error_message,
      cached,
      createdAt: row.created_at,
      docIds: docIds.length > 0 ? docIds : [row.doc_id],
      collectionId: row.collection_id,
      scopeLabel: row.scope_label,
      ...(row.batch === 1 ? { batch: true } : {}),
    };
  }

  /** The newest COMPLETE answer stored under this key, marked cached: true; incomplete/failed ones are never served. */
  findCached(cacheKey: string): AnswerRecord | null {
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
  save(record: AnswerRecord, cacheKey: string | null, contextPages?: Iterable<number>, perDocument?: readonly AnswerDocumentContext[]): void {
    this.write(() => {
      for (const docId of perDocument?.map((d) => d.docId) ?? [record.docId]) {
        if (!this.documents.exists(docId)) {
          throw new PagewiseError(
            'DOC_NOT_FOUND',
            `Cannot save the answer: document ${docId.slice(0, 12)} is not in the library (was it removed?).`,
          );
        }
      }
      this.db.prepare('DELETE FROM answers WHERE id = ?').run(record.id);
      this.db
        .prepare(
          `INSERT INTO answers (id, doc_id, kind, question, normalized_question, thread_id, text, model, strategy,
             extractive, prompt_tokens, completion_tokens, cached_tokens, total_tokens, predicted_prompt_tokens,
             calls, cost_usd, verified_share, status, error_message, cache_key, created_at, verifier_version, context_pages,
             collection_id, scope_label, batch)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          record.collectionId ?? null,
          record.scopeLabel ?? null,
          record.batch === true ? 1 : 0,
        );
      this.insertCitations(record.id, record.citations);
      const link = this.db.prepare('INSERT INTO answer_documents (answer_id, doc_id, ordinal, context_pages) VALUES (?, ?, ?, ?)');
      (perDocument ?? []).forEach((d, i) => link.run(record.id, d.docId, i, encodePages(d.pages)));
    });
  }

  get(id: string): AnswerRecord | null {
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
  resolve(ref: string): AnswerRecord {
    const wanted = ref.trim();
    const exact = wanted === '' ? null : this.get(wanted);
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
  list(opts: { docId?: string; collectionId?: string; search?: string; threadId?: string; limit?: number } = {}): AnswerRecord[] {
    const limit = Math.max(1, Math.min(Math.floor(opts.limit ?? DEFAULT_ANSWER_LIMIT) || DEFAULT_ANSWER_LIMIT, 10_000));
    const filters: string[] = [];
    const params: unknown[] = [];
    if (opts.docId !== undefined) {
      // an answer over several documents is in the history of each
      filters.push('(a.doc_id = ? OR a.id IN (SELECT answer_id FROM answer_documents WHERE doc_id = ?))');
      params.push(opts.docId, opts.docId);
    }
    if (opts.collectionId !== undefined) {
      filters.push('a.collection_id = ?');
      params.push(opts.collectionId);
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
}
