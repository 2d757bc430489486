// Builds everything that runs in Node (CLI, server, Electron main + preload,
// engine host, pdf worker, bench) into flat dist/node/, so that bundles can
// find their sibling worker with new URL('./pdf-worker.js', import.meta.url).
//
// The entries share code through ESM chunks (splitting): a dynamic import()
// stays a real, lazy import of a chunk, so `pagewise --version` loads the
// entry and not the engine, and a command loads only what it uses.
import { build } from 'esbuild';
import { existsSync, chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const OUT = 'dist/node';
const entries = {
  pagewise: 'electron/cli/pagewise.ts',
  main: 'electron/main/index.ts',
  'engine-host': 'electron/main/engine-host.ts',
  bench: 'bench/run.ts',
  // The fake OpenAI-compatible server, for e2e tests and offline demos.
  'fake-openai': 'tests/fake-openai/main.ts',
};
const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

/**
 * npm packages stay external (node_modules is shipped), except zod: bundled, with only its English
 * messages. zod's locales index pulls in ~40 languages (half its code) that every process would
 * load and compile at start for nothing: we never call z.config with another locale.
 */
const zodEnglishOnly = {
  name: 'packages-external-zod-bundled',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === 'zod' || args.path.startsWith('zod/')) return undefined;
      return { path: args.path, external: true };
    });
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-locales-en' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales-en' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [zodEnglishOnly],
  sourcemap: 'linked',
  logLevel: 'warning',
};

// Chunks of an earlier build would pile up (their names carry a hash).
if (existsSync(OUT)) for (const name of readdirSync(OUT)) if (name.startsWith('chunk-')) rmSync(`${OUT}/${name}`);

await build({
  ...common,
  entryPoints: present,
  outdir: OUT,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  // Electron and the CLI need no shims: everything is ESM with import.meta.url.
  external: ['electron'],
});

// The pdf worker is one self-contained file: it runs unpacked from the asar (electron-builder.yml),
// where the shared chunks are not.
await build({
  ...common,
  entryPoints: { 'pdf-worker': 'electron/core/pdf/worker.ts' },
  outdir: OUT,
  format: 'esm',
});

// A sandboxed preload must be a single CommonJS file with only 'electron' external.
if (existsSync('electron/preload/index.ts')) {
  await build({
    ...common,
    plugins: [],
    entryPoints: { preload: 'electron/preload/index.ts' },
    outfile: `${OUT}/preload.cjs`,
    format: 'cjs',
    external: ['electron'],
  });
}

// The tokenizer's rank table in the form that loads in one read (electron/core/tokens/rank-file.ts),
// written by the encoder's own code from js-tiktoken's table.
const generator = `${OUT}/.rank-file-generator.mjs`;
await build({ ...common, sourcemap: false, entryPoints: ['electron/core/tokens/encoder.ts'], outfile: generator, format: 'esm' });
try {
  const { rankFileFromTiktoken, RANK_FILE_NAME } = await import(pathToFileURL(generator).href);
  writeFileSync(`${OUT}/${RANK_FILE_NAME}`, rankFileFromTiktoken());
} finally {
  rmSync(generator, { force: true });
}

if (existsSync(`${OUT}/pagewise.js`)) chmodSync(`${OUT}/pagewise.js`, 0o755);
