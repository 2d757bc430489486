import type { OutlineEntry } from '../../../shared/api/domain';

export type { OutlineEntry };

/** One physical page of a PDF, as extracted. */
export interface ExtractedPage {
  /** 1-based physical page number. */
  pageNumber: number;
  /** The printed page label (e.g. "iv", "A-3") from the PDF's /PageLabels; null when the PDF defines none. */
  label: string | null;
  /** Text in reading order; lines separated by '\n', a blank line between paragraphs. */
  text: string;
  /** The page's top and bottom rows by position, for inferring running page numbers (page-labels.ts); absent for a failed page. */
  edges?: PageEdges;
  /** True when the page has no text layer (a scanned/image page, or a blank page). */
  noText: boolean;
  /** True when pdf.js could not parse the page; `error` says why and `text` is empty. */
  failed: boolean;
  error?: string;
  /** Set when the page held absurdly much text and only its first MAX_PAGE_TEXT_CHARS characters were kept. */
  truncated?: boolean;
}

/** The first and last few non-blank rows of a page, by position, top to bottom. */
export interface PageEdges {
  top: string[];
  bottom: string[];
}

export interface PdfDocumentInfo {
  pageCount: number;
  title: string | null;
  author: string | null;
  /** Bookmarks in document order (pre-order), depth 0 = top level. */
  outline: OutlineEntry[];
}

export interface ExtractOptions {
  password?: string;
  signal?: AbortSignal;
  /** Called after each page is handed to onPage: (pages done, total pages). Also once with (0, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads that extract pages, the calling thread included (n = the calling thread + n - 1 worker
   * threads). Default defaultThreads(): os.availableParallelism(), at most MAX_WORKERS (2).
   * Documents under SMALL_PDF_PAGES pages always run in the calling thread; 0 or 1 = the
   * calling thread only.
   */
  workers?: number;
  /**
   * Memory an encrypted document's reading may add to the process (default DEFAULT_MEMORY_BUDGET_BYTES,
   * memory-watch.ts): past it the reading stops with PDF_TOO_LARGE.
   */
  memoryBudgetBytes?: number;
}
