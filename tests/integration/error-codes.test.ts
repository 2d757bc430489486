/**
 * Error codes are part of the contract (docs/ARCHITECTURE.md, "Errors"): every
 * code a transport, the engine or a client puts on an error is one of
 * ERROR_CODES. TypeScript checks the typed constructors; this also catches the
 * plain `{ code: '...' }` objects the preload and main throw across the bridge.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ErrorShapeSchema } from '../../shared/api';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const CODE_SITES = [
  /(?:PagewiseError|ApiError)\(\s*'([A-Z_]+)'/g,
  /\bcode: '([A-Z_]+)'/g,
  /\b(?:fail|sendError)\((?:response, \d+, )?'([A-Z_]+)'/g,
];

describe('error codes', () => {
  it('every code written in electron/, shared/ and renderer/src/api is declared in the contract', () => {
    const known = new Set<string>(ERROR_CODES);
    const unknown: string[] = [];
    let sites = 0;
    for (const file of [...sources('electron'), ...sources('shared'), ...sources('renderer/src/api')]) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of CODE_SITES) {
        for (const match of text.matchAll(pattern)) {
          sites += 1;
          if (!known.has(match[1]!)) unknown.push(`${path.relative(ROOT, file)}: ${match[1]}`);
        }
      }
    }
    expect(sites).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
  });

  it('the wire shape refuses a code outside the list', () => {
    expect(ErrorShapeSchema.safeParse({ type: 'PagewiseError', code: 'DOC_NOT_FOUND', message: 'x' }).success).toBe(true);
    expect(ErrorShapeSchema.safeParse({ type: 'PagewiseError', code: 'ENGINE_GONE', message: 'x' }).success).toBe(false);
  });
});
