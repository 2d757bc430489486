/**
 * References a person types at the CLI, resolved by the engine's handlers (through dispatch):
 * an answer id prefix for show / export, ambiguous and unknown prefixes, a document's id prefix
 * or file name. The built CLI, a real library file, offline (extractive) answers.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeContractPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, runCli, type CliEnvironment } from './cli-helpers';

interface AnswerJson {
  id: string;
  question: string;
}

let contractPath: string;

beforeAll(async () => {
  contractPath = writeTempFixture('cli-references-contract.pdf', await makeContractPdf());
});

async function ingest(environment: CliEnvironment): Promise<string> {
  const run = await runCli(environment, ['ingest', contractPath, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { id: string }).id;
}

async function ask(environment: CliEnvironment, docRef: string, question: string): Promise<AnswerJson> {
  const run = await runCli(environment, ['ask', docRef, question, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as AnswerJson;
}

/** Give stored answers ids that share a prefix (ids are random UUIDs, so this is the only way to get a clash). */
function renameAnswer(db: string, from: string, to: string): void {
  const sqlite = new Database(db);
  try {
    // citations point at the old id until they are moved too, in the same transaction
    sqlite.pragma('foreign_keys = OFF');
    sqlite.transaction(() => {
      sqlite.prepare('UPDATE citations SET answer_id = ? WHERE answer_id = ?').run(to, from);
      sqlite.prepare('UPDATE answers SET id = ? WHERE id = ?').run(to, from);
      sqlite.prepare('UPDATE answers SET thread_id = ? WHERE thread_id = ?').run(to, from);
    })();
  } finally {
    sqlite.close();
  }
}

describe('answer id prefixes', () => {
  let environment: CliEnvironment;
  let docId: string;
  let first: AnswerJson;
  let second: AnswerJson;

  beforeAll(async () => {
    environment = cliEnvironment();
    docId = await ingest(environment);
    first = await ask(environment, docId, 'When may the tenant terminate the lease?');
    second = await ask(environment, docId, 'What is the monthly rent?');
  });

  it('show finds an answer by the first characters of its id, in either case', async () => {
    const run = await runCli(environment, ['show', first.id.slice(0, 8), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as AnswerJson).id).toBe(first.id);

    const upper = await runCli(environment, ['show', second.id.slice(0, 10).toUpperCase()]);
    expect(upper.code, upper.stderr).toBe(0);
    expect(upper.stdout).toContain('Q: What is the monthly rent?');
    expect(upper.stdout).toContain(`id ${second.id}`);
  });

  it('an ambiguous prefix lists the candidates and asks for more of the id; a longer one finds it', async () => {
    renameAnswer(environment.db, first.id, 'abcd1111-0000-4000-8000-000000000001');
    renameAnswer(environment.db, second.id, 'abcd2222-0000-4000-8000-000000000002');
    first = { ...first, id: 'abcd1111-0000-4000-8000-000000000001' };
    second = { ...second, id: 'abcd2222-0000-4000-8000-000000000002' };

    const run = await runCli(environment, ['show', 'abcd']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/"abcd" is the start of several answer ids/);
    expect(run.stderr).toContain('abcd1111-0000');
    expect(run.stderr).toContain('abcd2222-0000');
    expect(run.stderr).toMatch(/give more of the id/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);

    const json = await runCli(environment, ['show', 'abcd', '--json']);
    expect(JSON.parse(json.stdout.trim().split('\n')[0] ?? '')).toMatchObject({ error: { code: 'ANSWER_NOT_FOUND' } });

    const longer = await runCli(environment, ['show', 'abcd2', '--json']);
    expect(longer.code, longer.stderr).toBe(0);
    expect((JSON.parse(longer.stdout) as AnswerJson).question).toBe('What is the monthly rent?');
  });

  it('an unknown or too-short id says so and points to the history', async () => {
    for (const ref of ['ffff0000', 'ab']) {
      const run = await runCli(environment, ['show', ref]);
      expect(run.code, ref).toBe(1);
      expect(run.stderr).toContain(`No answer or summary has the id "${ref}"`);
      expect(run.stderr).toContain('pagewise history');
    }
  });

  it('export takes an answer id prefix, a document id prefix or a file name, and explains a miss', async () => {
    const answerOut = join(environment.dir, 'answer.md');
    const byAnswer = await runCli(environment, ['export', 'abcd1', '--out', answerOut]);
    expect(byAnswer.code, byAnswer.stderr).toBe(0);
    const answerText = readFileSync(answerOut, 'utf8');
    expect(answerText).toContain('When may the tenant terminate the lease?');
    expect(answerText).not.toContain('What is the monthly rent?');

    const docOut = join(environment.dir, 'document.md');
    const byDocument = await runCli(environment, ['export', docId.slice(0, 8), '--out', docOut]);
    expect(byDocument.code, byDocument.stderr).toBe(0);
    const documentText = readFileSync(docOut, 'utf8');
    expect(documentText).toContain('When may the tenant terminate the lease?');
    expect(documentText).toContain('What is the monthly rent?');

    const missOut = join(environment.dir, 'nothing.md');
    const miss = await runCli(environment, ['export', 'no-such-thing', '--out', missOut]);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(/Nothing to export is called "no-such-thing"/);
    expect(miss.stderr).toContain('pagewise list');
    expect(miss.stderr).toContain('pagewise history');
    expect(existsSync(missOut)).toBe(false);
  });
});

describe('document references', () => {
  it('info, search and history accept an id prefix or the file name; an unknown one says how to list them', async () => {
    const environment = cliEnvironment();
    const docId = await ingest(environment);

    const byPrefix = await runCli(environment, ['info', docId.slice(0, 7), '--json']);
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect((JSON.parse(byPrefix.stdout) as { document: { id: string } }).document.id).toBe(docId);

    const byName = await runCli(environment, ['search', 'cli-references-contract.pdf', 'terminate', '--json']);
    expect(byName.code, byName.stderr).toBe(0);
    expect((JSON.parse(byName.stdout) as { docId: string }[]).every((hit) => hit.docId === docId)).toBe(true);

    const history = await runCli(environment, ['history', docId.slice(0, 9)]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/No answers or summaries yet/);

    for (const args of [['info', '0123456789'], ['history', 'missing.pdf'], ['remove', 'nothing-like-it']]) {
      const miss = await runCli(environment, args);
      expect(miss.code, args.join(' ')).toBe(1);
      expect(miss.stderr).toMatch(/No document matches/);
      expect(miss.stderr).toContain('pagewise list');
    }
    // nothing was removed by the failed remove
    expect((await runCli(environment, ['info', docId, '--json'])).code).toBe(0);
  });
});
