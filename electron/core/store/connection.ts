/**
 * Opening the library's SQLite file: WAL, foreign keys, the busy timeout, migrations, and the one way to
 * write (a BEGIN IMMEDIATE transaction whose lock and disk errors become our codes).
 *
 * Concurrency: several processes may open one library (the app and a CLI run).
 * WAL lets readers run beside one writer; every write is a short BEGIN IMMEDIATE
 * transaction (taking the write lock up front, so the busy timeout applies and no
 * reader-upgrade deadlock can happen); the busy timeout waits out other writers.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PagewiseError } from '../errors';
import { nodeModule } from '../runtime/builtins';
import { diskFullError, isDiskFull } from './disk';
import { MIGRATIONS } from './schema';

export const BUSY_TIMEOUT_MS = 10_000;

/** Runs fn in one write transaction (see writeTransaction); what every repository writes through. */
export type WriteFn = <T>(fn: () => T) => T;

type SqliteError = InstanceType<typeof Database.SqliteError>;

export function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Database.SqliteError;
}

export function isBusy(error: unknown): boolean {
  return isSqliteError(error) && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}

/** Run fn in one BEGIN IMMEDIATE transaction; a lock held past the busy timeout becomes DB_BUSY. */
export function writeTransaction<T>(db: Database.Database, dbPath: string, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (error) {
    if (isBusy(error)) {
      throw new PagewiseError(
        'DB_BUSY',
        `The library ${dbPath} is busy (another Pagewise process kept it locked for over ${BUSY_TIMEOUT_MS / 1000} s). Try again.`,
        { cause: error },
      );
    }
    // the transaction rolled back: nothing of it was stored
    if (isDiskFull(error)) throw diskFullError(dbPath, 'nothing could be saved', error);
    throw error;
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

/**
 * Open (creating if needed) the SQLite file at `resolved` (an absolute path): WAL, foreign keys, busy timeout,
 * migrations. The caller closes the handle if it fails later; errors of this step are already our codes.
 */
export function openDatabase(resolved: string): Database.Database {
  let db: Database.Database | null = null;
  try {
    mkdirSync(dirname(resolved), { recursive: true });
    const nativeBinding = sqliteAddon();
    // the constructor's timeout is the busy timeout (PRAGMA busy_timeout)
    db = new Database(resolved, { timeout: BUSY_TIMEOUT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
    const handle = db;
    const mode = withBusyRetry(() => handle.pragma('journal_mode = WAL', { simple: true }));
    if (String(mode).toLowerCase() !== 'wal') {
      throw new PagewiseError('FILE_UNREADABLE', `The library ${resolved} cannot use WAL mode (journal mode is ${String(mode)}).`);
    }
    // one exec: no statement objects for pragmas that return nothing
    handle.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    withBusyRetry(() => migrate(handle, resolved));
    return handle;
  } catch (error) {
    db?.close();
    throw openError(resolved, error);
  }
}

/** Where better-sqlite3's own build lies inside a node_modules folder. */
const ADDON_IN_NODE_MODULES = join('better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/**
 * The better-sqlite3 addon file to load. The Electron app in development loads a build for Electron's ABI
 * (scripts/start.mjs sets PAGEWISE_SQLITE_BINDING); otherwise the package's own build, named outright:
 * the CLI bundles better-sqlite3's JavaScript (so it shares the code cache), and the `bindings` lookup
 * it would otherwise run searches folders relative to the calling file. Undefined: that lookup.
 */
function sqliteAddon(): string | undefined {
  const chosen = process.env.PAGEWISE_SQLITE_BINDING;
  if (chosen) return chosen;
  // The node_modules folders require.resolve would try, nearest first, each one stat: better-sqlite3 has
  // no "exports" map, so the first folder holding the file is the one resolve names, and resolve itself
  // (which reads package.json files on the way) costs ~1.5 ms of a 20 ms `pagewise list` (README, "Start-up").
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ADDON_IN_NODE_MODULES);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  try {
    return nodeModule().createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined; // an install without that build (a prebuilt elsewhere): better-sqlite3 finds its own
  }
}

/** What went wrong opening or preparing the library, as an error a person can act on. */
export function openError(resolved: string, error: unknown): unknown {
  if (error instanceof PagewiseError) return error;
  if (isSqliteError(error) && (error.code === 'SQLITE_NOTADB' || error.code === 'SQLITE_CORRUPT')) {
    return new PagewiseError('FILE_UNREADABLE', `${resolved} is not a Pagewise library (not a SQLite database, or damaged).`, {
      cause: error,
    });
  }
  if (isSqliteError(error) && error.code.startsWith('SQLITE_CANTOPEN')) {
    return new PagewiseError('FILE_UNREADABLE', `Cannot open the library ${resolved}: check the path and its permissions.`, {
      cause: error,
    });
  }
  if (isBusy(error)) {
    return new PagewiseError('DB_BUSY', `The library ${resolved} stayed locked by another process; try again.`, { cause: error });
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST') {
    return new PagewiseError('FILE_UNREADABLE', `Cannot create the library at ${resolved}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error;
}

/** Close without waiting: PRAGMA optimize is best effort (another process may hold the write lock). */
export function closeDatabase(db: Database.Database): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('optimize');
  } catch {
    // skipped this time
  }
  db.close();
}
