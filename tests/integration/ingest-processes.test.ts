// Several processes on one library, a process killed halfway, and a 3,000-page ingest
// with bounded memory. Child processes run a harness bundled on the fly with esbuild.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../electron/core/store';
import { makeLargePdf } from '../fixtures/make-fixtures';

interface ChildLine {
  type: 'progress' | 'result' | 'error';
  stage?: string;
  done?: number;
  total?: number;
  code?: string;
  message?: string;
  id?: string;
  pageCount?: number;
  storedPages?: number;
  alreadyPresent?: boolean;
  ms?: number;
  maxRssMb?: number;
  searches?: number;
}

interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  lines: ChildLine[];
  stderr: string;
}

// Three levels below the repo root, so the pdf pool finds dist/node/pdf-worker.js from the bundle too.
const HARNESS = path.resolve('tests/.tmp/harness', `ingest-child-${process.pid}.mjs`);
let work: string;
const pdfs: Record<string, string> = {};

/** Run the harness; `onLine` may return true to SIGKILL the child right there. */
function runChild(
  args: string[],
  onLine?: (line: ChildLine) => boolean,
  as?: { uid: number; gid: number },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HARNESS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...as });
    const lines: ChildLine[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!text.trim()) continue;
        const line = JSON.parse(text) as ChildLine;
        lines.push(line);
        if (!killed && onLine?.(line)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, lines, stderr }));
  });
}

function resultOf(run: ChildRun): ChildLine {
  const result = run.lines.find((l) => l.type === 'result');
  if (!result || run.exitCode !== 0) {
    throw new Error(`child failed (exit ${run.exitCode}, ${run.signal}): ${JSON.stringify(run.lines.at(-1))} ${run.stderr}`);
  }
  return result;
}

function freshLibraryPath(name: string): string {
  return path.join(mkdtempSync(path.join(work, `${name}-`)), 'library.db');
}

