/**
 * The extraction tables (issue 12): saved templates (extraction_templates) and stored extractions (one row per
 * document per template run; the fields as JSON). Reached through Library.extractions.
 */
import type Database from 'better-sqlite3';
import * as z from '../../../shared/api/zod';
import {
  ExtractedFieldSchema,
  TemplateFieldSchema,
  type Extraction,
  type ExtractedField,
  type Template,
  type TemplateDefinition,
  type TemplateField,
} from '../../../shared/api/extract';
import { PagewiseError } from '../errors';
import type { WriteFn } from './connection';
import { jsonArray } from './json-column';
import { usageOf } from './usage-columns';

/** A run's outcome columns, written alike by a new extraction and by a batch job's replacement of it. */
const OUTCOME_COLUMNS = [
  'prompt_tokens', 'completion_tokens', 'cached_tokens', 'total_tokens', 'predicted_prompt_tokens', 'cost_usd', 'status', 'error_message', 'raw_output',
] as const;

/** The values of OUTCOME_COLUMNS, in their order. */
function outcomeValues(e: NewExtraction): (string | number | null)[] {
  return [
    e.usage.promptTokens, e.usage.completionTokens, e.usage.cachedTokens, e.usage.totalTokens,
    e.predictedPromptTokens, e.costUsd, e.status, e.errorMessage, e.rawOutput,
  ];
}

interface TemplateRow {
  id: string;
  name: string;
  fields_json: string;
  created_at: string;
  updated_at: string;
}

interface ExtractionRow {
  id: string;
  doc_id: string;
  title: string | null;
  template_id: string | null;
  template_name: string;
  template_fields_json: string;
  fields_json: string;
  strategy: string;
  calls: number;
  pages_json: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  total_tokens: number;
  predicted_prompt_tokens: number;
  cost_usd: number;
  status: string;
  error_message: string | null;
  raw_output: string | null;
  batch: number;
  created_at: string;
}

/** What a run stores (id, title and createdAt are the store's). */
export type NewExtraction = Omit<Extraction, 'id' | 'title' | 'createdAt'>;

// z.lazy: built when a row is first read, not by every process that opens a library
const TemplateFieldsSchema = z.lazy(() => z.array(TemplateFieldSchema));
const FieldsSchema = z.lazy(() => z.array(ExtractedFieldSchema));

function readList<T>(json: string, schema: z.ZodMiniType<T[]>): T[] {
  const parsed = schema.safeParse(jsonArray(json));
  return parsed.success ? parsed.data : [];
}

const SELECT = 'SELECT e.*, COALESCE(d.title, d.file_name) AS title FROM extractions e LEFT JOIN documents d ON d.id = e.doc_id';

