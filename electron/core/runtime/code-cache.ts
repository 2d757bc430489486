/**
 * Loads our CommonJS bundles (dist/node/*.cjs: the CLI, pdf.js) with V8's code cache, so that a
 * fresh process does not parse and compile the same megabytes of JavaScript again.
 *
 * - Node 22.1+ (and Electron's Node) have their own: the launcher turns on module.enableCompileCache
 *   and this is a plain require().
 * - Node 20 has none for modules; a script compiled through vm.Script can take V8's cached data,
 *   which is what this does. The cache is written after the run (`createCachedData()` at exit), so
 *   it also holds the functions the run compiled lazily; runs that use different code (`list`,
 *   `ingest`) keep different files (`slot`).
 *
 * Robust by construction:
 * - the build appends `// pagewise-build-id <hash of the file>` to each bundle; the cache folder is
 *   named after it and the V8 version, so a new build or a new Node never reads an old cache (V8
 *   itself checks only the source's length, its version and its flags). A file without the line is
 *   compiled without a cache;
 * - a cache that cannot be read, is rejected by V8 or cannot be written (read-only folder, full
 *   disk) costs the compile and nothing else; files are written whole (temporary file, rename), so a
 *   process never reads half of one;
 * - only the main thread writes (worker threads read what it wrote);
 * - the compiled bundle may not use import() (V8 drops the import callback of code it deserialized):
 *   the build turns the bundles' import()s into require()s;
 * - the build writes the CommonJS wrapper into each bundle (WRAPPER_HEAD, WRAPPER_CALL): V8 then compiles
 *   a slice of the file's text instead of a wrapped copy of it (a megabyte less to allocate, and to
 *   collect, on every start), and require() still runs the file as it is.
 * PAGEWISE_NO_CODE_CACHE=1 or NODE_DISABLE_COMPILE_CACHE=1 turns it off; PAGEWISE_CACHE_DIR moves it.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path, { dirname, join } from 'node:path';
import vm from 'node:vm';
import { homeDirectory, nodeModule, runtimeHasCompileCache } from './builtins';

/**
 * Caches of this many bundle builds are kept in the base folder (several checkouts may share it); older
 * ones go. A build of the app makes three (the CLI, the light CLI and pdf.js): this keeps four builds.
 */
const KEEP_BUILDS = 12;
/** At most this many cache files per build: a typo'd command gets a slot too, but not without end. */
const MAX_SLOTS = 32;
/** How a bundle the build wrapped begins, and how its function is called (scripts/build-node.mjs writes them). */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
export const WRAPPER_CALL = '\n}).call(this, exports, require, module, __filename, __dirname);';

/** Only folders named like cacheFolder's are ever pruned (the base may be a folder the user chose). */
const BUILD_FOLDER = /^[0-9a-f]{8,64}-v8-[\w.-]+$/;
const BUILD_ID_LINE = /\/\/ pagewise-build-id ([0-9a-f]{8,64})\s*$/;

type CacheOutcome = 'hit' | 'miss' | 'rejected' | 'off';

/**
 * The user's cache folder for pagewise's code cache: $PAGEWISE_CACHE_DIR, else
 * $XDG_CACHE_HOME/pagewise/code or ~/.cache/pagewise/code (Linux), ~/Library/Caches/Pagewise/code
 * (macOS), %LOCALAPPDATA%\Pagewise\Cache\code (Windows). Null when there is no home folder.
 */
export function defaultCacheBase(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homeDirectory()): string | null {
  const override = env.PAGEWISE_CACHE_DIR?.trim();
  if (override) return path.resolve(override);
  if (!home) return null;
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA?.trim() || path.win32.join(home, 'AppData', 'Local'), 'Pagewise', 'Cache', 'code');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'Pagewise', 'code');
  const xdg = env.XDG_CACHE_HOME?.trim();
  return path.posix.join(xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache'), 'pagewise', 'code');
}

/** `<base>/<build id>-v8-<V8 version>`: a new build or runtime starts a cache of its own. */
export function cacheFolder(base: string, buildId: string): string {
  return join(base, `${buildId}-v8-${process.versions.v8}`.replace(/[^\w.-]/g, '_'));
}

/** A slot name that is safe as a file name ('list', 'ingest'...; anything else shares 'other'). */
export function cacheSlot(name: string | undefined): string {
  return name !== undefined && /^[a-z][a-z-]{0,31}$/.test(name) ? name : 'other';
}

