export { defaultThreads, extractPdf, poolSize, SMALL_PDF_PAGES, MAX_WORKERS } from './extract';
export type { ExtractedPage, ExtractOptions, OutlineEntry, PageEdges, PdfDocumentInfo } from './types';
export { layoutText } from './layout';
export type { TextRun } from './layout';
