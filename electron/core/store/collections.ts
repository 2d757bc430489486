/**
 * The collections tables (issue 10): named sets of documents. Names are unique regardless of case; a
 * collection is found by its id, its exact name, or a name prefix that names only one. Members keep the order
 * they were added in. Reached through Library.collections.
 */
import type Database from 'better-sqlite3';
import type { CollectionRecord } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import type { WriteFn } from './connection';

interface CollectionRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export class CollectionRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
  ) {}

  list(): CollectionRecord[] {
    const rows = this.db.prepare<[], CollectionRow>('SELECT * FROM collections ORDER BY name COLLATE NOCASE').all();
    return rows.map((r) => this.record(r));
  }

  get(id: string): CollectionRecord | null {
    const row = this.db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE id = ?').get(id);
    return row ? this.record(row) : null;
  }

  /** By id, exact name (any case), or a name prefix that matches one collection; COLLECTION_NOT_FOUND otherwise. */
  resolve(ref: string): CollectionRecord {
    const wanted = ref.trim();
    const byId = this.get(wanted);
    if (byId) return byId;
    const exact = this.db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE name = ? COLLATE NOCASE').get(wanted);
    if (exact) return this.record(exact);
    const escaped = wanted.replace(/[\\%_]/g, (c) => `\\${c}`);
    const prefixed = this.db
      .prepare<[string], CollectionRow>("SELECT * FROM collections WHERE name LIKE ? ESCAPE '\\' ORDER BY name COLLATE NOCASE LIMIT 6")
      .all(`${escaped}%`);
    if (prefixed.length === 1 && prefixed[0]) return this.record(prefixed[0]);
    if (prefixed.length > 1) {
      throw new PagewiseError(
        'COLLECTION_NOT_FOUND',
        `"${wanted}" names more than one collection (${prefixed.map((r) => `"${r.name}"`).join(', ')}): type more of the name.`,
      );
    }
    throw new PagewiseError('COLLECTION_NOT_FOUND', `No collection named "${wanted}": run \`pagewise collection list\` to see them.`);
  }

  create(name: string, docIds: readonly string[]): CollectionRecord {
    const id = crypto.randomUUID(); // the global Web Crypto: importing node:crypto would load it on every CLI start (~2 ms)
    const now = new Date().toISOString();
    this.write(() => {
      this.assertNameFree(name, null);
      this.db.prepare('INSERT INTO collections (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, name, now, now);
      this.insertMembers(id, docIds);
    });
    return this.getOrThrow(id);
  }

  add(id: string, docIds: readonly string[]): CollectionRecord {
    this.write(() => {
      this.insertMembers(id, docIds);
      this.touch(id);
    });
    return this.getOrThrow(id);
  }

  remove(id: string, docIds: readonly string[]): CollectionRecord {
    this.write(() => {
      const del = this.db.prepare('DELETE FROM collection_documents WHERE collection_id = ? AND doc_id = ?');
      for (const docId of docIds) del.run(id, docId);
      this.touch(id);
    });
    return this.getOrThrow(id);
  }

  rename(id: string, name: string): CollectionRecord {
    this.write(() => {
      this.assertNameFree(name, id);
      this.db.prepare('UPDATE collections SET name = ?, updated_at = ? WHERE id = ?').run(name, new Date().toISOString(), id);
    });
    return this.getOrThrow(id);
  }

  delete(id: string): boolean {
    return this.write(() => this.db.prepare('DELETE FROM collections WHERE id = ?').run(id).changes > 0);
  }

  /** Collections a document is in, by name. */
  ofDocument(docId: string): CollectionRecord[] {
    const rows = this.db
      .prepare<[string], CollectionRow>(
        'SELECT c.* FROM collections c JOIN collection_documents m ON m.collection_id = c.id WHERE m.doc_id = ? ORDER BY c.name COLLATE NOCASE',
      )
      .all(docId);
    return rows.map((r) => this.record(r));
  }

  private getOrThrow(id: string): CollectionRecord {
    const found = this.get(id);
    if (!found) throw new PagewiseError('COLLECTION_NOT_FOUND', 'The collection was deleted meanwhile.');
    return found;
  }

  private assertNameFree(name: string, exceptId: string | null): void {
    const clash = this.db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE name = ? COLLATE NOCASE').get(name);
    if (clash && clash.id !== exceptId) {
      throw new PagewiseError('INVALID_INPUT', `A collection named "${clash.name}" already exists: choose another name.`);
    }
  }

  private insertMembers(id: string, docIds: readonly string[]): void {
    const next = this.db.prepare<[string], { n: number | null }>('SELECT MAX(position) AS n FROM collection_documents WHERE collection_id = ?').get(id);
    let position = (next?.n ?? 0) + 1;
    const insert = this.db.prepare('INSERT OR IGNORE INTO collection_documents (collection_id, doc_id, position) VALUES (?, ?, ?)');
    for (const docId of docIds) if (insert.run(id, docId, position).changes > 0) position++;
  }

  private touch(id: string): void {
    this.db.prepare('UPDATE collections SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }

  private record(row: CollectionRow): CollectionRecord {
    const members = this.db
      .prepare<[string], { doc_id: string }>('SELECT doc_id FROM collection_documents WHERE collection_id = ? ORDER BY position')
      .all(row.id);
    return { id: row.id, name: row.name, docIds: members.map((m) => m.doc_id), createdAt: row.created_at, updatedAt: row.updated_at };
  }
}
