import path from 'node:path';
import { homeDirectory } from '../runtime/builtins';

/**
 * Where the library lives when nobody says otherwise: $PAGEWISE_DB, else the platform's
 * per-user data folder. (The Electron shell may pass app.getPath('userData') instead.)
 */
export function defaultLibraryPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homeDirectory(),
): string {
  const override = env.PAGEWISE_DB?.trim();
  if (override) return path.resolve(override);
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim() || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Pagewise', 'library.db');
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', 'Pagewise', 'library.db');
  }
  const xdg = env.XDG_DATA_HOME?.trim();
  // XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share');
  return path.posix.join(dataHome, 'pagewise', 'library.db');
}

/** The folder every library in a folder once shared for its stored PDFs (files/<sha256>.pdf). */
export const SHARED_FILES_DIR = 'files';
/** The one library name that keeps the folder `files/` (the default: no existing library moves). */
const DEFAULT_LIBRARY_NAME = 'library.db';

/**
 * Where the library at `dbPath` keeps its copies of the original PDFs: its own folder, so two
 * libraries in one folder never share (removing a document from one cannot delete a file the other
 * lists). library.db keeps `files/`; any other name gets `<name>.files/` (e.g. work.db.files/).
 */
export function libraryFilesDir(dbPath: string): string {
  const name = path.basename(dbPath);
  return path.join(path.dirname(dbPath), name === DEFAULT_LIBRARY_NAME ? SHARED_FILES_DIR : `${name}.files`);
}
