/**
 * What a command loads decides how long it takes to start (README, "Start-up"): `--version` and
 * `list` must not load the model SDK, DOCX or XLSX writers, pdf.js or OCR. A stray static import (the
 * settings summary once pulled in the openai SDK) makes every run slower without failing anything
 * else, so this runs the built CLI and records the packages it requires.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, cliEnvironment } from './cli-helpers';

const HEAVY = ['openai', 'docx', 'exceljs', 'pdfjs-dist', 'tesseract.js', '@napi-rs/canvas', 'js-tiktoken'];

function packagesLoaded(args: string[]): string[] {
  const environment = cliEnvironment();
  const record = join(environment.dir, 'requires.txt');
  const run = spawnSync(process.execPath, ['--import', resolve('tests/fixtures/record-requires.mjs'), CLI, ...args], {
    env: { ...environment.env, RECORD_REQUIRES: record },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return existsSync(record) ? [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))] : [];
}

it('--version and list load none of the heavy packages', () => {
  expect(packagesLoaded(['--version']).filter((name) => HEAVY.some((heavy) => name.startsWith(heavy)))).toEqual([]);
  const list = packagesLoaded(['list']);
  expect(list).toContain('better-sqlite3'); // the recorder sees what list does load
  expect(list.filter((name) => HEAVY.some((heavy) => name.startsWith(heavy)))).toEqual([]);
});

it('list loads neither node:module (and the ES module loader with it) nor node:os', () => {
  const environment = cliEnvironment();
  const record = join(environment.dir, 'builtins.txt');
  const run = spawnSync(process.execPath, ['--require', resolve('tests/fixtures/record-builtins.cjs'), CLI, 'list'], {
    env: { ...environment.env, RECORD_BUILTINS: record },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const builtins = readFileSync(record, 'utf8').split('\n');
  expect(builtins).toContain('NativeModule fs'); // the record is of this run
  expect(builtins.filter((name) => /^NativeModule (module|os|internal\/modules\/esm\/loader)$/.test(name))).toEqual([]);
});
