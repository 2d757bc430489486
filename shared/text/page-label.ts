/**
 * How a page is named to a reader: by the number the document prints on it, with the PDF's
 * physical page beside it when the two differ. The physical number stays the page's identity in
 * data; this is only what a person reads (exports, chips, the viewer's page box).
 */

/** "p. 22 (pdf 36)" when the printed label differs from the physical page; "p. 36" when it is the same or there is none. */
export function formatPageLabel(pageNumber: number, label: string | null | undefined): string {
  const printed = label?.trim();
  if (!printed || printed === String(pageNumber)) return `p. ${pageNumber}`;
  return `p. ${printed} (pdf ${pageNumber})`;
}

/**
 * A page range: "pp. 22–23 (pdf 36–37)" when both ends print labels that differ from the physical
 * pages, "pp. 36–37" otherwise; one page (or the same page twice) reads as formatPageLabel.
 */
export function formatPageRangeLabel(
  first: number,
  firstLabel: string | null | undefined,
  last: number,
  lastLabel: string | null | undefined,
): string {
  if (last === first) return formatPageLabel(first, firstLabel);
  const a = firstLabel?.trim();
  const b = lastLabel?.trim();
  if (a && b && (a !== String(first) || b !== String(last))) return `pp. ${a}–${b} (pdf ${first}–${last})`;
  return `pp. ${first}–${last}`;
}
