/**
 * Ingest one PDF into the library.
 *
 * 1. stat + read the file (FILE_NOT_FOUND / FILE_UNREADABLE), SHA-256 -> document id;
 *    already in the library -> touch it and return, no parsing.
 * 2. The bytes go to a staging folder (files/.staging/<pid>-...) beside the library;
 *    extractPdf streams pages in page order; each page is counted (o200k_base) and
 *    appended to a JSON-lines staging file, so memory stays bounded on 3,000 pages.
 * 3. ONE short write transaction inserts the document, its pages and their FTS
 *    entries, and (last, inside it) renames the staged copy to files/<id>.pdf.
 *
 * Killed or cancelled at any point before the commit, the library is unchanged
 * (the staging folder of a dead process is swept on the next openLibrary).
 * Every PagewiseError names the file.
 * PAGEWISE_INGEST_TRACE=1 prints when each phase ends (ms since the call) to stderr, for profiling.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DocumentRecord, Progress } from '../../../shared/api/domain';
import { PagewiseError, toPagewiseError } from '../errors';
import type { ErrorCode } from '../errors';
import { extractPdf } from '../pdf';
import type { ExtractedPage, PageEdges } from '../pdf';
import { choosePageLabels, inferPageLabels, pageEdges } from '../pdf/page-labels';
import type { Library, NewPage } from '../store';
import { diskFullError, isDiskFull } from '../store/disk';
import { countTokens } from '../tokens';
import { JsonLinesWriter, readJsonLines } from './staging';
import { chooseTitle, TITLE_PAGES } from './title';

export interface IngestOptions {
  password?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  workers?: number;
}

export interface IngestResult {
  document: DocumentRecord;
  alreadyPresent: boolean;
  ms: number;
}

/** Store progress is reported every this many pages (and at the end). */
const STORE_PROGRESS_EVERY = 100;

let parserLabel: string | null = null;
/** "pdfjs-dist 5.6.205": recorded with each document (which parser produced its text). */
export function parserName(): string {
  if (parserLabel === null) {
    try {
      const require = createRequire(import.meta.url);
      const pkg = require('pdfjs-dist/package.json') as { version?: string };
      parserLabel = `pdfjs-dist ${pkg.version ?? 'unknown'}`;
    } catch {
      parserLabel = 'pdfjs-dist';
    }
  }
  return parserLabel;
}

/** "Annual Report 2024.pdf" -> "Annual Report 2024" */
export function titleFromFileName(fileName: string): string {
  const stem = fileName.replace(/\.pdf$/i, '').trim();
  return stem || fileName;
}

function fail(code: ErrorCode, fileName: string, message: string, cause?: unknown): PagewiseError {
  return new PagewiseError(code, `${fileName}: ${message}`, cause === undefined ? undefined : { cause });
}

/** Re-throw an error from a lower layer with the file name in front (once). */
function withFileName(error: unknown, fileName: string): PagewiseError {
  const base = toPagewiseError(error);
  if (base.message.startsWith(`${fileName}:`)) return base;
  if (base.code === 'CANCELLED') return fail('CANCELLED', fileName, 'ingest cancelled; nothing was stored.', error);
  // "This PDF is encrypted..." -> "contract.pdf: this PDF is encrypted..." (but keep "PDF ..." as it is)
  const message = /^[A-Z][a-z]/.test(base.message) ? base.message.charAt(0).toLowerCase() + base.message.slice(1) : base.message;
  return fail(base.code, fileName, message, error);
}

function fileErrorFor(error: unknown, filePath: string, fileName: string): PagewiseError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return fail('FILE_NOT_FOUND', fileName, `no such file: ${filePath}. Check the path.`, error);
    case 'EACCES':
    case 'EPERM':
      return fail('FILE_UNREADABLE', fileName, `permission denied: cannot read ${filePath}. Check the file's permissions.`, error);
    case 'EISDIR':
      return fail('FILE_UNREADABLE', fileName, `${filePath} is a folder, not a PDF file.`, error);
    default:
      return fail('FILE_UNREADABLE', fileName, `cannot read ${filePath} (${(error as Error).message}).`, error);
  }
}

interface StagedPage {
  n: number;
  text: string;
  tokens: number;
  noText: boolean;
  failed: boolean;
  error: string | null;
}

const TRACE = process.env.PAGEWISE_INGEST_TRACE === '1';
function trace(started: number, what: string): void {
  if (TRACE) process.stderr.write(`[ingest] ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${what}\n`);
}

