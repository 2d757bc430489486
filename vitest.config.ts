import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'tests/**/*.test.ts', 'renderer/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn CLI processes and worker pools; two cores, so keep the file-level parallelism modest.
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
  },
});
