/**
 * A compact account of a document's printed page numbers (`info`): runs of labels that keep step
 * with the physical pages. How one page is named to a reader is formatPageRef (page-labels.ts).
 */

interface LabelRun {
  firstPage: number;
  lastPage: number;
  firstLabel: string;
  lastLabel: string;
  key: string;
}

const ROMAN_DIGITS: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** What keeps a run of labels together: the kind of number and its offset from the physical page. */
function runKey(pageNumber: number, label: string): string {
  if (/^\d+$/.test(label)) return `n${pageNumber - Number(label)}`;
  const prefixed = /^([A-Za-z]+)-(\d+)$/.exec(label);
  if (prefixed) return `${prefixed[1] ?? ''}${pageNumber - Number(prefixed[2])}`;
  if (/^[ivxlc]+$/i.test(label)) {
    const lower = label.toLowerCase();
    let value = 0;
    for (let i = 0; i < lower.length; i++) {
      const v = ROMAN_DIGITS[lower.charAt(i)] ?? 0;
      value += v < (ROMAN_DIGITS[lower.charAt(i + 1)] ?? 0) ? -v : v;
    }
    return `r${pageNumber - value}`;
  }
  return `s${pageNumber}`;
}

/**
 * A compact account of a document's printed page numbers, for `info`:
 * "p. 1–76 = pdf 3–78; p. F-1–F-9 = pdf 80–88 (85 of 90 pages print a number)", or null when none do.
 * At most `maxRuns` runs are listed.
 */
export function summarizePageLabels(pages: readonly { pageNumber: number; label: string | null }[], maxRuns = 4): string | null {
  const runs: LabelRun[] = [];
  let labelled = 0;
  for (const page of pages) {
    const label = page.label?.trim();
    if (!label) continue;
    labelled += 1;
    const key = runKey(page.pageNumber, label);
    const last = runs.at(-1);
    if (last && last.key === key) {
      last.lastPage = page.pageNumber;
      last.lastLabel = label;
    } else {
      runs.push({ firstPage: page.pageNumber, lastPage: page.pageNumber, firstLabel: label, lastLabel: label, key });
    }
  }
  if (labelled === 0) return null;
  const shown = runs.slice(0, maxRuns).map((run) =>
    run.firstPage === run.lastPage
      ? `p. ${run.firstLabel} = pdf ${run.firstPage}`
      : `p. ${run.firstLabel}–${run.lastLabel} = pdf ${run.firstPage}–${run.lastPage}`,
  );
  const more = runs.length > maxRuns ? `; ${runs.length - maxRuns} more run${runs.length - maxRuns === 1 ? '' : 's'}` : '';
  return `${shown.join('; ')}${more} (${labelled} of ${pages.length} pages print a number)`;
}