export class ExtractionRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
  ) {}

  // ---------------------------------------------------------------- templates

  listTemplates(): Template[] {
    return this.db
      .prepare<[], TemplateRow>('SELECT * FROM extraction_templates ORDER BY name COLLATE NOCASE')
      .all()
      .map((r) => this.template(r));
  }

  /** Save a new template (id absent) or replace one; names are unique regardless of case. */
  saveTemplate(definition: TemplateDefinition, id?: string): Template {
    const now = new Date().toISOString();
    const targetId = id ?? crypto.randomUUID(); // global Web Crypto: no node:crypto load at start
    this.write(() => {
      const clash = this.db.prepare<[string], TemplateRow>('SELECT * FROM extraction_templates WHERE name = ? COLLATE NOCASE').get(definition.name);
      if (clash && clash.id !== targetId) {
        throw new PagewiseError('INVALID_INPUT', `A template named "${clash.name}" already exists: choose another name, or edit that one.`);
      }
      const fields = JSON.stringify(definition.fields);
      const existing = this.db.prepare<[string], TemplateRow>('SELECT * FROM extraction_templates WHERE id = ?').get(targetId);
      if (existing) {
        this.db.prepare('UPDATE extraction_templates SET name = ?, fields_json = ?, updated_at = ? WHERE id = ?').run(definition.name, fields, now, targetId);
      } else {
        if (id !== undefined) throw new PagewiseError('INVALID_INPUT', 'That template no longer exists (deleted meanwhile): save it as a new one.');
        this.db.prepare('INSERT INTO extraction_templates (id, name, fields_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(targetId, definition.name, fields, now, now);
      }
    });
    const row = this.db.prepare<[string], TemplateRow>('SELECT * FROM extraction_templates WHERE id = ?').get(targetId);
    if (!row) throw new PagewiseError('INTERNAL', 'The template was not saved.');
    return this.template(row);
  }

  deleteTemplate(id: string): boolean {
    return this.write(() => this.db.prepare('DELETE FROM extraction_templates WHERE id = ?').run(id).changes > 0);
  }

  // ---------------------------------------------------------------- extractions

  /** Store a new extraction (id: a given one, e.g. planned ahead for a batch job's results). */
  add(e: NewExtraction, givenId?: string, batchGroups?: number[]): Extraction {
    const id = givenId ?? crypto.randomUUID();
    const createdAt = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO extractions (id, doc_id, template_id, template_name, template_fields_json, fields_json, strategy, calls, pages_json, model,
             ${OUTCOME_COLUMNS.join(', ')}, batch, batch_groups, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          e.docId,
          e.templateId,
          e.templateName,
          JSON.stringify(e.templateFields),
          JSON.stringify(e.fields),
          e.strategy,
          e.calls,
          JSON.stringify(e.pages),
          e.model,
          ...outcomeValues(e),
          e.batch ? 1 : 0,
          batchGroups ? JSON.stringify(batchGroups) : null,
          createdAt,
        );
    });
    return this.getOrThrow(id);
  }

  /** Replace a stored extraction's results (a batch job's later request of the same document). */
  replace(id: string, e: NewExtraction, batchGroups?: number[]): Extraction {
    this.write(() => {
      this.db
        .prepare(
          `UPDATE extractions SET fields_json = ?, calls = ?, ${OUTCOME_COLUMNS.map((c) => `${c} = ?`).join(', ')}, batch_groups = ? WHERE id = ?`,
        )
        .run(
          JSON.stringify(e.fields),
          e.calls,
          ...outcomeValues(e),
          batchGroups ? JSON.stringify(batchGroups) : null,
          id,
        );
    });
    return this.getOrThrow(id);
  }

  get(id: string): Extraction | null {
    const row = this.db.prepare<[string], ExtractionRow>(`${SELECT} WHERE e.id = ?`).get(id);
    if (row) return this.record(row);
    // an id prefix (as the CLI shows ids) naming one extraction
    const rows = this.db.prepare<[string], ExtractionRow>(`${SELECT} WHERE e.id LIKE ? LIMIT 2`).all(`${id.replace(/[%_\\]/g, '')}%`);
    return rows.length === 1 && rows[0] ? this.record(rows[0]) : null;
  }

  getOrThrow(id: string): Extraction {
    const found = this.get(id);
    if (!found) throw new PagewiseError('INVALID_INPUT', `No extraction with id ${id.slice(0, 12)}: run \`pagewise extract --list\` to see them.`);
    return found;
  }

  /** Batch results: which request groups of this extraction have landed. */
  batchGroups(id: string): number[] {
    const row = this.db.prepare<[string], { batch_groups: string | null }>('SELECT batch_groups FROM extractions WHERE id = ?').get(id);
    return row?.batch_groups ? jsonArray(row.batch_groups).filter((g): g is number => typeof g === 'number') : [];
  }

  /** Newest first. */
  list(options: { docId?: string; limit?: number } = {}): Extraction[] {
    const limit = options.limit ?? 200;
    const rows =
      options.docId !== undefined
        ? this.db.prepare<[string, number], ExtractionRow>(`${SELECT} WHERE e.doc_id = ? ORDER BY e.created_at DESC, e.rowid DESC LIMIT ?`).all(options.docId, limit)
        : this.db.prepare<[number], ExtractionRow>(`${SELECT} ORDER BY e.created_at DESC, e.rowid DESC LIMIT ?`).all(limit);
    return rows.map((r) => this.record(r));
  }

  private template(row: TemplateRow): Template {
    return {
      id: row.id,
      name: row.name,
      builtIn: false,
      fields: readList<TemplateField>(row.fields_json, TemplateFieldsSchema),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private record(row: ExtractionRow): Extraction {
    const pages = jsonArray(row.pages_json).filter((p): p is number => typeof p === 'number' && Number.isInteger(p) && p > 0);
    return {
      id: row.id,
      docId: row.doc_id,
      title: row.title ?? row.doc_id.slice(0, 12),
      templateId: row.template_id,
      templateName: row.template_name,
      templateFields: readList<TemplateField>(row.template_fields_json, TemplateFieldsSchema),
      fields: readList<ExtractedField>(row.fields_json, FieldsSchema),
      strategy: row.strategy === 'focused' ? 'focused' : row.strategy === 'exhaustive' ? 'exhaustive' : 'whole',
      calls: row.calls,
      pages,
      model: row.model,
      usage: usageOf(row),
      predictedPromptTokens: row.predicted_prompt_tokens,
      costUsd: row.cost_usd,
      status: row.status === 'failed' ? 'failed' : 'complete',
      errorMessage: row.error_message,
      rawOutput: row.raw_output,
      batch: row.batch === 1,
      createdAt: row.created_at,
    };
  }
}
