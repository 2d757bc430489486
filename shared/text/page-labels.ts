/**
 * How a page is named to a reader. A page's identity is its physical number
 * (1-based, in data and JSON); a reader looks pages up by the number printed
 * on them, the label. Where the label differs from the physical number both
 * are shown: "p. 22 (pdf 36)"; otherwise just "p. 36".
 * Used by the citation chips, "copy citation", and meant for exports and the
 * viewer's page box.
 */

export interface LabelledPages {
  /** Physical page (first page of a range). */
  page: number;
  /** Physical last page of a range. */
  pageEnd?: number | undefined;
  /** Printed label of `page`; null or absent when the PDF prints none (or it is unknown). */
  pageLabel?: string | null | undefined;
  /** Printed label of `pageEnd`. */
  pageEndLabel?: string | null | undefined;
}

/** A label worth showing: present and not the same as the physical number. */
function distinctLabel(label: string | null | undefined, physical: number): string | null {
  const trimmed = label?.trim() ?? '';
  return trimmed !== '' && trimmed !== String(physical) ? trimmed : null;
}

/** The printed page, or the physical one when there is no label: what a reader finds on paper. */
export function printedPage(page: number, label: string | null | undefined): string {
  const trimmed = label?.trim() ?? '';
  return trimmed !== '' ? trimmed : String(page);
}

/**
 * "p. 36", "p. 22 (pdf 36)", "pp. 14–15", "pp. 12–13 (pdf 14–15)".
 * A range shows printed labels when either end has one that differs.
 */
export function formatPageRef(ref: LabelledPages): string {
  const end = ref.pageEnd !== undefined && ref.pageEnd > ref.page ? ref.pageEnd : null;
  if (end === null) {
    const label = distinctLabel(ref.pageLabel, ref.page);
    return label === null ? `p. ${ref.page}` : `p. ${label} (pdf ${ref.page})`;
  }
  const startLabel = distinctLabel(ref.pageLabel, ref.page);
  const endLabel = distinctLabel(ref.pageEndLabel, end);
  if (startLabel === null && endLabel === null) return `pp. ${ref.page}\u2013${end}`;
  return `pp. ${printedPage(ref.page, ref.pageLabel)}\u2013${printedPage(end, ref.pageEndLabel)} (pdf ${ref.page}\u2013${end})`;
}

/** A spoken form for screen readers and tooltips: "page 22 (page 36 of the PDF)". */
export function describePageRef(ref: LabelledPages): string {
  const end = ref.pageEnd !== undefined && ref.pageEnd > ref.page ? ref.pageEnd : null;
  const startLabel = distinctLabel(ref.pageLabel, ref.page);
  const endLabel = end === null ? null : distinctLabel(ref.pageEndLabel, end);
  if (end === null) return startLabel === null ? `page ${ref.page}` : `page ${startLabel} (page ${ref.page} of the PDF)`;
  if (startLabel === null && endLabel === null) return `pages ${ref.page} to ${end}`;
  return `pages ${printedPage(ref.page, ref.pageLabel)} to ${printedPage(end, ref.pageEndLabel)} (pages ${ref.page} to ${end} of the PDF)`;
}

/**
 * A reference a reader can look up, for a memo: title, printed page, quote.
 *   Commercial Lease Agreement, p. 22 (pdf 36): “Either party may terminate …”
 */
export function formatCitationReference(documentTitle: string, ref: LabelledPages & { quote: string | null }): string {
  const where = `${documentTitle.trim() || 'Untitled document'}, ${formatPageRef(ref)}`;
  return ref.quote ? `${where}: \u201C${ref.quote}\u201D` : where;
}
