/**
 * A document's pages as the analysis engine sees them: stats, text, and the
 * exact token count of each page's <page> block, cached per document (a
 * document's content never changes: its id is the hash of its bytes).
 *
 * Exactness: the document message is DOCUMENT_HEADER + block1 + block2 + ...
 * Every piece ends with "\n" and every block starts with "<". o200k_base
 * pre-tokenisation never joins a newline with a following "<" (no pattern
 * spans that boundary), and BPE runs within pre-tokens, so
 * tokens(header + blocks) = tokens(header) + sum(tokens(block)) exactly.
 * A block's count is derived from the page's stored count (tokens(text) at
 * ingest) and only the text near the tags is re-tokenised: a position
 * between "\n" and a letter is a pre-token boundary in any context, so
 * tokens(open + text + close) = tokens(open + text[..a]) + tokens(text)
 * - tokens(text[..a]) - tokens(text[b..]) + tokens(text[b..] + close),
 * where a and b are the first and last such positions.
 */
import type { Library } from '../store';
import type { DocumentRecord, OutlineEntry } from '../../../shared/api/domain';
import { countTokens } from '../tokens';
import { PagewiseError } from '../errors';
import { DOCUMENT_HEADER, documentContent, neutralizePageText, PAGE_CLOSE_TAG, pageBlock, pageOpenTag } from './prompts';

export interface PageInfo {
  pageNumber: number;
  label: string | null;
  /** Tokens of the page text (stored at ingest). */
  tokens: number;
  /** Page has usable text (not a scanned page, not failed, not blank). */
  hasText: boolean;
}

interface DocCache {
  pages: PageInfo[];
  byNumber: Map<number, PageInfo>;
  blockTokens: Map<number, number>;
  texts: Map<number, string> | null;
  outline: OutlineEntry[] | null;
  /** Per-page features for ranking (computed on first use). */
  features: Map<string, unknown>;
  /** What the cache was built from; a change (e.g. pages re-read by OCR) drops the entry. */
  signature: string | null;
}

const caches = new WeakMap<Library, Map<string, DocCache>>();
// questions over a collection read many documents: keep a few dozen (page stats and block counts; texts are dropped with them)
const MAX_DOCS_CACHED = 64;

function docSignature(doc: DocumentRecord): string {
  return `${doc.pageCount}|${doc.totalTokens}|${doc.textlessPages.join(',')}|${doc.failedPages.join(',')}`;
}

/**
 * The document record (DOC_NOT_FOUND when absent). Also drops this document's
 * cached pages when its record changed since they were cached (page text
 * re-read, e.g. by OCR), so plans never use stale counts.
 */
export function documentOrThrow(library: Library, docId: string): DocumentRecord {
  const doc = library.getDocument(docId);
  if (!doc) {
    caches.get(library)?.delete(docId);
    throw new PagewiseError('DOC_NOT_FOUND', `No document with id ${docId.slice(0, 12)} in the library: run \`pagewise list\` to see what is there.`);
  }
  const signature = docSignature(doc);
  const entry = caches.get(library)?.get(docId);
  if (entry) {
    if (entry.signature === null) entry.signature = signature;
    else if (entry.signature !== signature) caches.get(library)?.delete(docId);
  }
  return doc;
}

function docCache(library: Library, docId: string): DocCache {
  let perLib = caches.get(library);
  if (!perLib) {
    perLib = new Map();
    caches.set(library, perLib);
  }
  let entry = perLib.get(docId);
  if (entry) {
    // LRU: move to the end
    perLib.delete(docId);
    perLib.set(docId, entry);
    return entry;
  }
  const pages = library.pageStats(docId).map((s) => ({
    pageNumber: s.pageNumber,
    label: s.label,
    tokens: s.tokens,
    hasText: !s.noText && !s.failed && s.tokens > 0,
  }));
  entry = {
    pages,
    byNumber: new Map(pages.map((p) => [p.pageNumber, p])),
    blockTokens: new Map(),
    texts: null,
    outline: null,
    features: new Map(),
    signature: null,
  };
  perLib.set(docId, entry);
  const doc = library.getDocument(docId);
  if (doc) entry.signature = docSignature(doc);
  while (perLib.size > MAX_DOCS_CACHED) {
    const oldest = perLib.keys().next().value;
    if (oldest === undefined) break;
    perLib.delete(oldest);
  }
  return entry;
}

