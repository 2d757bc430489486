// The OCR commands as a user runs them (the built CLI, a real library): `pagewise text`, `ingest --ocr`,
// `pagewise ocr`; OCR with every network path forbidden; and a kill -9 in the middle of OCR, then resume.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../electron/core/store';
import { makeScannedPdf, MIXED_SCAN_PAGES, SCAN_LINES } from '../fixtures/make-scans';
import { CLI, cliEnvironment, jsonLines, runCli } from './cli-helpers';

let mixedPdf: Uint8Array;

beforeAll(async () => {
  mixedPdf = await makeScannedPdf(MIXED_SCAN_PAGES);
});

interface IngestLine {
  id: string;
  textlessPages: number[];
  ocrPages: number[];
  blankPages: number[];
  lowConfidencePages: number[];
}

interface TextOutput {
  id: string;
  pages: { page: number; label: string | null; text: string; source: string; confidence: number | null }[];
}

describe('pagewise ingest --ocr and pagewise text', () => {
  it('reads the scanned pages with the network forbidden, making no request, and prints them with their source', async () => {
    const environment = cliEnvironment();
    const file = join(environment.dir, 'agreement.pdf');
    writeFileSync(file, mixedPdf);
    const netlog = join(environment.dir, 'network.log');
    const guard = resolve('tests/integration/harness/forbid-network.cjs');
    const offline = {
      ...environment,
      env: {
        ...environment.env,
        NODE_OPTIONS: `--require ${guard}`,
        PAGEWISE_NETLOG: netlog,
        HTTP_PROXY: 'http://127.0.0.1:9',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        PAGEWISE_OCR_WORKERS: '2',
      },
    };
    const run = await runCli(offline, ['ingest', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const line = jsonLines(run.stdout)[0] as IngestLine;
    expect(line).toMatchObject({ textlessPages: [], ocrPages: [2, 4], blankPages: [3] });

    const entries = readFileSync(netlog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; main: boolean });
    // The guard ran in the CLI's main thread and in the OCR worker threads, and saw no attempt.
    expect(entries.some((e) => e.type === 'loaded' && e.main)).toBe(true);
    expect(entries.filter((e) => e.type === 'loaded' && !e.main).length).toBeGreaterThanOrEqual(1);
    expect(entries.filter((e) => e.type === 'attempt')).toEqual([]);

    const text = await runCli(environment, ['text', line.id.slice(0, 10), '--pages', '2-4', '--json']);
    expect(text.code, text.stderr).toBe(0);
    const output = JSON.parse(text.stdout) as TextOutput;
    expect(output.id).toBe(line.id);
    expect(output.pages.map((p) => [p.page, p.source])).toEqual([[2, 'ocr'], [3, 'text'], [4, 'ocr']]);
    expect(output.pages[0]?.text).toContain('4,217 million');
    expect(output.pages[2]?.text).toContain('Rotterdam');
    expect(output.pages[0]?.confidence).toBeGreaterThan(80);

    const human = await runCli(environment, ['text', 'agreement', '--pages', '1-2']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/--- page 1 ---\nMaster Services Agreement/);
    expect(human.stdout).toMatch(/--- page 2 · OCR, confidence \d+% ---\nQuarterly Report of Northwind Holdings/);
  }, 180_000);

  it('with --ocr off leaves the scanned pages for `pagewise ocr`, which reads them', async () => {
    const environment = cliEnvironment({ PAGEWISE_OCR_WORKERS: '1' });
    const file = join(environment.dir, 'lease.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'text', text: 'Cover letter.' }, { kind: 'scan', lines: [...SCAN_LINES.lease] }]));
    const off = await runCli(environment, ['ingest', file, '--ocr', 'off']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/1 page needs OCR \(no text layer\): 2; run: pagewise ocr [0-9a-f]{12}/);

    const ocr = await runCli(environment, ['ocr', 'lease', '--json']);
    expect(ocr.code, ocr.stderr).toBe(0);
    expect(JSON.parse(ocr.stdout)).toMatchObject({ readNow: [2], ocrPages: [2], textlessPages: [], pendingPages: [] });
    const again = await runCli(environment, ['ocr', 'lease']);
    expect(again.stdout).toMatch(/no page needed OCR/);
    const search = await runCli(environment, ['search', 'lease', 'amendment', '--json']);
    expect(search.stdout).toContain('"pageNumber":2');
  }, 180_000);

  it('rejects bad --pages and --ocr values with a usage error', async () => {
    const environment = cliEnvironment();
    expect((await runCli(environment, ['text', 'doc', '--pages', '5-3'])).code).toBe(2);
    expect((await runCli(environment, ['ingest', 'x.pdf', '--ocr', 'sometimes'])).code).toBe(2);
    expect((await runCli(environment, ['ingest', 'x.pdf', '--ocr', 'vision', '--detail', 'medium'])).stderr).toMatch(/--detail must be one of high, low/);
    expect((await runCli(environment, ['ocr', 'doc', '--detail', 'medium'])).code).toBe(2);
  });
});

describe('a kill -9 during OCR', () => {
  it('keeps the finished pages, leaves the rest pending, and the next run reads only the rest', async () => {
    const environment = cliEnvironment({ PAGEWISE_OCR_WORKERS: '1' });
    const file = join(environment.dir, 'long scan.pdf');
    const pageCount = 6;
    writeFileSync(
      file,
      await makeScannedPdf(Array.from({ length: pageCount }, (_, i) => ({ kind: 'scan' as const, lines: [`Scanned page number ${i + 1}`, `Invoice ${1000 + i * 37} is due.`] }))),
    );
    const child = spawn(process.execPath, [CLI, 'ingest', file, '--json'], { env: environment.env, cwd: environment.dir, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));

    // Watch the library from outside until two pages are stored, then kill the ingest at once.
    let finishedAtKill: number[] = [];
    for (let tries = 0; tries < 2400; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const db = new Database(environment.db, { readonly: true, fileMustExist: true, timeout: 1000 });
        try {
          finishedAtKill = db
            .prepare<[], { page_number: number }>('SELECT page_number FROM pages WHERE ocr_status IS NOT NULL ORDER BY page_number')
            .all()
            .map((r) => r.page_number);
        } finally {
          db.close();
        }
      } catch {
        continue; // the library or its tables do not exist yet
      }
      if (finishedAtKill.length >= 2) {
        child.kill('SIGKILL');
        break;
      }
    }
    await exited;
    expect(finishedAtKill.length).toBeGreaterThanOrEqual(2);

    const library = openLibrary(environment.db);
    let docId: string;
    let storedBefore: Map<number, string>;
    try {
      expect(library.integrityCheck()).toBe('ok');
      const doc = library.listDocuments()[0]!;
      docId = doc.id;
      const state = library.ocr.state(docId);
      const finished = state.ocrPages;
      expect(finished.length).toBeGreaterThanOrEqual(2);
      expect(finished.length).toBeLessThan(pageCount); // killed halfway: some pages still pending
      expect(state.pending).toEqual(Array.from({ length: pageCount }, (_, i) => i + 1).filter((n) => !finished.includes(n)));
      expect(doc.textlessPages).toEqual(state.pending);
      storedBefore = new Map(library.ocr.pageTexts(docId).filter((p) => p.source === 'ocr').map((p) => [p.page, p.text]));
    } finally {
      library.close();
    }

    const resumed = await runCli(environment, ['ocr', docId.slice(0, 12), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const outcome = JSON.parse(resumed.stdout) as { readNow: number[]; ocrPages: number[]; textlessPages: number[] };
    // Only the pages left pending were read; the finished ones were not redone.
    expect(outcome.readNow.filter((n) => storedBefore.has(n))).toEqual([]);
    expect([...storedBefore.keys(), ...outcome.readNow].sort((a, b) => a - b)).toEqual(Array.from({ length: pageCount }, (_, i) => i + 1));
    expect(outcome.textlessPages).toEqual([]);

    const after = openLibrary(environment.db);
    try {
      expect(after.integrityCheck()).toBe('ok');
      for (const page of after.ocr.pageTexts(docId)) {
        expect(page.text).toContain(`Scanned page number ${page.page}`);
        expect(page.text).toContain(`Invoice ${1000 + (page.page - 1) * 37}`);
      }
      const db = new Database(environment.db, { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) AS n FROM page_ocr').get()).toEqual({ n: pageCount });
      } finally {
        db.close();
      }
    } finally {
      after.close();
    }
  }, 240_000);
});
