/** Where `--out` writes: a file path, or a folder to put the default file name in. */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { PagewiseError } from '../core/errors';

/**
 * The file to write for `--out` (absent: the default name in the current folder).
 * An existing folder, or a path ending in a separator, gets the default name inside it.
 */
export function outputPath(out: string | undefined, defaultName: string): string {
  if (out === undefined) return resolve(defaultName);
  const wantsFolder = out.endsWith('/') || out.endsWith(sep);
  const target = resolve(out);
  if (wantsFolder || isFolder(target)) {
    if (!isFolder(target)) throw new PagewiseError('FILE_UNWRITABLE', `Cannot write to ${target}${sep}: there is no such folder. Create it or choose another --out.`);
    return join(target, defaultName);
  }
  return target;
}

/** Write the bytes; a missing folder or a permission problem is a message a person can act on. */
export function writeOutputFile(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const folder = dirname(path);
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `the folder ${folder} does not exist. Create it or choose another --out.`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? `permission denied. Choose a folder you can write to.`
          : code === 'ENOSPC'
            ? 'the disk is full.'
            : (error as Error).message;
    throw new PagewiseError('FILE_UNWRITABLE', `Cannot write ${path}: ${why}`, { cause: error });
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
