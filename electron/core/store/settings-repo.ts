/** The settings table: one text value per key (settings/store.ts gives the values their meaning). */
import type Database from 'better-sqlite3';
import type { WriteFn } from './connection';

export class SettingsRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly write: WriteFn,
  ) {}

  get(key: string): string | null {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? row.value : null;
  }

  /** null deletes the setting. */
  set(key: string, value: string | null): void {
    this.write(() => {
      if (value === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      else
        this.db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(key, value);
    });
  }
}
