// `npm start`: build what is stale, then open the desktop app; where Electron
// cannot start (binary not installed, no display, it exits at once) say why in
// ONE line and run browser mode instead (`pagewise serve`), which prints the URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
process.chdir(root);

function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const info = statSync(p);
    if (info.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) walk(join(p, name));
    } else if (/\.(ts|tsx|mjs|js|json|css|html|svg)$/.test(p)) {
      max = Math.max(max, info.mtimeMs);
    }
  };
  for (const p of paths) walk(join(root, p));
  return max;
}

function oldest(files) {
  let min = Infinity;
  for (const f of files) {
    const p = join(root, f);
    if (!existsSync(p)) return 0;
    min = Math.min(min, statSync(p).mtimeMs);
  }
  return min;
}

function run(label, args) {
  process.stdout.write(`Building ${label}…\n`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    process.stderr.write(`npm start: building ${label} failed (see above).\n`);
    process.exit(result.status ?? 1);
  }
}

// 1. Build if missing or stale.
const nodeOutputs = ['dist/node/pagewise.cjs', 'dist/node/main.js', 'dist/node/engine-host.js', 'dist/node/preload.cjs', 'dist/node/pdf-worker.js'];
if (oldest(nodeOutputs) < newest(['electron', 'shared', 'scripts/build-node.mjs', 'package.json'])) {
  run('the engine, CLI and Electron shell', ['scripts/build-node.mjs']);
}
if (oldest(['dist/renderer/index.html']) < newest(['renderer', 'shared'])) {
  run('the interface', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}

// 2. Can Electron start here? (Without downloading anything: require('electron') would try.)
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, why: 'the electron package is not installed' };
  }
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return { path: null, why: 'the Electron binary is not installed (it could not be downloaded)' };
  const rel = readFileSync(pathTxt, 'utf8').trim();
  const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(pkgDir, 'dist', rel);
  if (!existsSync(bin)) return { path: null, why: `the Electron binary is missing (${bin})` };
  return { path: bin, why: null };
}

// better-sqlite3 must be built for Electron's ABI; the CLI and tests keep Node's build in node_modules.
// We keep a separate Electron build under node_modules/.cache and hand its path to the engine host.
function electronSqliteBinding() {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const cacheDir = join(root, 'node_modules', '.cache', 'pagewise-electron', electronVersion);
  const binding = join(cacheDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return { binding, why: null };
  const src = dirname(require.resolve('better-sqlite3/package.json'));
  process.stdout.write(`Building better-sqlite3 for Electron ${electronVersion} (once)…\n`);
  const copy = spawnSync('cp', ['-R', src, join(cacheDir, 'node_modules', 'better-sqlite3')], { stdio: 'ignore' });
  if (copy.status !== 0) {
    spawnSync('mkdir', ['-p', join(cacheDir, 'node_modules')]);
    spawnSync('cp', ['-R', src, join(cacheDir, 'node_modules', 'better-sqlite3')], { stdio: 'ignore' });
  }
  const rebuild = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'), '--version', electronVersion, '--module-dir', cacheDir, '--only', 'better-sqlite3', '--force'],
    { stdio: 'ignore', cwd: root },
  );
  if (rebuild.status !== 0 || !existsSync(binding)) return { binding: null, why: 'better-sqlite3 could not be rebuilt for Electron (no Electron headers offline?)' };
  return { binding, why: null };
}

function browserMode(reason) {
  process.stdout.write(`Electron cannot start here: ${reason}; starting browser mode instead.\n`);
  const child = spawn(process.execPath, [join(root, 'dist', 'node', 'pagewise.cjs'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (!electron.path) {
  browserMode(electron.why);
} else if (noDisplay) {
  browserMode('there is no display (DISPLAY / WAYLAND_DISPLAY unset)');
} else {
  const sqlite = electronSqliteBinding();
  if (!sqlite.binding) {
    browserMode(sqlite.why);
  } else {
    const child = spawn(electron.path, [root], {
      stdio: ['inherit', 'inherit', 'pipe'],
      cwd: root,
      env: { ...process.env, PAGEWISE_SQLITE_BINDING: sqlite.binding },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    let settled = false;
    // An Electron that dies at once (missing libraries, sandbox, GPU) falls back to browser mode.
    const timer = setTimeout(() => (settled = true), 5000);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('error', (error) => {
      clearTimeout(timer);
      if (!settled) browserMode(`Electron failed to launch (${error.message})`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!settled && code !== 0 && !signal) {
        const line = stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${code}`;
        browserMode(`Electron exited at once (${line.slice(0, 160)})`);
        return;
      }
      process.exit(code ?? 0);
    });
  }
}