export async function ingestFile(library: Library, filePath: string, options: IngestOptions = {}): Promise<IngestResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const { signal, onProgress } = options;
  const fileName = path.basename(filePath) || filePath;
  if (signal?.aborted) throw fail('CANCELLED', fileName, 'ingest cancelled; nothing was stored.');

  // 1. read + hash
  let data: Buffer;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) throw fail('FILE_UNREADABLE', fileName, `${filePath} is a folder, not a PDF file.`);
    if (!info.isFile()) throw fail('FILE_UNREADABLE', fileName, `${filePath} is not a regular file.`);
    data = await readFile(filePath);
  } catch (error) {
    if (error instanceof PagewiseError) throw error;
    throw fileErrorFor(error, filePath, fileName);
  }
  if (data.length === 0) throw fail('NOT_A_PDF', fileName, 'the file is empty (0 bytes), not a PDF.');
  const id = createHash('sha256').update(data).digest('hex');
  trace(started, 'read + hash');

  const existing = library.getDocument(id);
  if (existing) {
    const stored = library.originalFilePath(id);
    if (!existsSync(stored)) restoreOriginal(library, id, data); // self-heal a lost copy
    library.touchDocument(id);
    return { document: library.getDocument(id) ?? existing, alreadyPresent: true, ms: elapsed() };
  }

  // 2. stage the original and the parsed pages
  let staging: string;
  try {
    staging = library.createStagingDir();
  } catch (error) {
    if (isDiskFull(error)) throw withFileName(diskFullError(library.path, 'the document could not be stored; nothing was stored', error), fileName);
    throw fail('FILE_UNREADABLE', fileName, `cannot write to the library folder ${library.filesDir} (${(error as Error).message}).`, error);
  }
  const stagedPdf = path.join(staging, 'original.pdf');
  const stagedPages = path.join(staging, 'pages.jsonl');
  const finalPdf = library.originalFilePath(id);
  let movedIntoPlace = false;
  try {
    // Written before parsing: extractPdf may transfer (detach) the buffer to a worker.
    writeFileSync(stagedPdf, data);
    trace(started, 'staged copy written');
    let firstPage = true;
    const byteSize = data.length;
    const writer = new JsonLinesWriter<StagedPage>(stagedPages);
    const textlessPages: number[] = [];
    const failedPages: number[] = [];
    const truncatedPages: number[] = [];
    let totalTokens = 0;
    let expected = 1;
    // Small per-page facts kept in memory for the labels and the title (edge rows, the first pages' text).
    const edges: PageEdges[] = [];
    const pdfLabels: (string | null)[] = [];
    const firstPages: string[] = [];
    let info;
    try {
      info = await extractPdf(
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        (page: ExtractedPage) => {
          if (page.pageNumber !== expected) {
            throw new PagewiseError('INTERNAL', `pages arrived out of order (got ${page.pageNumber}, expected ${expected}).`);
          }
          expected += 1;
          if (firstPage) trace(started, 'first page');
          firstPage = false;
          const tokens = page.text ? countTokens(page.text) : 0;
          totalTokens += tokens;
          edges.push(page.edges ?? pageEdges(page.text));
          pdfLabels.push(page.label);
          if (page.pageNumber <= TITLE_PAGES) firstPages.push(page.text.slice(0, 20_000));
          if (page.failed) failedPages.push(page.pageNumber);
          else if (page.noText) textlessPages.push(page.pageNumber);
          if (page.truncated) truncatedPages.push(page.pageNumber);
          writer.write({
            n: page.pageNumber,
            text: page.text,
            tokens,
            noText: page.noText,
            failed: page.failed,
            error: page.failed ? (page.error ?? 'the page could not be parsed') : null,
          });
        },
        {
          ...(options.password !== undefined ? { password: options.password } : {}),
          ...(signal ? { signal } : {}),
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          onProgress: (done, total) => onProgress?.({ stage: 'parse', done, total }),
        },
      );
    } finally {
      writer.close();
    }
    trace(started, 'all pages extracted + counted');
    if (signal?.aborted) throw fail('CANCELLED', fileName, 'ingest cancelled; nothing was stored.');
    if (writer.count !== info.pageCount) {
      throw new PagewiseError('INTERNAL', `the parser returned ${writer.count} of ${info.pageCount} pages.`);
    }

    // Printed page labels: the PDF's own, else running page numbers (page-labels.ts).
    const labels = choosePageLabels(pdfLabels.some((l) => l !== null) ? pdfLabels : null, inferPageLabels(edges));

    // 3. one write transaction
    const pageCount = info.pageCount;
    onProgress?.({ stage: 'store', done: 0, total: pageCount });
    const pages = (function* (): Generator<NewPage> {
      for (const p of readJsonLines<StagedPage>(stagedPages)) {
        yield { pageNumber: p.n, label: labels[p.n - 1] ?? null, text: p.text, tokens: p.tokens, noText: p.noText, failed: p.failed, error: p.error };
      }
    })();
    const inserted = library.storeDocument(
      {
        id,
        title: chooseTitle(info.title, firstPages, titleFromFileName(fileName)),
        fileName,
        author: info.author?.trim() || null,
        pageCount,
        totalTokens,
        byteSize,
        outline: info.outline,
        textlessPages,
        failedPages,
        truncatedPages,
        parser: parserName(),
      },
      pages,
      {
        onPage: (done) => {
          if (done % STORE_PROGRESS_EVERY === 0 && done < pageCount) onProgress?.({ stage: 'store', done, total: pageCount });
        },
        beforeCommit: () => {
          renameSync(stagedPdf, finalPdf);
          movedIntoPlace = true;
        },
      },
    );
    trace(started, 'stored (one transaction)');
    onProgress?.({ stage: 'store', done: pageCount, total: pageCount });
    if (!inserted) {
      // Another process stored the same bytes while we parsed.
      library.touchDocument(id);
    }
    const document = library.getDocument(id);
    if (!document) throw new PagewiseError('INTERNAL', 'the document vanished right after it was stored.');
    return { document, alreadyPresent: !inserted, ms: elapsed() };
  } catch (error) {
    // The transaction rolled back: a copy moved into place before the failed commit must go too.
    if (movedIntoPlace && !library.getDocument(id)) {
      try {
        unlinkSync(finalPdf);
      } catch {
        // already gone
      }
    }
    if (isDiskFull(error)) throw withFileName(diskFullError(library.path, 'the document could not be stored; nothing was stored', error), fileName);
    throw withFileName(signal?.aborted ? new PagewiseError('CANCELLED', 'cancelled') : error, fileName);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function restoreOriginal(library: Library, id: string, data: Buffer): void {
  const staging = library.createStagingDir();
  try {
    const temp = path.join(staging, 'original.pdf');
    writeFileSync(temp, data);
    renameSync(temp, library.originalFilePath(id));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