/** Forget cached data for a document (e.g. after it was removed). */
export function forgetDocument(library: Library, docId: string): void {
  caches.get(library)?.delete(docId);
}

export function pageInfos(library: Library, docId: string): PageInfo[] {
  return docCache(library, docId).pages;
}

export function outlineOf(library: Library, docId: string): OutlineEntry[] {
  const c = docCache(library, docId);
  if (c.outline === null) c.outline = library.getOutline(docId);
  return c.outline;
}

/** Memoised per-document value (ranking features). */
export function docFeature<T>(library: Library, docId: string, key: string, compute: () => T): T {
  const c = docCache(library, docId);
  if (c.features.has(key)) return c.features.get(key) as T;
  const value = compute();
  c.features.set(key, value);
  return value;
}

/** Stored text of these pages ('' for a page without text). Keeps all texts once more than a few are asked for. */
export function pageTexts(library: Library, docId: string, pageNumbers: readonly number[]): Map<number, string> {
  const c = docCache(library, docId);
  if (c.texts) return c.texts;
  const out = new Map<number, string>();
  if (pageNumbers.length === 0) return out;
  if (pageNumbers.length > 40) {
    c.texts = new Map(library.getPages(docId).map((p) => [p.pageNumber, p.text]));
    return c.texts;
  }
  for (const p of library.getPages(docId, [...pageNumbers])) out.set(p.pageNumber, p.text);
  return out;
}

export function allPageTexts(library: Library, docId: string): Map<number, string> {
  const c = docCache(library, docId);
  if (!c.texts) c.texts = new Map(library.getPages(docId).map((p) => [p.pageNumber, p.text]));
  return c.texts;
}

const SAFE_BOUNDARY = /\n(?=\p{L})/gu;

/** Exact tokens of a page block, from the stored text count (exported for tests). */
export function countBlock(info: PageInfo, text: string): number {
  const body = neutralizePageText(text);
  const open = pageOpenTag(info.pageNumber, info.label);
  // the stored count is of the raw text (trusted: re-counting every page costs ~0.5 s per 100k tokens);
  // neutralising changes the text only when it contains "<page", then count the block in full
  if (body !== text || text.length < 200) return countTokens(open + body + PAGE_CLOSE_TAG);
  let a = -1;
  let b = -1;
  SAFE_BOUNDARY.lastIndex = 0;
  for (let m = SAFE_BOUNDARY.exec(body); m !== null; m = SAFE_BOUNDARY.exec(body)) {
    if (a < 0) a = m.index + 1;
    b = m.index + 1;
  }
  if (a < 0) return countTokens(open + body + PAGE_CLOSE_TAG);
  const head = body.slice(0, a);
  const tail = body.slice(b);
  return countTokens(open + head) + info.tokens - countTokens(head) - countTokens(tail) + countTokens(tail + PAGE_CLOSE_TAG);
}

/** Exact token counts of the blocks of these pages (cached). */
export function blockTokens(library: Library, docId: string, pageNumbers: readonly number[]): Map<number, number> {
  const c = docCache(library, docId);
  const missing = pageNumbers.filter((p) => !c.blockTokens.has(p));
  if (missing.length > 0) {
    const texts = pageTexts(library, docId, missing);
    for (const p of missing) {
      const info = c.byNumber.get(p);
      if (!info) throw new PagewiseError('INTERNAL', `Page ${p} is not in document ${docId.slice(0, 12)}.`);
      c.blockTokens.set(p, countBlock(info, texts.get(p) ?? ''));
    }
  }
  const out = new Map<number, number>();
  for (const p of pageNumbers) out.set(p, c.blockTokens.get(p) ?? 0);
  return out;
}

/** The document message content for these pages (page order) and its exact token count. */
export function buildDocumentContent(library: Library, docId: string, pageNumbers: readonly number[]): { content: string; tokens: number } {
  const c = docCache(library, docId);
  const sorted = [...pageNumbers].sort((x, y) => x - y);
  const texts = pageTexts(library, docId, sorted);
  const counts = blockTokens(library, docId, sorted);
  let tokens = countTokens(DOCUMENT_HEADER);
  const blocks: string[] = [];
  for (const p of sorted) {
    const info = c.byNumber.get(p);
    if (!info) continue;
    blocks.push(pageBlock(info.pageNumber, info.label, texts.get(p) ?? ''));
    tokens += counts.get(p) ?? 0;
  }
  return { content: documentContent(blocks), tokens };
}
