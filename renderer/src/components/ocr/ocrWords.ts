/** Words for OCR outcomes, shared by the library row, the drop outcome and the viewer. */
import type { Progress } from '../../../../shared/api';
import { formatInt, plural } from '../../lib/format';

export function ocrProgressText(p: Progress | null): string {
  if (!p || p.total <= 0) return 'Reading scanned pages…';
  return `Reading scanned pages: OCR page ${formatInt(Math.min(p.done + 1, p.total))} of ${formatInt(p.total)}`;
}

/** "3 pages read with low confidence: 14, 15, 61" */
export function lowConfidenceText(pages: readonly number[]): string {
  return `${plural(pages.length, 'page')} read with low confidence: ${pages.join(', ')}`;
}

export function waitingText(pending: number): string {
  return `${plural(pending, 'scanned page')} waiting for OCR`;
}
