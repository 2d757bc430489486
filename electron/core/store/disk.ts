/**
 * A full disk, said plainly: SQLite's SQLITE_FULL and the file system's ENOSPC become DISK_FULL
 * with what to do, and the free room beside the library can be checked before work that costs
 * money (a model request) would have nowhere to be saved.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { PagewiseError } from '../errors';

/**
 * Free room a model request needs before it is sent: its answer (at most 16,384 tokens, ~64 KB of
 * text), the answer's full-text index, citations and SQLite's write-ahead log, with a wide margin.
 */
export const MIN_FREE_BYTES_TO_SAVE = 4 * 1024 * 1024;

/** True for SQLite's "database or disk is full" and the file system's "no space left on device". */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'ENOSPC' || code === 'EDQUOT' || code.startsWith('SQLITE_FULL'));
}

/** DISK_FULL for the library at `libraryPath`; `what` says what could not be saved ("The answer"). */
export function diskFullError(libraryPath: string, what: string, cause?: unknown): PagewiseError {
  return new PagewiseError(
    'DISK_FULL',
    `The disk holding your library (${dirname(libraryPath)}) is full: ${what}. ` +
      'Free some space on that disk (delete or move files you do not need), then try again.',
    cause === undefined ? undefined : { cause },
  );
}

/** Bytes free to this user on the file system holding `filePath`'s folder; null when it cannot be known. */
export function freeBytesBeside(filePath: string): number | null {
  try {
    const stats = statfsSync(dirname(filePath));
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/**
 * Throws DISK_FULL when the disk holding the library has less than `needed` bytes free (and that can
 * be known), so nothing is paid for that could not be kept.
 */
export function assertRoomToSave(libraryPath: string, what: string, needed: number = MIN_FREE_BYTES_TO_SAVE): void {
  const free = freeBytesBeside(libraryPath);
  if (free !== null && free < needed) throw diskFullError(libraryPath, what);
}
