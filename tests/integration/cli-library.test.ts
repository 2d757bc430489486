/**
 * The `pagewise` CLI end to end on the library commands: real PDFs, a real
 * SQLite file, the built binary in a child process, exit codes and --json.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTRACT_PAGES,
  makeContractPdf,
  makeEmptyPdf,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  makeLargePdf,
  makeMixedPdf,
  makeNotAPdf,
  makeTruncatedPdf,
  TERMINATION_PAGE,
  writeTempFixture,
} from '../fixtures/make-fixtures';
import { CLI, cliEnvironment, jsonLines, runCli } from './cli-helpers';

interface IngestLine {
  file: string;
  id?: string;
  title?: string;
  pages?: number;
  tokens?: number;
  textlessPages?: number[];
  failedPages?: number[];
  ms?: number;
  error?: { code: string; message: string };
}

const files: Record<string, string> = {};

beforeAll(async () => {
  files.contract = writeTempFixture('cli-contract.pdf', await makeContractPdf());
  files.notPdf = writeTempFixture('cli-notes.pdf', makeNotAPdf());
  files.truncated = writeTempFixture('cli-truncated.pdf', await makeTruncatedPdf());
  files.encrypted = writeTempFixture('cli-encrypted.pdf', await makeEncryptedPdf('s3cret'));
  files.empty = writeTempFixture('cli-empty.pdf', makeEmptyPdf());
  files.scanned = writeTempFixture('cli-scanned.pdf', await makeImageOnlyPdf(3));
  files.mixed = writeTempFixture('cli-mixed.pdf', await makeMixedPdf());
});

async function documentCount(environment: ReturnType<typeof cliEnvironment>): Promise<number> {
  const listed = await runCli(environment, ['list', '--json']);
  expect(listed.code).toBe(0);
  return (JSON.parse(listed.stdout) as unknown[]).length;
}

describe('pagewise ingest / list / info / search / remove', () => {
  it('ingests a PDF, reports it as JSON, and a second ingest does no parsing', async () => {
    const environment = cliEnvironment();
    const first = await runCli(environment, ['ingest', files.contract!, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [line] = jsonLines(first.stdout) as IngestLine[];
    expect(line).toMatchObject({ file: files.contract, title: 'Commercial Lease Agreement', pages: CONTRACT_PAGES.length, textlessPages: [], failedPages: [] });
    expect(line!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(line!.tokens).toBeGreaterThan(200);

    const again = await runCli(environment, ['ingest', files.contract!, '--json']);
    expect(again.code).toBe(0);
    expect(jsonLines(again.stdout)[0]).toMatchObject({ id: line!.id, alreadyPresent: true });
    expect(await documentCount(environment)).toBe(1);
    // the library keeps its own content-addressed copy
    expect(existsSync(join(environment.dir, 'files', `${line!.id}.pdf`))).toBe(true);
  });

  it('gives every bad input a one-line message naming the file, exit 1, and writes nothing', async () => {
    const environment = cliEnvironment();
    const directory = join(environment.dir, 'a-folder.pdf');
    mkdirSync(directory);
    const cases: [string, string][] = [
      [files.notPdf!, 'NOT_A_PDF'],
      [files.truncated!, 'CORRUPT_PDF'],
      [files.encrypted!, 'ENCRYPTED_PDF'],
      [files.empty!, 'EMPTY_PDF'],
      [join(environment.dir, 'missing.pdf'), 'FILE_NOT_FOUND'],
      [directory, 'FILE_UNREADABLE'],
    ];
    for (const [file, code] of cases) {
      const run = await runCli(environment, ['ingest', file, '--json']);
      expect(run.code, `${file}: ${run.stdout}${run.stderr}`).toBe(1);
      const [line] = jsonLines(run.stdout) as IngestLine[];
      expect(line?.error?.code, file).toBe(code);
      const name = file.split('/').pop()!;
      expect(line?.error?.message).toContain(name);
      // the human form: one line on stderr naming the file
      const human = await runCli(environment, ['ingest', file]);
      expect(human.code).toBe(1);
      expect(human.stderr.trim().split('\n')).toHaveLength(1);
      expect(human.stderr).toContain(name);
    }
    expect(await documentCount(environment)).toBe(0);
    const stored = existsSync(join(environment.dir, 'files')) ? readdirSync(join(environment.dir, 'files')).filter((f) => f.endsWith('.pdf')) : [];
    expect(stored).toEqual([]);
  });

  it('opens an encrypted PDF with --password and says when the password is wrong', async () => {
    const environment = cliEnvironment();
    const wrong = await runCli(environment, ['ingest', files.encrypted!, '--password', 'nope', '--json']);
    expect(wrong.code).toBe(1);
    expect((jsonLines(wrong.stdout)[0] as IngestLine).error?.code).toBe('WRONG_PASSWORD');
    const right = await runCli(environment, ['ingest', files.encrypted!, '--password', 's3cret', '--json']);
    expect(right.code).toBe(0);
    expect((jsonLines(right.stdout)[0] as IngestLine).pages).toBe(1);
  });

  it('ingests image-only pages with OCR off and says they need OCR', async () => {
    const environment = cliEnvironment();
    const run = await runCli(environment, ['ingest', files.scanned!, '--ocr', 'off']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/all 3 pages need OCR/);
    const mixed = await runCli(environment, ['ingest', files.mixed!, '--ocr', 'off', '--json']);
    const line = jsonLines(mixed.stdout)[0] as IngestLine;
    expect(line.textlessPages!.length).toBeGreaterThan(0);
    expect(line.textlessPages!.length).toBeLessThan(line.pages!);
  });

  it('keeps going after a bad file in a batch and exits 1', async () => {
    const environment = cliEnvironment();
    const run = await runCli(environment, ['ingest', files.notPdf!, files.contract!, '--json']);
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout) as IngestLine[];
    expect(lines.map((l) => l.error?.code ?? 'ok')).toEqual(['NOT_A_PDF', 'ok']);
    expect(await documentCount(environment)).toBe(1);
  });

  it('shows info, finds pages by full-text search and removes a document with its file', async () => {
    const environment = cliEnvironment();
    const ingested = await runCli(environment, ['ingest', files.contract!, '--json']);
    const id = (jsonLines(ingested.stdout)[0] as IngestLine).id!;

    const info = await runCli(environment, ['info', id.slice(0, 8)]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain('Commercial Lease Agreement');
    expect(info.stdout).toMatch(/pages\s+6/);
    expect(info.stdout).toMatch(/fits in one request/);
    const infoJson = JSON.parse((await runCli(environment, ['info', 'Commercial Lease Agreement', '--json'])).stdout) as {
      fit: { fitsWhole: boolean; contextWindow: number; inputBudget: number };
    };
    expect(infoJson.fit).toMatchObject({ fitsWhole: true, contextWindow: 128_000 });
    expect(infoJson.fit.inputBudget).toBeLessThan(128_000 - 4096);
    // a unique part of the title is enough
    const byWord = await runCli(environment, ['info', 'lease', '--json']);
    expect(byWord.code, byWord.stderr).toBe(0);
    expect((JSON.parse(byWord.stdout) as { document: { id: string } }).document.id).toBe(id);

    const search = await runCli(environment, ['search', id.slice(0, 8), 'termination notice', '--json']);
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout) as { pageNumber: number }[];
    expect(hits[0]?.pageNumber).toBe(TERMINATION_PAGE);
    // FTS syntax characters in what a user types are not errors
    const odd = await runCli(environment, ['search', id.slice(0, 8), 'notice" AND (OR *']);
    expect(odd.code).toBe(0);

    const removed = await runCli(environment, ['remove', id.slice(0, 8)]);
    expect(removed.code).toBe(0);
    expect(await documentCount(environment)).toBe(0);
    expect(existsSync(join(environment.dir, 'files', `${id}.pdf`))).toBe(false);
    const gone = await runCli(environment, ['info', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/pagewise list/);
  });

  it('searches the whole library with --all and names the document of every hit', async () => {
    const environment = cliEnvironment();
    const lease = await runCli(environment, ['ingest', files.contract!, '--json']);
    const leaseId = (jsonLines(lease.stdout)[0] as IngestLine).id!;
    const appendix = writeTempFixture('cli-appendix.pdf', await makeMixedPdf(['Termination of the appendix agreement.', 'Notes.']));
    const other = await runCli(environment, ['ingest', appendix, '--json']);
    const otherId = (jsonLines(other.stdout)[0] as IngestLine).id!;

    const json = await runCli(environment, ['search', '--all', 'termination', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const hits = JSON.parse(json.stdout) as { docId: string; docTitle: string; pageNumber: number }[];
    expect(new Set(hits.map((h) => h.docId))).toEqual(new Set([leaseId, otherId]));
    expect(hits.find((h) => h.docId === leaseId)?.docTitle).toBe('Commercial Lease Agreement');

    const text = await runCli(environment, ['search', '--all', 'termination']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Commercial Lease Agreement (${leaseId.slice(0, 12)}), p. ${TERMINATION_PAGE}:`);
    expect(text.stdout).toMatch(/cli-appendix \([0-9a-f]{12}\), p\. 1:/);
    // one document's search stays terse: no document names
    const one = await runCli(environment, ['search', leaseId.slice(0, 8), 'termination']);
    expect(one.stdout).toMatch(new RegExp(`^p\\. ${TERMINATION_PAGE}`));
  });

  it('takes global options before the command too', async () => {
    const environment = cliEnvironment();
    const db = join(environment.dir, 'elsewhere', 'library.db');
    const run = await runCli(environment, ['--db', db, '--json', 'ingest', files.contract!]);
    expect(run.code, run.stderr).toBe(0);
    expect((jsonLines(run.stdout)[0] as IngestLine).pages).toBe(6);
    expect(existsSync(db)).toBe(true);
    const listed = await runCli(environment, [`--db=${db}`, 'list', '--json']);
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(1);
    expect(await documentCount(environment)).toBe(0); // the default library was not touched
  });

  it('answers usage mistakes with exit code 2 and the usage line', async () => {
    const environment = cliEnvironment();
    const cases = [[], ['frobnicate'], ['ingest'], ['ingest', '--colour', 'x.pdf'], ['ask', 'doc'], ['search', 'doc'], ['ask', 'doc', 'q', '--strategy', 'psychic'], ['serve', '--port', '70000'], ['serve', '--token', 'short']];
    for (const args of cases) {
      const run = await runCli(environment, args);
      expect(run.code, args.join(' ')).toBe(2);
    }
    expect((await runCli(environment, ['--help'])).code).toBe(0);
  });

  // root reads anything, so this only means something for a normal user (the directory case above covers root)
  it.skipIf(process.getuid?.() === 0)('refuses a file it cannot read', async () => {
    const environment = cliEnvironment();
    const locked = writeTempFixture('cli-locked.pdf', await makeContractPdf());
    chmodSync(locked, 0o000);
    const run = await runCli(environment, ['ingest', locked, '--json']);
    chmodSync(locked, 0o644);
    expect(run.code).toBe(1);
    expect((jsonLines(run.stdout)[0] as IngestLine).error?.code).toBe('FILE_UNREADABLE');
  });
});

describe('pagewise in a pipeline', () => {
  it('exits quietly when the reader stops early (| head)', async () => {
    const environment = cliEnvironment();
    // ~1,200 pages of stats is more JSON than a pipe buffers, so the writer outlives `head`
    const big = writeTempFixture('cli-pipeline.pdf', await makeLargePdf(1200));
    const ingested = await runCli(environment, ['ingest', big, '--json']);
    const id = (jsonLines(ingested.stdout)[0] as IngestLine).id!;
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" info ${id} --json | head -c 1`], { env: environment.env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|Error/);
  });
});
