/**
 * The desktop app runs the engine in an Electron utilityProcess, where
 * process.type is 'utility' and pdf.js would take its browser paths
 * ("DOMMatrix is not defined"). Electron cannot launch here, so this runs the
 * built CLI in Node dressed up as that process and checks ingest still works.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';

it('ingests a PDF inside an Electron utility process', async () => {
  const pdf = writeTempFixture('utility-contract.pdf', await makeContractPdf());
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-utility-'));
  const run = spawnSync(
    process.execPath,
    ['--import', resolve('tests/fixtures/pretend-electron-utility.mjs'), resolve('dist/node/pagewise.cjs'), 'ingest', pdf, '--json'],
    { env: { ...process.env, PAGEWISE_DB: join(dir, 'library.db') }, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ pages: 6, failedPages: [] });
});
