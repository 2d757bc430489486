// Layers are folders; each may only import what its layer is allowed to see
// (ARCHITECTURE.md "Rules of the house" 2 and the VS Code model).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

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
    files: ['electron/core/**'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'electron/core runs in plain Node: it must not import electron.' },
      { group: ['react', 'react-dom', 'react/*'], message: 'The engine knows no UI.' },
      { group: ['**/server/**', '**/cli/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'core may not import an outer layer.' },
    ]),
  },
  {
    files: ['renderer/**'],
    rules: restrict([
      { group: ['better-sqlite3', 'node:*', 'electron', 'openai'], message: 'The renderer talks only to the API client.' },
      { group: ['**/electron/**'], message: 'The renderer may not import the engine or the shell.' },
    ]),
  },
  {
    files: ['shared/**'],
    rules: restrict([
      // regex, not gitignore globs: '*' with '!./*' rejected every relative import.
      { regex: '^(?!zod$|\\./|\\.\\./(?!\\.\\./))', message: 'shared/ may only import zod and itself.' },
    ]),
  },
);
