// Offline answers and summaries quote each sentence once: boilerplate repeated on
// several pages, and a short sentence that carries along a neighbour quoted in its
// own right, must not make the reader read the same words twice. Real SQLite library.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../store';
import { extractiveAnswer, extractiveSummary } from './extractive';

const DOC = 'e'.repeat(64);
const NOTICE = 'Either party may terminate this lease by giving ninety days written notice to the other party.';
const PAGES = [
  'COMMERCIAL LEASE\nThis lease is made between the landlord and the tenant of the harbour warehouse.',
  `The lease may be ended early. ${NOTICE} Rent stays payable until the lease ends.`,
  `Termination clause repeated for convenience. ${NOTICE} Keys are returned to the landlord on the last day.`,
  `Schedule of works. The landlord repairs the roof before the tenant moves in. ${NOTICE}`,
];

let dir: string;
let library: Library;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-extractive-'));
  library = openLibrary(path.join(dir, 'library.db'));
  const pages = PAGES.map((text, i) => ({ pageNumber: i + 1, label: null, text, tokens: text.split(/\s+/).length, noText: false, failed: false }));
  library.storeDocument(
    {
      id: DOC,
      title: 'Harbour lease',
      fileName: 'lease.pdf',
      author: null,
      pageCount: pages.length,
      totalTokens: pages.reduce((sum, p) => sum + p.tokens, 0),
      byteSize: 1000,
      outline: [],
      textlessPages: [],
      failedPages: [],
      parser: 'test',
    },
    pages,
  );
});

afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every quoted sentence of an extractive text, normalised. */
function quotedSentences(text: string): string[] {
  const quotes = [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
  return quotes.flatMap((q) => q.split(/(?<=[.!?])\s+/)).map((s) => s.toLowerCase().replace(/\s+/g, ' ').trim());
}

describe('extractive answers', () => {
  it('quote no sentence twice, even when it is printed on three pages', () => {
    const result = extractiveAnswer(library, DOC, 'How can either party terminate the lease?', [1, 2, 3, 4]);
    const sentences = quotedSentences(result.text);
    expect(sentences.length).toBeGreaterThan(1);
    expect(sentences.filter((s) => s === NOTICE.toLowerCase())).toHaveLength(1);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('summaries quote no sentence twice either', () => {
    for (const kind of ['brief', 'detailed'] as const) {
      const result = extractiveSummary(library, DOC, kind, [1, 2, 3, 4], new Map());
      const sentences = quotedSentences(result.text);
      expect(sentences.length, kind).toBeGreaterThan(0);
      expect(new Set(sentences).size, kind).toBe(sentences.length);
    }
  });
});
