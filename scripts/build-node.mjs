// Builds everything that runs in Node (CLI, server, Electron main + preload,
// engine host, pdf worker, bench) into flat dist/node/, so that bundles can
// find their sibling worker with new URL('./pdf-worker.js', import.meta.url).
//
// The ESM entries share code through chunks (splitting): a dynamic import()
// stays a real, lazy import of a chunk. The CLI and pdf.js are CommonJS files
// instead (see commonJs below): they load with V8's code cache.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT = 'dist/node';
const entries = {
  main: 'electron/main/index.ts',
  'engine-host': 'electron/main/engine-host.ts',
  bench: 'bench/run.ts',
  // The fake OpenAI-compatible server, for e2e tests and offline demos.
  'fake-openai': 'tests/fake-openai/main.ts',
};
const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

/**
 * npm packages stay external (node_modules is shipped), except those named in `bundled` (zod everywhere):
 * zod is bundled with only its English messages. zod's locales index pulls in ~40 languages (half its
 * code) that every process would load and compile at start for nothing: we never call z.config with
 * another locale.
 */
function packagesExternal(bundled) {
  return {
    name: 'packages-external',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if (bundled.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
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
}
const zodEnglishOnly = packagesExternal(['zod']);

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

/**
 * CommonJS bundles that electron/core/runtime/code-cache.ts loads with V8's code cache (Node 20 can
 * give one only to a script it compiles through vm.Script, not to ES modules). import.meta.url (where
 * the bundle is: the pdf worker, the rank table, the renderer) becomes the bundle's own file URL, made
 * on first use, and import.meta.dirname its __dirname; the import()s that stay (packages) become
 * require()s, because V8 forgets the import callback of code it read from a cache; the last line
 * names the build (a hash of the file), which keys the cache.
 */
const commonJs = {
  format: 'cjs',
  supported: { 'dynamic-import': false },
  // import.meta.url is made on first use (node:url and the URL cost ~0.4 ms of a start that never needs it)
  define: { 'import.meta.url': '__pagewise_bundle.url', 'import.meta.dirname': '__dirname' },
  // (after "use strict": a banner line above the directive would turn strict mode off)
  banner: { js: '"use strict"; var __pagewise_bundle = { get url() { return (this.href ??= require("node:url").pathToFileURL(__filename).href); } };' },
};
/**
 * Every character beyond ASCII written as a \\u escape (esbuild leaves them in regular expressions and
 * comments): the loader then reads the bundle as one-byte text, skipping a UTF-8 decode of a megabyte
 * on every start (~3 ms), and V8 keeps half the memory for it. The same meaning in strings, templates,
 * regular expressions and identifiers, and comments do not care. A String.raw template keeps the escape
 * as text: ours (shared/text/citations.ts) only feed new RegExp, which reads it as the character.
 */
function asciiOnly(text) {
  return text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** Builds one of our TypeScript modules to a temporary ES module and imports it (what the build needs of ours). */
async function importBuilt(entry) {
  const file = `${OUT}/.build-${entry.replace(/\W+/g, '-')}.mjs`;
  await build({ ...common, sourcemap: false, entryPoints: [entry], outfile: file, format: 'esm' });
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The CommonJS wrapper written into the bundle (electron/core/runtime/code-cache.ts, WRAPPER_HEAD and
 * WRAPPER_CALL): the loader compiles the file's text up to the call as it is, and require() runs the
 * file with the wrapper's own arguments.
 */
const { WRAPPER_HEAD, WRAPPER_CALL } = await importBuilt('electron/core/runtime/code-cache.ts');
function stampBuildId(file) {
  const bundle = asciiOnly(readFileSync(file, 'utf8'));
  const text = `${WRAPPER_HEAD}${bundle}${bundle.endsWith('\n') ? '' : '\n'}${WRAPPER_CALL.slice(1)}\n`;
  writeFileSync(file, `${text}// pagewise-build-id ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n`);
}

/**
 * The light bundle's cut: the command modules, contract areas (schemas and handlers) and lazily imported modules
 * that LIGHT_BUNDLE does not hold become a module that throws INTERNAL naming what is missing.
 */
function leaveOut(light) {
  const importerIs = (args, file) => args.importer.replaceAll('\\', '/').endsWith(file);
  const stub = (args) => ({ path: `${args.path} (from ${relative(process.cwd(), args.importer).replaceAll('\\', '/')})`, namespace: 'left-out' });
  return {
    name: 'leave-out',
    setup(builder) {
      builder.onResolve({ filter: /^\.\/command-[a-z-]+$/ }, (args) =>
        importerIs(args, 'electron/cli/pagewise.ts') && !light.commandModules.includes(args.path.slice('./command-'.length)) ? stub(args) : undefined,
      );
      builder.onResolve({ filter: /^\.\/[a-z]+\/handlers$/ }, (args) =>
        importerIs(args, 'electron/core/service.ts') && !light.areas.includes(args.path.split('/')[1]) ? stub(args) : undefined,
      );
      builder.onResolve({ filter: /^\.\/[a-z]+$/ }, (args) =>
        importerIs(args, 'shared/api/areas.ts') && !light.areas.includes(args.path.slice(2)) ? stub(args) : undefined,
      );
      builder.onResolve({ filter: /^\.\.?\// }, (args) => (light.leftOut.includes(args.path) ? stub(args) : undefined));
      builder.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
        contents: `const error = new Error(${JSON.stringify(`This command reached code the light CLI bundle leaves out (${args.path}): a Pagewise bug, please report it.`)});
error.code = 'INTERNAL';
throw error;
`,
        loader: 'js',
      }));
    },
  };
}

// The CLI: dist/node/pagewise-cli.cjs, one file. Its import()s of our own modules stay lazy (esbuild
// runs such a module on its first import), so a command still runs only the code it uses.
// dist/node/pagewise.cjs (the `pagewise` bin) is the small launcher that loads it with the cache; CommonJS
// too, because an ES module entry starts Node's ESM loader, which costs more than the launcher's work.
// dist/node/pagewise-cli-light.cjs is the same program without what its read commands never reach
// (electron/cli/bundles.ts): the launcher runs those commands from it.
if (existsSync('electron/cli/pagewise.ts')) {
  const cli = {
    ...common,
    ...commonJs,
    // better-sqlite3's JavaScript is bundled too: its dozen files otherwise compile on every run (~4 ms);
    // its addon is named outright (electron/core/store/connection.ts).
    plugins: [packagesExternal(['zod', 'better-sqlite3'])],
    entryPoints: ['electron/cli/pagewise.ts'],
    external: ['electron'],
  };
  await build({ ...cli, outfile: `${OUT}/pagewise-cli.cjs` });
  stampBuildId(`${OUT}/pagewise-cli.cjs`);
  const { LIGHT_BUNDLE: light } = await importBuilt('electron/cli/bundles.ts');
  await build({ ...cli, plugins: [leaveOut(light), ...cli.plugins], outfile: `${OUT}/${light.file}` });
  stampBuildId(`${OUT}/${light.file}`);
  // The launcher has no import.meta.url (the banner's file URL costs ~0.4 ms of every start): a use of it fails the build.
  await build({
    ...common,
    ...commonJs,
    banner: { js: '"use strict";' },
    define: { 'import.meta.dirname': '__dirname' },
    logOverride: { 'empty-import-meta': 'error' },
    entryPoints: { pagewise: 'electron/cli/launch.ts' },
    outfile: `${OUT}/pagewise.cjs`,
  });
}

// pdf.js (its API and its "worker", which runs in the same thread) as one CommonJS file,
// dist/node/pdfjs.cjs: every process that parses a PDF compiled its 1.8 MB again (electron/core/pdf/document.ts).
await build({
  ...common,
  ...commonJs,
  plugins: [],
  sourcemap: false,
  minifyWhitespace: true,
  stdin: {
    contents:
      "export * as pdfjs from 'pdfjs-dist/legacy/build/pdf.min.mjs';\nexport * as worker from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';\n",
    resolveDir: process.cwd(),
    sourcefile: 'pdfjs-bundle.mjs',
  },
  outfile: `${OUT}/pdfjs.cjs`,
});
stampBuildId(`${OUT}/pdfjs.cjs`);

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
const { rankFileFromTiktoken, RANK_FILE_NAME } = await importBuilt('electron/core/tokens/encoder.ts');
writeFileSync(`${OUT}/${RANK_FILE_NAME}`, rankFileFromTiktoken());

if (existsSync(`${OUT}/pagewise.cjs`)) chmodSync(`${OUT}/pagewise.cjs`, 0o755);
// the launcher of earlier builds (an ES module): gone, so nothing runs a stale one
rmSync(`${OUT}/pagewise.js`, { force: true });
rmSync(`${OUT}/pagewise.js.map`, { force: true });
