/**
 * A page of absurdly much text through the real `pagewise` CLI, as a user runs it: the ingest ends,
 * says which page was cut and to what, and the document is in the library. (A process with nothing
 * else to do once exited 0 in the middle of closing such a document: no output, nothing stored.)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeLongLinePdf } from '../fixtures/make-hostile-fixtures';
import { cliEnvironment, runCli, type CliEnvironment } from './cli-helpers';

let environment: CliEnvironment;
let pdf: string;

beforeAll(async () => {
  environment = cliEnvironment();
  pdf = join(environment.dir, 'one-long-line.pdf');
  writeFileSync(pdf, await makeLongLinePdf(2_000_000));
});

afterAll(() => rmSync(environment.dir, { recursive: true, force: true }));

it('ingests a page of 2 MB of text without a space: it ends, says the page was cut, and the document is listed', async () => {
  const ingest = await runCli(environment, ['ingest', pdf]);
  expect(ingest.stderr).toBe('');
  expect(ingest.code).toBe(0);
  expect(ingest.stdout).toMatch(/one-long-line\.pdf: ingested in [\d.]+ s/);
  expect(ingest.stdout).toContain('1 page holds absurdly much text (not prose); only the first 200,000 characters of each were kept: 1');

  const list = await runCli(environment, ['list', '--json']);
  expect(list.code).toBe(0);
  const documents = JSON.parse(list.stdout) as { fileName: string; pageCount: number; truncatedPages?: number[] }[];
  expect(documents.map((doc) => [doc.fileName, doc.pageCount, doc.truncatedPages])).toEqual([['one-long-line.pdf', 1, [1]]]);
});
