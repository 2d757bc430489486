/**
 * A page's text as the engine stores it, rebuilt from the pdf.js text items
 * the text layer draws (same layout code, shared/text/layout.ts), with a map
 * from every character back to its item. Quotes and search words are found in
 * that text by the verifier's rules (shared/text/locate.ts) and come back as
 * ranges of text items, which highlight.ts marks on screen. Rows of a table
 * drawn column by column, two columns, ligatures and line-end hyphens all map
 * back to the right items.
 */
import { layoutTextMapped, runOrigin, type MappedLayout, type TextRun } from '../../../shared/text/layout';
import { findWhole, locateQuote, locateQuoteAcrossBreak, normalizeMapped, type TextSpan } from '../../../shared/text/locate';
import { normalizeForMatch } from '../../../shared/text/normalize';

/** Characters [from, to) of text item `item` (the item's index is its text-layer span's index). */
export interface ItemRange {
  item: number;
  from: number;
  to: number;
}

export interface PageText {
  /** the page text in reading order (what the engine stored and verified against) */
  text: string;
  layout: MappedLayout;
}

/** The fields of a pdf.js text item that layout needs (marked-content entries have no `str`). */
export interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** Lays out a page's text items the way ingest does (electron/core/pdf/document.ts extractPage). */
export function pageTextFromItems(items: readonly TextItemLike[]): PageText {
  const runs: TextRun[] = [];
  for (const item of items) {
    if (typeof item.str !== 'string') continue; // marked content: no text-layer span either
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform ?? [];
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
    runs.push({ str: item.str, x: e, y: f, w: item.width ?? 0, size });
  }
  const layout = layoutTextMapped(runs);
  return { text: layout.text.text, layout };
}

/** Item ranges for spans of the page text, one range per item touched (merged, in item order). */
export function rangesForSpans(page: PageText, spans: readonly TextSpan[]): ItemRange[] {
  const byItem = new Map<number, ItemRange[]>();
  for (const span of spans) {
    const perSpan = new Map<number, { from: number; to: number }>();
    for (const position of page.layout.text.sourcePositions(span.start, span.end)) {
      const origin = runOrigin(page.layout, position);
      if (!origin) continue;
      const range = perSpan.get(origin.run);
      if (range) {
        range.from = Math.min(range.from, origin.offset);
        range.to = Math.max(range.to, origin.offset + 1);
      } else perSpan.set(origin.run, { from: origin.offset, to: origin.offset + 1 });
    }
    for (const [item, range] of perSpan) byItem.set(item, [...(byItem.get(item) ?? []), { item, ...range }]);
  }
  const out: ItemRange[] = [];
  for (const item of [...byItem.keys()].sort((x, y) => x - y)) out.push(...mergeRanges(byItem.get(item) ?? []));
  return out;
}

function mergeRanges(ranges: ItemRange[]): ItemRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: ItemRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/**
 * Where a cited quote stands on its page(s): the pages of the citation joined (as the verifier joins a
 * range), else across the break between two of them. Item ranges per page, or null when it is not there.
 */
export function quoteRanges(pages: readonly { pageNumber: number; text: PageText }[], quote: string): Map<number, ItemRange[]> | null {
  if (pages.length === 0) return null;
  const joined = pages.map((p) => p.text.text).join('\n');
  const spans = locateQuote(quote, joined);
  if (spans) {
    const out = new Map<number, ItemRange[]>();
    let at = 0;
    for (const page of pages) {
      const end = at + page.text.text.length;
      const own = spans
        .map((s) => ({ start: Math.max(s.start, at) - at, end: Math.min(s.end, end) - at }))
        .filter((s) => s.end > s.start);
      const ranges = rangesForSpans(page.text, own);
      if (ranges.length > 0) out.set(page.pageNumber, ranges);
      at = end + 1;
    }
    return out.size > 0 ? out : null;
  }
  for (let i = 0; i + 1 < pages.length; i++) {
    const a = pages[i] as (typeof pages)[number];
    const b = pages[i + 1] as (typeof pages)[number];
    const found = locateQuoteAcrossBreak(quote, a.text.text, b.text.text);
    if (found) {
      return new Map([
        [a.pageNumber, rangesForSpans(a.text, [found.a])],
        [b.pageNumber, rangesForSpans(b.text, [found.b])],
      ]);
    }
  }
  return null;
}

/** Every whole-word occurrence of the words (as the search matched them) on the page. */
export function termRanges(page: PageText, words: readonly string[]): ItemRange[] {
  const normalized = normalizeMapped(page.text);
  const spans: TextSpan[] = [];
  for (const word of new Set(words.map((w) => normalizeForMatch(w)).filter((w) => w !== ''))) {
    for (let at = findWhole(normalized.text, word); at >= 0; at = findWhole(normalized.text, word, at + word.length)) {
      const span = normalized.span(at, at + word.length);
      if (span) spans.push({ start: span[0], end: span[1] });
    }
  }
  return rangesForSpans(page, spans);
}

/** The words a search typed (the fallback when the engine did not say which words matched). */
export function queryWords(query: string): string[] {
  return query.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}
