// Builds everything that runs in Node (CLI, server, Electron main + preload,
// engine host, pdf worker, bench) into flat dist/node/, so that bundles can
// find their sibling worker with new URL('./pdf-worker.js', import.meta.url).
import { build } from 'esbuild';
import { existsSync, chmodSync } from 'node:fs';

const entries = {
  pagewise: 'electron/cli/pagewise.ts',
  'pdf-worker': 'electron/core/pdf/worker.ts',
  main: 'electron/main/index.ts',
  'engine-host': 'electron/main/engine-host.ts',
  bench: 'bench/run.ts',
  // The fake OpenAI-compatible server, for e2e tests and offline demos.
  'fake-openai': 'tests/fake-openai/main.ts',
};
const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: present,
  outdir: 'dist/node',
  format: 'esm',
  // Electron and the CLI need no shims: everything is ESM with import.meta.url.
  external: ['electron'],
});

// A sandboxed preload must be a single CommonJS file with only 'electron' external.
if (existsSync('electron/preload/index.ts')) {
  await build({
    ...common,
    packages: undefined,
    entryPoints: { preload: 'electron/preload/index.ts' },
    outfile: 'dist/node/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  });
}

if (existsSync('dist/node/pagewise.js')) chmodSync('dist/node/pagewise.js', 0o755);
