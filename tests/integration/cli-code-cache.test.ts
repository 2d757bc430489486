/**
 * The CLI's code cache (electron/core/runtime/code-cache.ts) as a user meets it: the built
 * `pagewise` in child processes, with the cache in a folder of the test's own. A run writes the
 * cache of its command; the next run reads it and does the same (an ingest too, whose pdf.js comes
 * from a cache of its own); a damaged or unusable cache, or none at all, changes nothing a user sees.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WRAPPER_CALL, WRAPPER_HEAD } from '../../electron/core/runtime/code-cache';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, runCli, type CliEnvironment } from './cli-helpers';

let contract = '';

beforeAll(async () => {
  contract = writeTempFixture('cli-code-cache-contract.pdf', await makeContractPdf());
});

/** The cache files under `base`, by build folder: { '<id>-v8-<version>': ['list.bin', ...] }. */
function cacheFiles(base: string): Record<string, string[]> {
  if (!existsSync(base)) return {};
  const out: Record<string, string[]> = {};
  for (const folder of readdirSync(base)) out[folder] = readdirSync(join(base, folder)).sort();
  return out;
}

function slotFile(base: string, slot: string): string {
  const folder = readdirSync(base).find((name) => existsSync(join(base, name, `${slot}.bin`)));
  if (!folder) throw new Error(`no ${slot}.bin under ${base}: ${JSON.stringify(cacheFiles(base))}`);
  return join(base, folder, `${slot}.bin`);
}

function environmentWithCache(): { environment: CliEnvironment; base: string } {
  const probe = cliEnvironment();
  const base = join(probe.dir, 'code-cache');
  return { environment: { ...probe, env: { ...probe.env, PAGEWISE_CACHE_DIR: base } }, base };
}

async function ingestJson(environment: CliEnvironment): Promise<{ pages: number; tokens: number; title: string }> {
  const run = await runCli(environment, ['ingest', contract, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { pages: number; tokens: number; title: string };
}

describe('the code cache', () => {
  it('is written by a first run and read by the next, which answers the same', async () => {
    const { environment, base } = environmentWithCache();
    const first = await ingestJson(environment);
    expect(first.pages).toBe(6);
    const ingestCache = slotFile(base, 'ingest');
    const pdfjsCache = slotFile(base, 'pdfjs');
    const written = statSync(ingestCache).mtimeMs;

    const list1 = await runCli(environment, ['list']);
    expect(list1.code).toBe(0);
    const listCache = slotFile(base, 'list');
    const listWritten = statSync(listCache).mtimeMs;
    const list2 = await runCli(environment, ['list']);
    expect(list2.stdout).toBe(list1.stdout);
    expect(list2.stderr).toBe('');
    // a run that read the cache leaves it as it was
    expect(statSync(listCache).mtimeMs).toBe(listWritten);

    // an ingest from the cache (CLI and pdf.js both): same pages, tokens and title
    const again = await ingestJson({ ...environment, env: { ...environment.env, PAGEWISE_DB: join(environment.dir, 'second.db') } });
    expect(again).toMatchObject({ pages: first.pages, tokens: first.tokens, title: first.title });
    expect(statSync(ingestCache).mtimeMs).toBe(written);
    expect(existsSync(pdfjsCache)).toBe(true);
  });

  it('compiles bundles the build wrapped as they are (require() runs them too: see the cache turned off below)', () => {
    for (const bundle of ['pagewise-cli.cjs', 'pagewise-cli-light.cjs', 'pdfjs.cjs']) {
      const text = readFileSync(join('dist', 'node', bundle), 'latin1');
      expect(text.startsWith(WRAPPER_HEAD), bundle).toBe(true);
      expect(text.slice(-200), bundle).toContain(`${WRAPPER_CALL}\n// pagewise-build-id `);
    }
  });

  it('replaces a damaged cache file, and the run does not notice', async () => {
    const { environment, base } = environmentWithCache();
    const first = await runCli(environment, ['list']);
    const listCache = slotFile(base, 'list');
    writeFileSync(listCache, 'not a V8 code cache');
    const damaged = await runCli(environment, ['list']);
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe(first.stdout);
    expect(readFileSync(listCache, 'utf8')).not.toBe('not a V8 code cache');
  });

  it('runs the same without a usable cache folder, or with the cache turned off', async () => {
    const blocked = cliEnvironment();
    const notAFolder = join(blocked.dir, 'a-file');
    writeFileSync(notAFolder, 'x');
    // the cache folder would have to be inside a file: nothing can be written
    const noRoom: CliEnvironment = { ...blocked, env: { ...blocked.env, PAGEWISE_CACHE_DIR: join(notAFolder, 'cache') } };
    expect((await ingestJson(noRoom)).pages).toBe(6);
    const list = await runCli(noRoom, ['list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    expect(list.stdout).toContain('Commercial Lease Agreement');

    const { environment, base } = environmentWithCache();
    const off: CliEnvironment = { ...environment, env: { ...environment.env, PAGEWISE_NO_CODE_CACHE: '1' } };
    expect((await ingestJson(off)).pages).toBe(6);
    expect(cacheFiles(base)).toEqual({});
  });

  it("keeps the caches of a few builds and never touches folders that are not its own", async () => {
    const { environment, base } = environmentWithCache();
    mkdirSync(join(base, 'my-notes'), { recursive: true });
    // 16 old bundle builds (a build of the app makes three: code-cache.ts keeps twelve)
    for (let i = 0; i < 16; i++) mkdirSync(join(base, `${i.toString(16).repeat(16)}-v8-old`), { recursive: true });
    const run = await runCli(environment, ['list']);
    expect(run.code).toBe(0);
    const folders = readdirSync(base);
    expect(folders).toContain('my-notes');
    expect(folders.filter((name) => name.endsWith('-v8-old')).length).toBe(11);
    expect(folders.filter((name) => /-v8-/.test(name)).length).toBe(12);
    expect(slotFile(base, 'list')).toBeTruthy();
  });
});