beforeAll(async () => {
  await build({
    entryPoints: ['tests/integration/harness/ingest-child.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: HARNESS,
    logLevel: 'warning',
  });
  work = mkdtempSync(path.join(tmpdir(), 'pagewise-processes-'));
  const write = async (name: string, pages: number): Promise<void> => {
    pdfs[name] = path.join(work, name);
    writeFileSync(pdfs[name], await makeLargePdf(pages, { title: name }));
  };
  await write('alpha.pdf', 300);
  await write('bravo.pdf', 300);
  await write('charlie.pdf', 120);
  await write('kill.pdf', 1500);
});

afterAll(() => {
  rmSync(HARNESS, { force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('several processes on one library', () => {
  it('two ingests and a reader at once: no lock failure, integrity ok, both documents present', async () => {
    const db = freshLibraryPath('concurrent');
    // All three open the same, not yet existing, library (the migration race included).
    const [a, b, c, reader] = await Promise.all([
      runChild(['ingest', db, pdfs['alpha.pdf']!]),
      runChild(['ingest', db, pdfs['bravo.pdf']!]),
      runChild(['ingest', db, pdfs['charlie.pdf']!]),
      runChild(['search', db, 'committee accounts', '4000']),
    ]);
    const results = [a, b, c].map(resultOf);
    expect(results.map((r) => r.storedPages)).toEqual([300, 300, 120]);
    expect(results.every((r) => r.alreadyPresent === false)).toBe(true);
    expect(resultOf(reader).searches).toBeGreaterThan(0);

    const library = openLibrary(db);
    try {
      expect(library.integrityCheck()).toBe('ok');
      expect(library.listDocuments().map((d) => d.fileName).sort()).toEqual(['alpha.pdf', 'bravo.pdf', 'charlie.pdf']);
      expect(library.counts().pages).toBe(720);
      for (const r of results) expect(existsSync(library.originalFilePath(r.id!))).toBe(true);
      expect(library.searchPages(null, 'committee accounts').length).toBeGreaterThan(0);
    } finally {
      library.close();
    }
  });

  it('the same file ingested by two processes at once is stored once', async () => {
    const db = freshLibraryPath('same');
    const runs = await Promise.all([runChild(['ingest', db, pdfs['charlie.pdf']!]), runChild(['ingest', db, pdfs['charlie.pdf']!])]);
    const results = runs.map(resultOf);
    expect(results.map((r) => r.storedPages)).toEqual([120, 120]);
    const library = openLibrary(db);
    try {
      expect(library.counts()).toMatchObject({ documents: 1, pages: 120 });
      expect(library.integrityCheck()).toBe('ok');
    } finally {
      library.close();
    }
  });
});

describe('a file the user may not read', () => {
  // Root reads any file whatever its mode, so as root the ingest runs as the unprivileged user "nobody".
  const asRoot = process.getuid?.() === 0;
  it.skipIf(process.platform === 'win32')('chmod 000 -> FILE_UNREADABLE naming the file, library unchanged', async () => {
    const dir = mkdtempSync(path.join(work, 'unreadable-'));
    chmodSync(dir, 0o777);
    chmodSync(work, 0o755);
    const db = path.join(dir, 'library.db');
    const locked = path.join(dir, 'locked.pdf');
    writeFileSync(locked, '%PDF-1.7 not really, but it is never read');
    chmodSync(locked, 0o000);
    const run = await runChild(['ingest', db, locked], undefined, asRoot ? { uid: 65534, gid: 65534 } : undefined);
    expect(run.exitCode, run.stderr).toBe(1);
    const error = run.lines.find((l) => l.type === 'error');
    expect(error?.code).toBe('FILE_UNREADABLE');
    expect(error?.message).toMatch(/^locked\.pdf: permission denied/);
    const library = openLibrary(db);
    try {
      expect(library.counts()).toEqual({ documents: 0, pages: 0, answers: 0, citations: 0 });
      expect(readdirSync(library.filesDir).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    } finally {
      library.close();
    }
  });
});

describe('killed halfway', () => {
  it('SIGKILL while parsing a 1,500-page PDF leaves no trace; a re-ingest then succeeds', async () => {
    const db = freshLibraryPath('kill-parse');
    const run = await runChild(['ingest', db, pdfs['kill.pdf']!], (line) =>
      line.type === 'progress' && line.stage === 'parse' && (line.done ?? 0) > 0.4 * (line.total ?? Infinity),
    );
    expect(run.signal).toBe('SIGKILL');
    expect(run.lines.some((l) => l.type === 'result')).toBe(false);
    const staging = path.join(path.dirname(db), 'files', '.staging');
    expect(readdirSync(staging)).toHaveLength(1); // the dead ingest's leftovers...

    const library = openLibrary(db); // ...are swept on the next open
    try {
      expect(readdirSync(staging)).toEqual([]);
      expect(library.integrityCheck()).toBe('ok');
      expect(library.counts()).toEqual({ documents: 0, pages: 0, answers: 0, citations: 0 });
      expect(readdirSync(library.filesDir).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    } finally {
      library.close();
    }

    const again = resultOf(await runChild(['ingest', db, pdfs['kill.pdf']!]));
    expect(again).toMatchObject({ pageCount: 1500, storedPages: 1500, alreadyPresent: false });
    const reopened = openLibrary(db);
    try {
      expect(reopened.integrityCheck()).toBe('ok');
      expect(existsSync(reopened.originalFilePath(again.id!))).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it('SIGKILL during the store transaction: the document is either wholly there or wholly absent', async () => {
    const db = freshLibraryPath('kill-store');
    const run = await runChild(['ingest', db, pdfs['kill.pdf']!], (line) =>
      line.type === 'progress' && line.stage === 'store' && (line.done ?? 0) >= 100,
    );
    expect(run.signal).toBe('SIGKILL');
    const library = openLibrary(db);
    try {
      expect(library.integrityCheck()).toBe('ok');
      const docs = library.listDocuments();
      if (docs.length === 0) {
        expect(library.counts().pages).toBe(0);
      } else {
        // the commit won the race against the kill: then everything is there
        expect(docs[0]!.pageCount).toBe(1500);
        expect(library.counts().pages).toBe(1500);
        expect(existsSync(library.originalFilePath(docs[0]!.id))).toBe(true);
      }
    } finally {
      library.close();
    }
    const again = resultOf(await runChild(['ingest', db, pdfs['kill.pdf']!]));
    expect(again.storedPages).toBe(1500);
  });
});

describe('a 3,000-page PDF', () => {
  it('ingests every page in a child process with peak RSS under 500 MB', async () => {
    const file = path.join(work, 'book-3000.pdf');
    writeFileSync(file, await makeLargePdf(3000));
    const db = freshLibraryPath('large');
    const run = await runChild(['ingest', db, file]);
    const result = resultOf(run);
    console.log(`3,000-page ingest: ${result.ms} ms, peak RSS ${result.maxRssMb?.toFixed(0)} MB`);
    expect(result).toMatchObject({ pageCount: 3000, storedPages: 3000 });
    expect(result.maxRssMb).toBeLessThan(500);
    const parse = run.lines.filter((l) => l.stage === 'parse');
    expect(parse.at(-1)).toMatchObject({ done: 3000, total: 3000 });

    const library = openLibrary(db);
    try {
      const stats = library.pageStats(result.id!);
      expect(stats.map((s) => s.pageNumber)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
      expect(stats.every((s) => s.tokens > 0 && !s.noText && !s.failed)).toBe(true);
      expect(library.getPage(result.id!, 2999)?.text).toContain('Section 2999.');
      expect(library.searchPages(result.id!, '"Section 2999"')[0]?.pageNumber).toBe(2999);
      expect(library.integrityCheck()).toBe('ok');
    } finally {
      library.close();
    }
  }, 600_000);
});