function disabled(env: NodeJS.ProcessEnv): boolean {
  return env.PAGEWISE_NO_CODE_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1';
}

/**
 * Loads a CommonJS bundle and returns its exports, like require(file), with the code cache of
 * `slot` (see the top of this file). Loading the same file twice returns the first exports.
 * `bundleRequire` is the require() the bundle gets: one that resolves from the bundle's folder
 * (the launcher, a sibling, passes its own and so never loads node:module); by default, one made for it.
 * On a runtime with its own compile cache (Node 22.1+) it loads the bundle, so it must take an absolute path.
 */
export function loadCommonJs(file: string, slot: string, bundleRequire?: NodeJS.Require): unknown {
  const loaded = modules.get(file);
  if (loaded) return loaded.exports;
  const requireFromBundle = (): NodeJS.Require => bundleRequire ?? nodeModule().createRequire(file);
  if (disabled(process.env) || runtimeHasCompileCache()) return requireFromBundle()(file) as unknown;
  // a #! line is not JavaScript inside the wrapper: keep the line (and so every line number), drop the text
  const source = readSource(file).replace(/^#!.*/, '');
  const buildId = BUILD_ID_LINE.exec(source.slice(-120))?.[1];
  const base = buildId ? defaultCacheBase() : null;
  const cacheFile = base && buildId ? join(cacheFolder(base, buildId), `${cacheSlot(slot)}.bin`) : null;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // none yet, or unreadable: compile from source
    }
  }
  const script = new vm.Script(wrapped(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const outcome: CacheOutcome = !cacheFile ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  if (cacheFile && outcome !== 'hit' && onMainThread()) process.once('exit', () => writeCache(cacheFile, script, outcome === 'miss'));
  const record = { exports: {} as unknown, filename: file, id: file, loaded: false };
  modules.set(file, record);
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  try {
    wrapper.call(record.exports, record.exports, requireFromBundle(), record, file, dirname(file));
  } catch (error) {
    modules.delete(file);
    throw error;
  }
  record.loaded = true;
  return record.exports;
}

/**
 * The file's text as the function require() would make of it. A bundle the build wrapped: the text up to
 * its call (a slice, which V8 compiles without copying). Any other file: wrapped here, on its first line,
 * so line numbers stay the file's.
 */
function wrapped(source: string): string {
  const call = source.startsWith(WRAPPER_HEAD) ? source.lastIndexOf(WRAPPER_CALL) : -1;
  return call >= 0 ? source.slice(0, call + '\n})'.length) : `${WRAPPER_HEAD}${source}\n});`;
}

/** Whether this is the main thread; node:worker_threads loads only when a cache is to be written (~3 ms of a CLI start). */
function onMainThread(): boolean {
  return process.getBuiltinModule('node:worker_threads').isMainThread;
}

const modules = new Map<string, { exports: unknown; loaded: boolean }>();

/** The file's text; an ASCII file (pdfjs.cjs) is read as latin1, which skips UTF-8 decoding (~2 ms for 2 MB). */
function readSource(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function writeCache(file: string, script: vm.Script, isNew: boolean): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const folder = dirname(file);
    let slots: string[];
    try {
      slots = readdirSync(folder).filter((name) => name.endsWith('.bin'));
    } catch {
      mkdirSync(folder, { recursive: true });
      pruneOldBuilds(dirname(folder), folder);
      slots = [];
    }
    if (isNew && slots.length >= MAX_SLOTS) return;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, file);
  } catch {
    // a read-only or full cache folder: the next run compiles again, nothing else changes
    try {
      rmSync(temporary, { force: true });
    } catch {
      /* nothing to clean */
    }
  }
}

/** A new build's folder was made: keep the KEEP_BUILDS most recently made, remove the rest. */
function pruneOldBuilds(base: string, current: string): void {
  try {
    const folders = readdirSync(base, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && BUILD_FOLDER.test(entry.name))
      .map((entry) => join(base, entry.name))
      .filter((folder) => folder !== current)
      .map((folder) => ({ folder, made: statSync(folder).mtimeMs }))
      .sort((a, b) => b.made - a.made);
    for (const { folder } of folders.slice(KEEP_BUILDS - 1)) rmSync(folder, { recursive: true, force: true });
  } catch {
    // another process pruned at the same time, or no permission: old caches only take room
  }
}
