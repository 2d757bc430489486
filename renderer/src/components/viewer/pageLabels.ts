/**
 * Printed page labels in the page box: a page is shown by the number printed
 * on it ("22", "xii") when the document has one, and the box accepts either a
 * printed label or the PDF's own page number.
 */

/** What the page box shows for a page: its printed label, else its number. */
export function pageBoxText(page: number, labels: readonly (string | null)[]): string {
  return labels[page - 1] ?? String(page);
}

/** True when the page has a printed label other than its own number. */
export function hasOwnLabel(page: number, labels: readonly (string | null)[]): boolean {
  const label = labels[page - 1];
  return label !== null && label !== undefined && label !== String(page);
}

/**
 * The page a typed text means: "pdf 36" or "#36" is the 36th page of the file; a printed label ("22",
 * "xii", "A-3") is the page that prints it; another number is that page of the file. Null when nothing fits.
 */
export function resolvePageInput(input: string, labels: readonly (string | null)[], pageCount: number): number | null {
  const text = input.trim();
  if (text === '') return null;
  const physical = /^(?:pdf\s*|#\s*)(\d+)$/i.exec(text);
  if (physical) return clampPage(Number(physical[1]), pageCount);
  const wanted = text.toLowerCase();
  const labelled = labels.findIndex((l) => l !== null && l.toLowerCase() === wanted);
  if (labelled >= 0 && labelled < pageCount) return labelled + 1;
  if (/^\d+$/.test(text)) return clampPage(Number(text), pageCount);
  return null;
}

function clampPage(page: number, pageCount: number): number | null {
  if (!Number.isFinite(page) || pageCount < 1) return null;
  return Math.min(Math.max(1, Math.round(page)), pageCount);
}
