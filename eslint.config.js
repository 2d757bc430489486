// Layers are folders, and every folder has an allow-list of what it may import
// (docs/ARCHITECTURE.md, "Rules of the house"; VS Code's layer rule is the model).
// The `pagewise/layers` rule below resolves each import (relative paths to the
// folder they land in, bare names to their package) and checks it against the
// first layer whose files match; a file no layer covers is itself an error.
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
const NODE = 'node:*';

/** Packages each kind of code may use. */
// zod is not among them: every schema is written with shared/api/zod.ts (zod/mini, configured once).
const ENGINE_PACKAGES = ['better-sqlite3', 'openai', 'openai/*', 'js-tiktoken/*', 'pdfjs-dist/*', 'docx', 'exceljs', 'tesseract.js', '@napi-rs/canvas'];
const TEST_KIT = ['tests/fixtures/', 'tests/fake-openai/', 'vitest', 'pdf-lib'];

/**
 * First match wins. `files`: path prefixes (a trailing '/') or exact files, from
 * the repository root; `test: true` matches only *.test.ts(x) beside the code.
 * `allow`: path prefixes/files inside the repository, package names
 * ('pkg' exactly, 'pkg/*' any subpath), or 'node:*' for Node's built-ins.
 */
export const LAYERS = [
  { name: 'shared tests', files: ['shared/'], test: true, allow: ['shared/', 'zod/mini', 'vitest'], why: 'a unit test sees its layer and vitest.' },
  { name: 'shared', files: ['shared/'], allow: ['shared/', 'zod/mini', 'zod/v4/locales/en.js'], why: 'shared/ may only import itself and zod/mini (shared/api/zod.ts: never the classic API, whose classes cost a CLI start ~4 ms).' },
  { name: 'core tests', files: ['electron/core/'], test: true, allow: ['electron/core/', 'shared/', 'package.json', NODE, ...ENGINE_PACKAGES, 'gpt-tokenizer/*', ...TEST_KIT], why: 'a unit test sees its layer and the test kit.' },
  { name: 'core', files: ['electron/core/'], allow: ['electron/core/', 'shared/', 'package.json', NODE, ...ENGINE_PACKAGES], why: 'electron/core runs in plain Node: no electron, React, server, CLI or main.' },
  { name: 'server tests', files: ['electron/server/'], test: true, allow: ['electron/server/', 'electron/core/', 'shared/', NODE, ...TEST_KIT], why: 'a unit test sees its layer and the test kit.' },
  { name: 'server', files: ['electron/server/'], allow: ['electron/server/', 'electron/core/', 'shared/', NODE], why: 'the HTTP adapter sees the engine and the contract, not the CLI or Electron.' },
  { name: 'cli tests', files: ['electron/cli/'], test: true, allow: ['electron/cli/', 'electron/core/', 'shared/', NODE, ...TEST_KIT], why: 'a unit test sees its layer and the test kit.' },
  { name: 'cli', files: ['electron/cli/'], allow: ['electron/cli/', 'electron/core/', 'electron/server/', 'shared/', 'package.json', NODE], why: 'the CLI sees the engine, the browser-mode server and the contract, not Electron.' },
  { name: 'main tests', files: ['electron/main/'], test: true, allow: ['electron/main/', 'shared/', NODE, 'vitest'], why: 'a unit test sees its layer and vitest (never electron itself: it cannot launch here).' },
  { name: 'main', files: ['electron/main/'], allow: ['electron/main/', 'electron/core/', 'shared/', NODE, 'electron'], why: 'Electron main sees the engine (run in its utility process) and the contract.' },
  { name: 'preload', files: ['electron/preload/'], allow: ['shared/api/channels', 'shared/api/index', 'shared/api', 'shared/api/document-id', 'electron'], why: 'the sandboxed preload exposes the API client: electron and the contract only.' },
  { name: 'renderer build', files: ['renderer/vite.config.ts'], allow: [NODE, 'vite', '@vitejs/plugin-react'], why: 'the Vite config builds the renderer.' },
  { name: 'renderer tests', files: ['renderer/'], test: true, allow: ['renderer/', 'shared/', 'react', 'react-dom/*', 'vitest'], why: 'a unit test sees its layer and vitest.' },
  { name: 'renderer', files: ['renderer/'], allow: ['renderer/', 'shared/', 'react', 'react-dom/*', 'pdfjs-dist', 'pdfjs-dist/*'], why: 'the renderer talks only to the API client: no node:*, better-sqlite3, electron or core.' },
  { name: 'bench', files: ['bench/'], allow: ['bench/', 'electron/core/', 'electron/cli/', 'shared/', 'tests/fixtures/', 'tests/fake-openai/', NODE, ...ENGINE_PACKAGES, 'gpt-tokenizer/*'], why: 'benches drive the engine and the CLI with the test kit.' },
  { name: 'scripts', files: ['scripts/'], allow: ['scripts/', NODE, 'esbuild'], why: 'build and start scripts use Node and esbuild.' },
  { name: 'tests', files: ['tests/'], allow: ['tests/', 'electron/', 'shared/', NODE, ...ENGINE_PACKAGES, 'vitest', '@playwright/test', 'pdf-lib', '@pdf-lib/fontkit', 'esbuild', 'gpt-tokenizer/*', 'eslint'], why: 'tests drive every layer, never the renderer\'s modules (they go through the browser).' },
  { name: 'root config', files: ['eslint.config.js', 'playwright.config.ts', 'vitest.config.ts'], allow: [NODE, '@eslint/js', 'typescript-eslint', '@playwright/test', 'vitest/*'], why: 'tool configuration.' },
];

