/**
 * Moving a library off the files/ folder it used to share with every library in its folder.
 *
 * Before each library had its own files folder (paths.ts libraryFilesDir), work.db and library.db in
 * one folder both kept their PDFs in files/. The first time work.db opens with its own folder missing,
 * it gets a hard link (or a copy, where links are not possible) of each of ITS documents' files, in a
 * temporary folder renamed into place at the end: killed halfway, nothing changes and it starts over
 * next time; two processes at once, one rename wins. files/ itself is left as it is (library.db, or
 * another not yet moved library, may list those files).
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SHARED_FILES_DIR } from './paths';

/** Give the library its own files folder `filesDir`, adopting its documents' files from the shared one. */
export function separateFilesDir(dbPath: string, filesDir: string, documentIds: readonly string[]): void {
  if (existsSync(filesDir)) return;
  const shared = join(dirname(dbPath), SHARED_FILES_DIR);
  if (filesDir === shared || documentIds.length === 0 || !existsSync(shared)) {
    mkdirSync(filesDir, { recursive: true });
    return;
  }
  const temp = `${filesDir}.moving-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  mkdirSync(temp, { recursive: true });
  try {
    for (const id of documentIds) {
      const name = `${id.toLowerCase()}.pdf`;
      const from = join(shared, name);
      if (!existsSync(from)) continue; // lost already: ingesting the file again restores it
      try {
        linkSync(from, join(temp, name));
      } catch {
        copyFileSync(from, join(temp, name));
      }
    }
    try {
      renameSync(temp, filesDir);
    } catch (error) {
      // another process moved it first: its folder stands
      if (!existsSync(filesDir)) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
