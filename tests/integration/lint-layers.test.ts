/**
 * The layer allow-lists in eslint.config.js (docs/ARCHITECTURE.md, "Rules of
 * the house"): a forbidden import fails the lint, an allowed one passes, a
 * file in a folder no layer covers fails, and every file in the repository
 * belongs to a layer. Runs the real ESLint with the real config.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// The config is plain JavaScript (no types): say what this test reads from it.
const { LAYERS } = (await import(pathToFileURL(path.join(ROOT, 'eslint.config.js')).href)) as { LAYERS: Array<{ files: string[] }> };
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'pagewise/layers').map((m) => m.message);
}

describe('layer allow-lists', () => {
  it.each([
    ['electron/core/analysis/x.ts', "import { app } from 'electron';"],
    ['electron/core/analysis/x.ts', "import React from 'react';"],
    ['electron/core/analysis/x.ts', "import { startServer } from '../../server';"],
    ['electron/core/analysis/x.ts', "import type { Command } from '../../cli/command';"],
    ['electron/core/analysis/x.ts', "export { EngineClient } from '../../main/engine-client';"],
    ['renderer/src/lib/x.ts', "import Database from 'better-sqlite3';"],
    ['renderer/src/lib/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['renderer/src/lib/x.ts', "import type { Engine } from '../../../electron/core/engine';"],
    ['shared/api/x.ts', "import { readFile } from 'node:fs';"],
    ['shared/api/x.ts', "import OpenAI from 'openai';"],
    ['electron/server/x.ts', "import { serveCommand } from '../cli/command-serve';"],
    ['electron/cli/x.ts', "import { app } from 'electron';"],
    ['electron/main/x.ts', "import { startServer } from '../server';"],
    ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';"],
    ['scripts/x.mjs', "import { createEngine } from '../electron/core/engine';"],
    ['bench/x.ts', "const m = await import('../renderer/src/App');"],
    ['shared/api/x.ts', "import * as z from 'zod';"],
    ['electron/core/analysis/x.ts', "import { z } from 'zod';"],
  ])('%s: %s fails', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([expect.stringMatching(/may not import/)]);
  });

  it.each([
    ['electron/core/analysis/x.ts', "import * as z from '../../../shared/api/zod';\nimport { api } from '../../../shared/api';\nimport { count } from '../tokens/count';\nimport { readFile } from 'node:fs/promises';"],
    ['renderer/src/lib/x.ts', "import { useState } from 'react';\nimport { api } from '../../../shared/api';\nimport * as pdfjs from 'pdfjs-dist/build/pdf.mjs';"],
    ['shared/api/x.ts', "import * as z from 'zod/mini';\nimport { DocIdSchema } from './op';"],
    ['electron/server/x.ts', "import { dispatch } from '../core/service';\nimport { createServer } from 'node:http';"],
    ['electron/cli/x.ts', "import { startServer } from '../server';"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { createEngine } from '../core/engine';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { IPC_CHANNEL } from '../../shared/api/channels';"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });

  it('fails a file in a folder no layer covers', async () => {
    expect(await layerErrors('tools/x.ts', 'export const x = 1;')).toEqual([expect.stringMatching(/No layer rule covers tools\/x\.ts/)]);
  });

  it('covers every source file in the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(?:ts|tsx|js|mjs|cjs)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const uncovered = files.filter(
      (f) => !LAYERS.some((layer) => layer.files.some((prefix) => (prefix.endsWith('/') ? f.startsWith(prefix) : f === prefix))),
    );
    expect(uncovered).toEqual([]);
  });
});
