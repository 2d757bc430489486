/**
 * What a user sees when a citation does not hold: the fake model misquotes on purpose (a changed number, a
 * wrong page, an invented sentence) and the engine, the CLI and the exports must say so. And marks stay
 * current: an answer stored by an older verifier is shown with the current verifier's marks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/core/engine';
import { dispatch } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { VERIFIER_VERSION } from '../../electron/core/analysis/citations';
import type { AnswerRecord } from '../../shared/api';
import { INVENTED_SENTENCE } from '../fake-openai/behaviours';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, makeTextPdf, TERMINATION_PAGE, TERMINATION_SENTENCE, writeTempFixture } from '../fixtures/make-fixtures';
import { cliEnvironment, jsonLines, runCli } from './cli-helpers';

const QUESTION = 'What notice is needed to terminate the lease?';

let fake: FakeOpenAI;
let dir: string;
let engine: Engine;
let contractPath: string;
let contractId: string;

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function ask(question: string): Promise<AnswerRecord> {
  return ok(dispatch(engine, 'analysis.ask', { docId: contractId, question, strategy: 'auto', fresh: true }));
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  dir = mkdtempSync(path.join(tmpdir(), 'pw-unverified-'));
  engine = await createEngine({
    libraryPath: path.join(dir, 'library.db'),
    secrets: memorySecretStore('sk-test'),
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl },
  });
  contractPath = writeTempFixture(`unverified-contract-${process.pid}.pdf`, await makeContractPdf());
  const ingest = await ok(dispatch(engine, 'library.ingest', { source: { kind: 'path', path: contractPath } }));
  contractId = ingest.document.id;
});
afterEach(() => fake.setBehaviour(null));
afterAll(async () => {
  engine?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(contractPath, { force: true });
});

describe('a model that misquotes', () => {
  it('a changed number, a wrong page and an invented sentence are each unverified; the true quote beside them verifies', async () => {
    for (const how of ['number', 'page', 'invented'] as const) {
      fake.setBehaviour({ kind: 'misquote', how });
      const answer = await ask(QUESTION);
      expect(answer.citations.map((c) => c.verified), how).toEqual([true, false]);
      expect(answer.verifiedShare, how).toBe(0.5);
      const [good, bad] = answer.citations;
      expect(good).toMatchObject({ page: TERMINATION_PAGE, verified: true });
      if (how === 'number') expect(bad?.quote).toMatch(/\b52 Quay Street/); // the page says 42
      if (how === 'page') expect(bad).toMatchObject({ quote: good?.quote, verified: false });
      if (how === 'page') expect(bad?.page).not.toBe(TERMINATION_PAGE);
      if (how === 'invented') expect(bad?.quote).toBe(INVENTED_SENTENCE);
    }
  });

  it('a directive in the question picks the misquote for that one request', async () => {
    const answer = await ask(`${QUESTION} [fake:misquote-invented]`);
    expect(answer.citations.map((c) => c.verified)).toEqual([true, false]);
    expect((await ask(QUESTION)).citations.every((c) => c.verified)).toBe(true);
  });

  it('exports mark the unverified citation in Markdown, HTML and JSON', async () => {
    fake.setBehaviour({ kind: 'misquote', how: 'invented' });
    const answer = await ask(QUESTION);
    const render = async (format: 'md' | 'html' | 'json'): Promise<string> => {
      const file = await ok(dispatch(engine, 'export.render', { target: { kind: 'answer', answerId: answer.id }, format }));
      return Buffer.from(file.dataBase64, 'base64').toString('utf8');
    };
    const md = await render('md');
    expect(md).toMatch(new RegExp(`${INVENTED_SENTENCE}.*✗ unverified`));
    expect(md).toMatch(/Either party may terminate.*✓ verified/);
    const html = await render('html');
    expect(html).toContain('<span class="unverified">✗ unverified</span>');
    const json = JSON.parse(await render('json')) as { items: { citations: { quote: string | null; verified: boolean }[] }[] };
    expect(json.items[0]?.citations.map((c) => c.verified)).toEqual([true, false]);
    expect(json.items[0]?.citations[1]?.quote).toBe(INVENTED_SENTENCE);
  });
});

describe('the CLI shows what did not verify', () => {
  it('`ask` prints the cross and the reason; `ask --json` carries verified: false and the page label', async () => {
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    try {
      const ingest = await runCli(environment, ['ingest', contractPath, '--json']);
      expect(ingest.code, ingest.stderr).toBe(0);
      const id = (jsonLines(ingest.stdout)[0] as { id: string }).id;
      const text = await runCli(environment, ['ask', id, `${QUESTION} [fake:misquote-number]`]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('Citations: 1 of 2 verified');
      expect(text.stdout).toMatch(/✗ p\. 1\s+"COMMERCIAL LEASE AGREEMENT.*\(quote not found on that page\)/);
      expect(text.stdout).toMatch(/✓ p\. 4\s+"/);
      const json = await runCli(environment, ['ask', id, `${QUESTION} [fake:misquote-page]`, '--json']);
      expect(json.code, json.stderr).toBe(0);
      const answer = JSON.parse(json.stdout) as AnswerRecord;
      expect(answer.citations.map((c) => c.verified)).toEqual([true, false]);
      expect(answer.citations[0]).toHaveProperty('pageLabel', null);
      expect(answer.verifiedShare).toBe(0.5);
    } finally {
      rmSync(environment.dir, { recursive: true, force: true });
    }
  });
});

describe('marks that stay current', () => {
  /** Write an answer the way an older Pagewise did: its own flags, no verifier version, no context pages. */
  function insertOldAnswer(id: string, strategy: 'whole' | 'focused', text: string, rows: { page: number; quote: string | null; verified: boolean }[]): void {
    const db = new Database(path.join(dir, 'library.db'));
    try {
      db.prepare(
        `INSERT INTO answers (id, doc_id, kind, question, normalized_question, thread_id, text, model, strategy, extractive,
           prompt_tokens, completion_tokens, cached_tokens, total_tokens, predicted_prompt_tokens, calls, cost_usd,
           verified_share, status, error_message, cache_key, created_at)
         VALUES (?, ?, 'answer', 'old question', 'old question', NULL, ?, 'gpt-4o-mini', ?, 0, 100, 20, 0, 120, 100, 1, 0.0001, ?, 'complete', NULL, NULL, ?)`,
      ).run(id, contractId, text, strategy, rows.filter((r) => r.verified).length / rows.length, '2026-01-01T00:00:00.000Z');
      rows.forEach((r, i) => {
        db.prepare('INSERT INTO citations (answer_id, ordinal, page, page_end, quote, verified) VALUES (?, ?, ?, NULL, ?, ?)').run(id, i, r.page, r.quote, r.verified ? 1 : 0);
      });
    } finally {
      db.close();
    }
  }

  it('an answer whose flags an older verifier wrote is read with the current marks, and stored with them', async () => {
    const text = `It says "${TERMINATION_SENTENCE}" [p. 4] and "${INVENTED_SENTENCE}" [p. 4], see also [pg. 2].`;
    // the older verifier got both quotes wrong and its grammar did not know "[pg. 2]"
    insertOldAnswer('old-whole', 'whole', text, [
      { page: 4, quote: TERMINATION_SENTENCE.replace(/\.$/, ''), verified: false },
      { page: 4, quote: INVENTED_SENTENCE, verified: true },
    ]);
    const read = await ok(dispatch(engine, 'history.get', { answerId: 'old-whole' }));
    expect(read.citations.map((c) => [c.page, c.verified])).toEqual([
      [4, true],
      [4, false],
      [2, true],
    ]);
    expect(read.verifiedShare).toBeCloseTo(2 / 3);
    const listed = await ok(dispatch(engine, 'history.list', { docId: contractId }));
    expect(listed.items.find((a) => a.id === 'old-whole')?.citations.map((c) => c.verified)).toEqual([true, false, true]);
    // written back: the next read needs no re-verification
    const db = new Database(path.join(dir, 'library.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT verifier_version AS v FROM answers WHERE id = ?').get('old-whole')).toEqual({ v: VERIFIER_VERSION });
      expect(db.prepare('SELECT verified FROM citations WHERE answer_id = ? ORDER BY ordinal').all('old-whole')).toEqual([{ verified: 1 }, { verified: 0 }, { verified: 1 }]);
    } finally {
      db.close();
    }
  });

  it('an older focused answer never gains a mark for a page it may not have been sent', async () => {
    insertOldAnswer('old-focused', 'focused', `"${TERMINATION_SENTENCE}" [p. 4] and "${INVENTED_SENTENCE}" [p. 2]`, [
      { page: 4, quote: TERMINATION_SENTENCE, verified: false },
      { page: 2, quote: INVENTED_SENTENCE, verified: true },
    ]);
    const read = await ok(dispatch(engine, 'history.get', { answerId: 'old-focused' }));
    // page 4: the quote is there, but nothing says page 4 was sent; page 2 was (its citation was accepted), the quote is not
    expect(read.citations.map((c) => c.verified)).toEqual([false, false]);
  });

  it('a new answer records its context, so a later verifier can re-check it exactly', async () => {
    const answer = await ask(QUESTION);
    const db = new Database(path.join(dir, 'library.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT context_pages AS pages, verifier_version AS v FROM answers WHERE id = ?').get(answer.id)).toEqual({
        pages: '1-6',
        v: VERIFIER_VERSION,
      });
    } finally {
      db.close();
    }
  });
});

describe('printed page labels', () => {
  it('citations carry the label of the page they cite', async () => {
    const bytes = await makeTextPdf({
      title: 'Labelled Report',
      pages: ['Preface page. The report covers the fiscal year in full detail.', 'Revenue grew by four percent in the year under review.'],
      pageLabels: [{ startPage: 1, style: 'r' }, { startPage: 2, style: 'D', start: 22 }],
    });
    const file = writeTempFixture(`labelled-${process.pid}.pdf`, bytes);
    try {
      const doc = await ok(dispatch(engine, 'library.ingest', { source: { kind: 'path', path: file } }));
      const answer = await ok(dispatch(engine, 'analysis.ask', { docId: doc.document.id, question: 'How much did revenue grow?', strategy: 'auto' }));
      expect(answer.citations).toEqual([expect.objectContaining({ page: 2, pageLabel: '22', verified: true })]);
      const again = await ok(dispatch(engine, 'history.get', { answerId: answer.id }));
      expect(again.citations[0]?.pageLabel).toBe('22');
    } finally {
      rmSync(file, { force: true });
    }
  });
});
