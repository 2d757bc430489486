/**
 * Marks ranges of a pdf.js text layer: each text item's span gets its text
 * split around <span class="highlight">. Which characters to mark comes from
 * page-text.ts (the quote or search words located in the page's text). Pure
 * DOM, no innerHTML.
 */
import type { ItemRange } from './page-text';

/** Puts every marked span back to its original text. */
export function clearMarks(divs: readonly HTMLElement[], items: readonly string[]): void {
  divs.forEach((div, i) => {
    if (div.dataset.marked === undefined) return;
    div.textContent = items[i] ?? div.textContent;
    delete div.dataset.marked;
  });
}

/**
 * Marks the ranges (in item order) and returns the first mark, or null when none could be placed.
 * `divs[i]` is the text-layer span of text item i, `items[i]` its text.
 */
export function markRanges(divs: readonly HTMLElement[], items: readonly string[], ranges: readonly ItemRange[], kind: 'quote' | 'search'): HTMLElement | null {
  clearMarks(divs, items);
  const byItem = new Map<number, ItemRange[]>();
  for (const r of ranges) {
    // a space item between table cells would show as a sliver of colour: leave it
    if ((items[r.item] ?? '').slice(r.from, r.to).trim() === '') continue;
    byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  }
  const ordered = [...byItem.keys()].sort((a, b) => a - b);
  let first: HTMLElement | null = null;
  ordered.forEach((item, k) => {
    const div = divs[item];
    const text = items[item];
    if (!div || text === undefined) return;
    div.dataset.marked = '';
    div.textContent = '';
    let at = 0;
    const own = (byItem.get(item) ?? []).sort((a, b) => a.from - b.from);
    own.forEach((r, j) => {
      const from = Math.max(at, Math.min(r.from, text.length));
      const to = Math.max(from, Math.min(r.to, text.length));
      if (from > at) div.append(document.createTextNode(text.slice(at, from)));
      if (to > from) {
        const mark = document.createElement('span');
        // a quote over several items reads as one band: round only its two ends
        const position = kind === 'search' || ordered.length === 1 ? '' : k === 0 && j === 0 ? ' begin' : k === ordered.length - 1 && j === own.length - 1 ? ' end' : ' middle';
        mark.className = `highlight${kind === 'search' ? ' search' : ''}${position}`;
        mark.textContent = text.slice(from, to);
        div.append(mark);
        first ??= mark;
      }
      at = to;
    });
    if (at < text.length) div.append(document.createTextNode(text.slice(at)));
  });
  return first;
}
