// The SQLite library on real files in a temp folder: schema + migrations, pages and
// full-text search, document resolution, the answer cache + history, settings.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../shared/api/domain';
import { PagewiseError } from '../../electron/core/errors';
import { defaultLibraryPath, openLibrary, SCHEMA_VERSION } from '../../electron/core/store';
import type { Library, NewDocument, NewPage } from '../../electron/core/store';

let dir: string;
let dbPath: string;
let library: Library;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pagewise-store-'));
  dbPath = path.join(dir, 'nested', 'library.db');
  library = openLibrary(dbPath);
});

afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

const hex = (c: string): string => c.repeat(64);

function addDocument(id: string, pages: string[], extra: Partial<NewDocument> = {}): void {
  const stored: NewPage[] = pages.map((text, i) => ({
    pageNumber: i + 1,
    label: null,
    text,
    tokens: text.split(/\s+/).filter(Boolean).length,
    noText: text.trim() === '',
    failed: false,
  }));
  const ok = library.storeDocument({
    id,
    title: `Title ${id.slice(0, 4)}`,
    fileName: `${id.slice(0, 4)}.pdf`,
    author: null,
    pageCount: pages.length,
    totalTokens: stored.reduce((s, p) => s + p.tokens, 0),
    byteSize: 1234,
    outline: [{ title: 'Start', pageNumber: 1, depth: 0 }],
    textlessPages: stored.filter((p) => p.noText).map((p) => p.pageNumber),
    failedPages: [],
    parser: 'test',
    ...extra,
  }, stored);
  expect(ok).toBe(true);
}

function answer(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    id: 'ans-1',
    docId: hex('a'),
    kind: 'answer',
    question: 'What is the notice period for termination?',
    threadId: null,
    text: 'Ninety days: "Either party may terminate this lease by giving ninety days written notice" [p. 2]',
    citations: [
      { page: 2, pageLabel: null, quote: 'Either party may terminate this lease by giving ninety days written notice', verified: true },
      { page: 1, pageLabel: null, pageEnd: 2, pageEndLabel: null, quote: null, verified: false },
    ],
    verifiedShare: 0.5,
    model: 'gpt-4o-mini',
    strategy: 'whole',
    extractive: false,
    usage: { promptTokens: 1200, completionTokens: 80, cachedTokens: 1024, totalTokens: 1280 },
    predictedPromptTokens: 1200,
    calls: 1,
    costUsd: 0.000_25,
    status: 'complete',
    errorMessage: null,
    cached: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function raw(): Database.Database {
  return new Database(dbPath, { readonly: true });
}

describe('schema and migrations', () => {
  it('creates a fresh library with WAL, foreign keys, the schema version and a files folder', () => {
    expect(existsSync(dbPath)).toBe(true);
    expect(library.path).toBe(dbPath);
    expect(library.filesDir).toBe(path.join(dir, 'nested', 'files'));
    expect(existsSync(library.filesDir)).toBe(true);
    const db = raw();
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
        .all()
        .map((r) => r.name);
      for (const t of ['documents', 'pages', 'pages_fts', 'answers', 'citations', 'answers_fts', 'settings']) {
        expect(tables).toContain(t);
      }
    } finally {
      db.close();
    }
    expect(library.integrityCheck()).toBe('ok');
  });

  it('re-opens an existing library without re-running migrations and keeps its data', () => {
    addDocument(hex('a'), ['Page one text.']);
    library.setSetting('model', 'gpt-4o');
    library.close();
    library = openLibrary(dbPath);
    expect(library.listDocuments().map((d) => d.id)).toEqual([hex('a')]);
    expect(library.getSetting('model')).toBe('gpt-4o');
    const db = raw();
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('refuses a library written by a newer schema, and a file that is not a database', () => {
    library.close();
    const db = new Database(dbPath);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openLibrary(dbPath)).toThrow(/newer Pagewise/);
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite at all, just some text that is long enough to be a header.'.repeat(20));
    try {
      openLibrary(junk);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PagewiseError);
      expect((error as PagewiseError).code).toBe('FILE_UNREADABLE');
    }
    // keep afterEach happy
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    library = openLibrary(dbPath);
  });

  it('foreign keys are enforced (a page of a missing document is rejected)', () => {
    const missing = library.storeDocument.bind(library);
    expect(() =>
      missing(
        {
          id: hex('b'), title: 't', fileName: 'b.pdf', author: null, pageCount: 2, totalTokens: 0, byteSize: 1,
          outline: [], textlessPages: [], failedPages: [], parser: 'test',
        },
        [{ pageNumber: 1, label: null, text: 'x', tokens: 1, noText: false, failed: false }],
      ),
    ).toThrow(/staged 1 pages/);
    // the failed transaction left nothing behind
    expect(library.counts()).toEqual({ documents: 0, pages: 0, answers: 0, citations: 0 });
  });
});

