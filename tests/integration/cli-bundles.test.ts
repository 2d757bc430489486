/**
 * The CLI's two bundles (electron/cli/bundles.ts): read commands run from the light one, which leaves
 * out the model client, PDF parsing, OCR, planning, extraction and export. A light command that reached
 * left-out code would fail, so each one runs here, through the built `pagewise`, on a library holding a
 * document, a collection and a stored answer; the code cache's folders (one per bundle build) show which
 * bundle ran each command.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFor, FULL_BUNDLE_FILE, LIGHT_BUNDLE } from '../../electron/cli/bundles';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, runCli, type CliEnvironment } from './cli-helpers';

const DIST = resolve('dist/node');

/** The build id a bundle's last line names (it names the bundle's cache folder). */
function buildId(file: string): string {
  const id = /\/\/ pagewise-build-id ([0-9a-f]+)\s*$/.exec(readFileSync(join(DIST, file), 'latin1').slice(-120))?.[1];
  if (!id) throw new Error(`${file} names no build id`);
  return id;
}

/** The commands whose code cache is in the folder of this bundle's build. */
function commandsCachedFor(base: string, file: string): string[] {
  const folder = readdirSync(base).find((name) => name.startsWith(`${buildId(file)}-v8-`));
  return folder ? readdirSync(join(base, folder)).map((name) => name.replace(/\.bin$/, '')).sort() : [];
}

async function ok(environment: CliEnvironment, args: string[]): Promise<string> {
  const run = await runCli(environment, args);
  expect(run.stderr, `pagewise ${args.join(' ')}`).toBe('');
  expect(run.code, `pagewise ${args.join(' ')}`).toBe(0);
  return run.stdout;
}

describe('the light CLI bundle', () => {
  let environment: CliEnvironment;
  let base: string;
  let answerId: string;

  beforeAll(async () => {
    const probe = cliEnvironment();
    base = join(probe.dir, 'code-cache');
    environment = { ...probe, env: { ...probe.env, PAGEWISE_CACHE_DIR: base } };
    const contract = writeTempFixture('cli-bundles-contract.pdf', await makeContractPdf());
    await ok(environment, ['ingest', contract]);
    const asked = JSON.parse(await ok(environment, ['ask', 'contract', 'What is the termination notice period?', '--json'])) as { id: string };
    answerId = asked.id;
  });

  it('runs every read command, each from the light bundle', async () => {
    expect(await ok(environment, ['list'])).toMatch(/lease/i);
    expect(await ok(environment, ['search', 'termination', '--all'])).toMatch(/termination/i);
    expect(await ok(environment, ['rename', 'contract', 'Supply agreement'])).toContain('Supply agreement');
    expect(await ok(environment, ['collection', 'create', 'deals', 'Supply agreement'])).toContain('deals');
    expect(await ok(environment, ['collection', 'show', 'deals'])).toContain('Supply agreement');
    expect(await ok(environment, ['history'])).toContain('termination notice');
    expect(await ok(environment, ['show', answerId.slice(0, 8)])).toContain('What is the termination notice period?');
    expect(await ok(environment, ['info', 'Supply agreement'])).toMatch(/pages/i);

    expect(commandsCachedFor(base, LIGHT_BUNDLE.file)).toEqual(['collection', 'history', 'list', 'rename', 'search', 'show']);
    // info needs the planner (its fit in the model window), ingest and ask the rest: the full bundle
    expect(commandsCachedFor(base, FULL_BUNDLE_FILE)).toEqual(['ask', 'info', 'ingest']);
  });

  it('holds none of the heavy packages, and says so if a command ever reaches what it left out', () => {
    const light = readFileSync(join(DIST, LIGHT_BUNDLE.file), 'latin1');
    const full = readFileSync(join(DIST, FULL_BUNDLE_FILE), 'latin1');
    for (const heavy of ['openai', 'docx', 'exceljs', 'tesseract.js']) {
      expect(full, heavy).toContain(`require("${heavy}`);
      expect(light, heavy).not.toContain(`require("${heavy}`);
    }
    // pdf.js is a bundle of its own, which the PDF code loads by name
    expect(full).toContain('pdfjs.cjs');
    expect(light).not.toContain('pdfjs.cjs');
    expect(light).toContain('This command reached code the light CLI bundle leaves out (../analysis (from electron/core/library/handlers.ts))');
    expect(light.length).toBeLessThan(full.length * 0.6);
  });

  it('is chosen by command name only', () => {
    for (const command of LIGHT_BUNDLE.commands) expect(bundleFor(command)).toBe(LIGHT_BUNDLE.file);
    for (const command of ['ingest', 'info', 'ask', 'remove', 'text', 'template', 'serve', '--help', 'nonsense', undefined]) {
      expect(bundleFor(command)).toBe(FULL_BUNDLE_FILE);
    }
    expect(existsSync(join(DIST, LIGHT_BUNDLE.file))).toBe(true);
  });
});