const BUILTINS = new Set(builtinModules);
const TEST_FILE = /\.test\.(?:ts|tsx|js|mjs)$/;

function layerOf(relativeFile) {
  const isTest = TEST_FILE.test(relativeFile);
  return LAYERS.find((layer) => (layer.test ? isTest : true) && layer.files.some((f) => (f.endsWith('/') ? relativeFile.startsWith(f) : relativeFile === f))) ?? null;
}

/** 'shared/api/index.ts' or a package name ('pdfjs-dist/build/pdf.mjs') or 'node:fs'. */
function targetOf(specifier, relativeFile) {
  const bare = specifier.replace(/\?.*$/, '');
  if (bare.startsWith('.')) return { kind: 'file', path: path.posix.normalize(path.posix.join(path.posix.dirname(relativeFile), bare)) };
  if (bare.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(bare.split('/')[0])) return { kind: 'node', path: bare };
  return { kind: 'package', path: bare };
}

function allowed(layer, target) {
  return layer.allow.some((entry) => {
    if (target.kind === 'node') return entry === NODE;
    if (target.kind === 'file') {
      if (entry.endsWith('/')) return `${target.path}/`.startsWith(entry);
      return target.path === entry || target.path.replace(/\.(?:ts|tsx|js|mjs)$/, '') === entry;
    }
    if (entry.endsWith('/*')) return target.path.startsWith(entry.slice(0, -1)) || target.path === entry.slice(0, -2);
    return target.path === entry;
  });
}

const layersRule = {
  meta: { type: 'problem', schema: [], docs: { description: 'each folder imports only what its layer allows; every file is in a layer' } },
  create(context) {
    const relativeFile = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const layer = layerOf(relativeFile);
    const check = (node, source) => {
      if (!layer || !source || typeof source.value !== 'string') return;
      const target = targetOf(source.value, relativeFile);
      if (!allowed(layer, target)) {
        context.report({ node, message: `${layer.name} may not import "${source.value}": ${layer.why} (allow-lists in eslint.config.js)` });
      }
    };
    return {
      Program(node) {
        if (!layer) context.report({ node, message: `No layer rule covers ${relativeFile}: add its folder to LAYERS in eslint.config.js.` });
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'tests/.tmp/**', 'bench/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', window: 'readonly',
        document: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { pagewise: { rules: { layers: layersRule } } },
    rules: { 'pagewise/layers': 'error' },
  },
);