describe('defaultLibraryPath', () => {
  it('honours PAGEWISE_DB, then the platform data folder', () => {
    expect(defaultLibraryPath({ PAGEWISE_DB: '/tmp/x/lib.db' }, 'linux', '/home/u')).toBe('/tmp/x/lib.db');
    expect(defaultLibraryPath({}, 'linux', '/home/u')).toBe('/home/u/.local/share/pagewise/library.db');
    expect(defaultLibraryPath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe('/data/pagewise/library.db');
    expect(defaultLibraryPath({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u')).toBe(
      '/home/u/.local/share/pagewise/library.db',
    );
    expect(defaultLibraryPath({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Pagewise/library.db');
    expect(defaultLibraryPath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Pagewise\\library.db',
    );
  });
});

describe('documents and pages', () => {
  beforeEach(() => {
    addDocument(hex('a'), [
      'Commercial Lease\nThis lease is made between the landlord and the tenant.',
      'Termination\nEither party may terminate this lease by giving ninety days written notice.',
      '',
      'Deposit\nThe café deposit is returned within sixty days. A notice of defects may be given.',
    ]);
    addDocument(hex('b'), ['Annual report\nRevenue grew. Termination benefits were paid to staff.']);
  });

  it('gets, lists (last used first), touches, and returns pages in order', () => {
    const doc = library.getDocument(hex('a'));
    expect(doc).toMatchObject({ pageCount: 4, textlessPages: [3], failedPages: [], fileName: 'aaaa.pdf' });
    expect(library.listDocuments().map((d) => d.id)).toEqual([hex('b'), hex('a')]);
    library.touchDocument(hex('a'));
    expect(library.listDocuments().map((d) => d.id)).toEqual([hex('a'), hex('b')]);
    expect(library.getPages(hex('a')).map((p) => p.pageNumber)).toEqual([1, 2, 3, 4]);
    expect(library.getPages(hex('a'), [4, 2, 99]).map((p) => p.pageNumber)).toEqual([2, 4]);
    expect(library.getPages(hex('a'), [])).toEqual([]);
    expect(library.getPage(hex('a'), 2)?.text).toContain('ninety days');
    expect(library.getPage(hex('a'), 3)).toMatchObject({ noText: true, text: '' });
    expect(library.getPage(hex('a'), 9)).toBeNull();
    expect(library.pageStats(hex('a')).map((s) => s.noText)).toEqual([false, false, true, false]);
    expect(library.getOutline(hex('a'))).toEqual([{ title: 'Start', pageNumber: 1, depth: 0 }]);
  });

  it('resolves a document by id, id prefix, file name or title, and explains a miss', () => {
    expect(library.resolveDocument(hex('a')).id).toBe(hex('a'));
    expect(library.resolveDocument('AAAAAAA').id).toBe(hex('a'));
    expect(library.resolveDocument('bbbb.pdf').id).toBe(hex('b'));
    expect(library.resolveDocument('title bbbb').id).toBe(hex('b'));
    // a unique part of a file name or title
    expect(library.resolveDocument('BBB').id).toBe(hex('b'));
    for (const ref of ['nothing.pdf', '', 'ccccccc', 'zzz']) {
      try {
        library.resolveDocument(ref);
        expect.unreachable();
      } catch (error) {
        expect((error as PagewiseError).code).toBe('DOC_NOT_FOUND');
        expect((error as PagewiseError).message).toContain('pagewise list');
      }
    }
    addDocument(`aaaaaa${hex('c').slice(6)}`, ['x']);
    expect(() => library.resolveDocument('aaaaaa')).toThrow(/matches 2 documents/);
  });

  it('searches with stemming, diacritics folding, AND before OR, and a marked snippet', () => {
    const hits = library.searchPages(hex('a'), 'termination notice');
    expect(hits[0]?.pageNumber).toBe(2); // "Termination" heading + "terminate" + "notice"
    expect(hits.every((h) => h.score > 0)).toBe(true);
    expect(hits[0]?.snippet).toMatch(/\[\[notice\]\]/i);
    expect(library.searchPages(hex('a'), 'cafe')[0]?.pageNumber).toBe(4);
    // all words on no single page -> any word
    const fallback = library.searchPages(hex('a'), 'ninety sixty');
    expect(fallback.map((h) => h.pageNumber).sort()).toEqual([2, 4]);
    // whole library
    const everywhere = library.searchPages(null, 'termination');
    expect(new Set(everywhere.map((h) => h.docId))).toEqual(new Set([hex('a'), hex('b')]));
    expect(library.searchPages(hex('a'), 'termination', 1)).toHaveLength(1);
  });

  it('a whole-library search can take a few pages of each document, so one long book does not hide the rest', () => {
    addDocument(hex('d'), Array.from({ length: 12 }, (_, i) => `Copyright notice ${i}: copyright law and copyright holders, copyright again.`), { title: 'Copyright book' });
    addDocument(hex('e'), ['Annual report.', 'Our software is protected by copyright.'], { title: 'Filing' });
    const plain = library.searchPages(null, 'copyright', 10);
    expect(new Set(plain.map((h) => h.docId))).toEqual(new Set([hex('d')])); // the book fills the list
    const spread = library.searchPages(null, 'copyright', 10, 3);
    expect(spread.filter((h) => h.docId === hex('d'))).toHaveLength(3);
    const filing = spread.find((h) => h.docId === hex('e'));
    expect(filing).toMatchObject({ pageNumber: 2, docTitle: 'Filing' });
    expect(filing?.snippet).toMatch(/\[\[copyright\]\]/i);
    // best first across documents
    expect(spread.map((h) => h.score)).toEqual([...spread.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('never throws on FTS syntax characters in what the user typed', () => {
    const inputs = [
      '"termination notice"', '"unclosed phrase', 'notice AND (', 'NEAR(a b', '*', '-notice', 'lease:', '^term',
      "tenant's notice", 'a OR', 'NOT', '""', '', '   ', '?!.,;', 'col:notice', '{heading}: notice', '"', "'",
      '\\', 'notice*', '😀 notice', 'AND OR NOT NEAR',
    ];
    for (const input of inputs) {
      expect(() => library.searchPages(hex('a'), input), input).not.toThrow();
    }
    expect(library.searchPages(hex('a'), '"termination notice"').length).toBe(0); // phrase not adjacent
    expect(library.searchPages(hex('a'), '"ninety days written"')[0]?.pageNumber).toBe(2);
    expect(library.searchPages(hex('a'), 'notice AND (')[0]?.pageNumber).toBeDefined();
    expect(library.searchPages(hex('a'), '?!.,;')).toEqual([]);
  });

  it('bm25Pages runs a raw MATCH expression, heading weighted, higher score first', () => {
    addDocument(hex('d'), [
      'Introduction\nSome words about scope.\nThe indemnity is discussed later.',
      'Indemnity\nSome words about scope.\nThe clause is discussed here.',
    ]);
    const ranked = library.bm25Pages(hex('d'), '"indemnity"', 10);
    expect(ranked.map((r) => r.pageNumber)).toEqual([2, 1]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(library.bm25Pages(hex('d'), 'heading : indemnity', 10).map((r) => r.pageNumber)).toEqual([2]);
    expect(() => library.bm25Pages(hex('d'), 'AND (', 10)).toThrow(PagewiseError);
  });

  it('removes a document: rows, FTS entries and the stored file', () => {
    writeFileSync(library.originalFilePath(hex('a')), '%PDF-1.7 test');
    library.saveAnswer(answer(), 'key-1');
    expect(library.removeDocument(hex('a'))).toBe(true);
    expect(library.getDocument(hex('a'))).toBeNull();
    expect(library.getPages(hex('a'))).toEqual([]);
    expect(existsSync(library.originalFilePath(hex('a')))).toBe(false);
    expect(library.searchPages(null, 'ninety').map((h) => h.docId)).not.toContain(hex('a'));
    expect(library.listAnswers({})).toEqual([]);
    expect(library.counts()).toEqual({ documents: 1, pages: 1, answers: 0, citations: 0 });
    expect(library.removeDocument(hex('a'))).toBe(false);
    expect(library.integrityCheck()).toBe('ok');
  });

  it('rejects a second copy of the same id without writing anything', () => {
    const before = library.counts();
    const again = library.storeDocument(
      {
        id: hex('a'), title: 'x', fileName: 'x.pdf', author: null, pageCount: 1, totalTokens: 1, byteSize: 1,
        outline: [], textlessPages: [], failedPages: [], parser: 'test',
      },
      [{ pageNumber: 1, label: null, text: 'dup', tokens: 1, noText: false, failed: false }],
    );
    expect(again).toBe(false);
    expect(library.counts()).toEqual(before);
  });
});

describe('answers: cache and history', () => {
  beforeEach(() => {
    addDocument(hex('a'), ['Termination\nEither party may terminate this lease by giving ninety days written notice.']);
    addDocument(hex('b'), ['Other document']);
  });

  it('saves an answer with citations and serves it from the cache by key, marked cached', () => {
    library.saveAnswer(answer(), 'key-1');
    const hit = library.findCachedAnswer('key-1');
    // read back with the scope fields a one-document answer has (its one document, no collection)
    expect(hit).toEqual({ ...answer(), cached: true, docIds: [answer().docId], collectionId: null, scopeLabel: null });
    expect(library.getAnswer('ans-1')).toEqual({ ...answer(), docIds: [answer().docId], collectionId: null, scopeLabel: null });
    expect(library.findCachedAnswer('other-key')).toBeNull();
    expect(library.getAnswer('nope')).toBeNull();
  });

  it('never serves an incomplete or failed answer from the cache, but keeps it in history', () => {
    library.saveAnswer(answer({ id: 'inc', status: 'incomplete', errorMessage: 'The stream was cut.' }), 'key-2');
    library.saveAnswer(answer({ id: 'fail', status: 'failed', errorMessage: 'Rate limited.' }), 'key-2');
    expect(library.findCachedAnswer('key-2')).toBeNull();
    expect(library.listAnswers({}).map((a) => a.id).sort()).toEqual(['fail', 'inc']);
    expect(library.getAnswer('inc')?.status).toBe('incomplete');
    // a later complete answer under the same key is served
    library.saveAnswer(answer({ id: 'done', createdAt: '2026-01-02T00:00:00.000Z' }), 'key-2');
    expect(library.findCachedAnswer('key-2')?.id).toBe('done');
  });

  it('replaces an answer by id (an incomplete answer completed later)', () => {
    library.saveAnswer(answer({ status: 'incomplete', text: 'partial', citations: [] }), 'key-1');
    library.saveAnswer(answer(), 'key-1');
    expect(library.counts().answers).toBe(1);
    expect(library.findCachedAnswer('key-1')?.citations).toHaveLength(2);
    expect(library.listAnswers({ search: 'partial' })).toEqual([]);
  });

  it('lists newest first, filtered by document, thread, and full-text search', () => {
    library.saveAnswer(answer({ id: 'a1', createdAt: '2026-01-01T00:00:00.000Z', threadId: 't1' }), null);
    library.saveAnswer(
      answer({ id: 'a2', question: 'Who pays the deposit?', text: 'The tenant.', createdAt: '2026-01-03T00:00:00.000Z', threadId: 't1' }),
      null,
    );
    library.saveAnswer(
      answer({ id: 's1', kind: 'summary', question: 'brief', text: '- "Revenue grew" [p. 1]', docId: hex('b'), createdAt: '2026-01-02T00:00:00.000Z' }),
      null,
    );
    expect(library.listAnswers({}).map((a) => a.id)).toEqual(['a2', 's1', 'a1']);
    expect(library.listAnswers({ limit: 1 }).map((a) => a.id)).toEqual(['a2']);
    expect(library.listAnswers({ docId: hex('a') }).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(library.listAnswers({ threadId: 't1' }).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(library.listAnswers({ search: 'terminations' }).map((a) => a.id)).toEqual(['a1']); // stemmed, question + text
    expect(library.listAnswers({ search: 'revenue' }).map((a) => a.id)).toEqual(['s1']);
    expect(library.listAnswers({ search: 'deposit "notice period"' }).map((a) => a.id)).toEqual(['a2', 'a1']); // OR fallback
    expect(library.listAnswers({ search: 'AND (' })).toEqual([]);
    expect(library.listAnswers({ search: 'revenue', docId: hex('a') })).toEqual([]);
  });

  it('refuses an answer for a document that is not in the library', () => {
    expect(() => library.saveAnswer(answer({ docId: hex('f') }), null)).toThrow(PagewiseError);
  });

  it('removing the document removes its answers, citations and history entries', () => {
    library.saveAnswer(answer(), 'key-1');
    library.saveAnswer(answer({ id: 'other', docId: hex('b') }), 'key-b');
    library.removeDocument(hex('a'));
    expect(library.findCachedAnswer('key-1')).toBeNull();
    expect(library.getAnswer('ans-1')).toBeNull();
    expect(library.listAnswers({ search: 'ninety' }).map((a) => a.id)).toEqual(['other']);
    expect(library.counts()).toMatchObject({ answers: 1, citations: 2 });
    expect(library.integrityCheck()).toBe('ok');
  });
});

describe('settings', () => {
  it('sets, overwrites and deletes', () => {
    expect(library.getSetting('provider')).toBeNull();
    library.setSetting('provider', 'openai');
    library.setSetting('provider', 'azure');
    expect(library.getSetting('provider')).toBe('azure');
    library.setSetting('provider', null);
    expect(library.getSetting('provider')).toBeNull();
  });
});
