/**
 * The comparisons tables (issue 10, Compare): a comparison's header (question, scope, the documents it was asked
 * over) and one row per finished document, written in its own transaction as the document finishes, so a
 * killed run keeps the rows that were done. A row points at the document's ordinary answer (store/answers.ts,
 * re-verified on read like any answer) or holds the error that stopped it. Reached through Library.comparisons.
 */
import type Database from 'better-sqlite3';
import type { AnswerRecord, Usage } from '../../../shared/api/domain';
import type { Comparison, ComparisonRow, ComparisonSummary } from '../../../shared/api/compare';
import { isErrorCode } from '../../../shared/api/errors';
import { PagewiseError } from '../errors';
import type { WriteFn } from './connection';
import { jsonArray } from './json-column';

interface ComparisonHeaderRow {
  id: string;
  question: string;
  scope_label: string;
  collection_id: string | null;
  doc_ids: string;
  created_at: string;
}

interface ComparisonRowRow {
  position: number;
  doc_id: string;
  title: string;
  answer_id: string | null;
  cached: number;
  error_code: string | null;
  error_message: string | null;
}

export interface NewComparison {
  id: string;
  question: string;
  scopeLabel: string;
  collectionId: string | null;
  docIds: readonly string[];
  createdAt: string;
}

export interface NewComparisonRow {
  position: number;
  docId: string;
  title: string;
  answer: AnswerRecord | null;
  error: { code: string; message: string } | null;
}

export class ComparisonRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
    /** The answers repository's reader (re-verifies citations the way every answer read does). */
    private readonly getAnswer: (id: string) => AnswerRecord | null,
  ) {}

  create(input: NewComparison): void {
    this.write(() => {
      this.db
        .prepare('INSERT INTO comparisons (id, question, scope_label, collection_id, doc_ids, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.id, input.question, input.scopeLabel, input.collectionId, JSON.stringify(input.docIds), input.createdAt);
    });
  }

  /** One finished document: its own transaction (a killed run keeps it). */
  addRow(comparisonId: string, row: NewComparisonRow): void {
    this.write(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO comparison_rows (comparison_id, position, doc_id, title, answer_id, cached, error_code, error_message, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          comparisonId,
          row.position,
          row.docId,
          row.title,
          row.answer?.id ?? null,
          row.answer?.cached ? 1 : 0,
          row.error?.code ?? null,
          row.error?.message ?? null,
          new Date().toISOString(),
        );
    });
  }

  get(id: string): Comparison | null {
    const header = this.db.prepare<[string], ComparisonHeaderRow>('SELECT * FROM comparisons WHERE id = ?').get(id);
    return header ? this.toComparison(header) : null;
  }

  /** By id or a unique id prefix; ANSWER_NOT_FOUND otherwise (a comparison is a set of answers). */
  resolve(ref: string): Comparison {
    const wanted = ref.trim();
    const exact = this.get(wanted);
    if (exact) return exact;
    const escaped = wanted.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = this.db.prepare<[string], ComparisonHeaderRow>("SELECT * FROM comparisons WHERE id LIKE ? ESCAPE '\\' LIMIT 2").all(`${escaped}%`);
    if (rows.length === 1 && rows[0] && wanted.length >= 4) return this.toComparison(rows[0]);
    if (rows.length > 1) throw new PagewiseError('ANSWER_NOT_FOUND', `"${wanted}" starts more than one comparison id: type more of it.`);
    throw new PagewiseError('ANSWER_NOT_FOUND', `No comparison has the id "${wanted}": run \`pagewise compare --history\` to see them.`);
  }

  list(opts: { collectionId?: string; limit?: number } = {}): ComparisonSummary[] {
    const limit = opts.limit ?? 100;
    const headers = opts.collectionId
      ? this.db
          .prepare<[string, number], ComparisonHeaderRow>('SELECT * FROM comparisons WHERE collection_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
          .all(opts.collectionId, limit)
      : this.db.prepare<[number], ComparisonHeaderRow>('SELECT * FROM comparisons ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit);
    const counts = this.db.prepare<[string], { finished: number; failed: number | null }>(
      'SELECT count(*) AS finished, sum(error_code IS NOT NULL) AS failed FROM comparison_rows WHERE comparison_id = ?',
    );
    return headers.map((h) => {
      const c = counts.get(h.id);
      return {
        id: h.id,
        question: h.question,
        scopeLabel: h.scope_label,
        collectionId: h.collection_id,
        createdAt: h.created_at,
        documentCount: jsonArray(h.doc_ids).length,
        finishedRows: c?.finished ?? 0,
        failedRows: c?.failed ?? 0,
      };
    });
  }

  delete(id: string): boolean {
    return this.write(() => this.db.prepare('DELETE FROM comparisons WHERE id = ?').run(id).changes > 0);
  }

  private toComparison(header: ComparisonHeaderRow): Comparison {
    const stored = this.db
      .prepare<[string], ComparisonRowRow>('SELECT * FROM comparison_rows WHERE comparison_id = ? ORDER BY position')
      .all(header.id);
    let usage: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 };
    let costUsd = 0;
    const rows: ComparisonRow[] = stored.map((r) => {
      if (r.error_code !== null) {
        const code = isErrorCode(r.error_code) ? r.error_code : 'INTERNAL';
        return { docId: r.doc_id, title: r.title, answer: null, error: { type: 'PagewiseError', code, message: r.error_message ?? 'This document could not be answered.' } };
      }
      const found = r.answer_id ? this.getAnswer(r.answer_id) : null;
      if (!found) {
        // the document (and with it its answers) left the library after the comparison
        return {
          docId: r.doc_id,
          title: r.title,
          answer: null,
          error: { type: 'PagewiseError', code: 'ANSWER_NOT_FOUND', message: 'This answer is no longer in the library (its document was removed).' },
        };
      }
      const answer = { ...found, cached: r.cached === 1 };
      if (!answer.cached) {
        usage = {
          promptTokens: usage.promptTokens + answer.usage.promptTokens,
          completionTokens: usage.completionTokens + answer.usage.completionTokens,
          cachedTokens: usage.cachedTokens + answer.usage.cachedTokens,
          totalTokens: usage.totalTokens + answer.usage.totalTokens,
        };
        costUsd += answer.costUsd;
      }
      return { docId: r.doc_id, title: r.title, answer, error: null };
    });
    return {
      id: header.id,
      question: header.question,
      scopeLabel: header.scope_label,
      collectionId: header.collection_id,
      createdAt: header.created_at,
      rows,
      documentCount: jsonArray(header.doc_ids).length,
      usage,
      costUsd,
    };
  }
}
