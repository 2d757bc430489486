/** What an OCR run tells a person: pages read, blank, low confidence, still pending, failed. */
import { formatPageRanges, plural } from './output';

export interface OcrReport {
  ocrPages: number[];
  blankPages: number[];
  lowConfidencePages: number[];
  pendingPages?: number[];
  errors?: { page: number; message: string }[];
}

/** "3 pages read with low confidence: 14, 15, 61" */
export function lowConfidenceLine(pages: readonly number[]): string {
  return `${plural(pages.length, 'page')} read with low confidence: ${pages.join(', ')}`;
}

/** Indented lines for the CLI, nothing when the document had no scanned pages. */
export function ocrLines(report: OcrReport, docRef: string): string[] {
  const lines: string[] = [];
  if (report.ocrPages.length > 0) lines.push(`  ${plural(report.ocrPages.length, 'page')} read by OCR: ${formatPageRanges(report.ocrPages)}`);
  if (report.blankPages.length > 0) lines.push(`  ${plural(report.blankPages.length, 'blank page')}: ${formatPageRanges(report.blankPages)}`);
  if (report.lowConfidencePages.length > 0) lines.push(`  ${lowConfidenceLine(report.lowConfidencePages)} (check them with pagewise text ${docRef} --pages ...)`);
  for (const error of report.errors ?? []) lines.push(`  page ${error.page}: ${error.message}`);
  const pending = report.pendingPages ?? [];
  if (pending.length > 0) {
    lines.push(`  ${plural(pending.length, 'page')} still ${pending.length === 1 ? 'needs' : 'need'} OCR: ${formatPageRanges(pending)} (run: pagewise ocr ${docRef})`);
  }
  return lines;
}
