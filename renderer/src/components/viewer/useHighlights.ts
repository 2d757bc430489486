/**
 * What is marked on the pages: a cited quote (located once over its page or
 * pages) or the words of a search (every occurrence, on each matching page as
 * it comes into view). Gives the item ranges per page and whether the quote
 * was found.
 */
import { useEffect, useState } from 'react';
import { quoteRanges, termRanges, type ItemRange } from '../../lib/page-text';
import { PdfNotOpenError, type GetPageText } from './usePageTexts';

export type HighlightRequest =
  | { kind: 'quote'; page: number; pageEnd?: number; quote: string; seq: number }
  | { kind: 'search'; words: ReadonlyMap<number, readonly string[]>; seq: number };

export interface Marks {
  kind: 'quote' | 'search';
  seq: number;
  byPage: ReadonlyMap<number, readonly ItemRange[]>;
}

export interface QuoteOutcome {
  seq: number;
  found: boolean;
  /** the first page the quote was placed on */
  page: number | null;
}

export function useHighlights(
  getPageText: GetPageText,
  request: HighlightRequest | null,
  visiblePages: ReadonlySet<number>,
  pageCount: number,
): { marks: Marks | null; quoteOutcome: QuoteOutcome | null } {
  const [marks, setMarks] = useState<Marks | null>(null);
  const [quoteOutcome, setQuoteOutcome] = useState<QuoteOutcome | null>(null);

  // a quote: locate it over the cited page(s) once
  useEffect(() => {
    setMarks(request ? { kind: request.kind, seq: request.seq, byPage: new Map() } : null);
    setQuoteOutcome(null);
    if (request?.kind !== 'quote') return;
    let cancelled = false;
    const last = Math.min(pageCount, Math.max(request.page, request.pageEnd ?? request.page));
    const numbers: number[] = [];
    for (let p = request.page; p <= last; p++) numbers.push(p);
    Promise.all(numbers.map(async (pageNumber) => ({ pageNumber, text: await getPageText(pageNumber) })))
      .then((pages) => {
        if (cancelled) return;
        const byPage = quoteRanges(pages, request.quote);
        setMarks({ kind: 'quote', seq: request.seq, byPage: byPage ?? new Map() });
        setQuoteOutcome({ seq: request.seq, found: byPage !== null, page: byPage ? Math.min(...byPage.keys()) : null });
      })
      .catch((error: unknown) => {
        // before the PDF is open the quote is looked for again once it is (getPageText changes)
        if (!cancelled && !(error instanceof PdfNotOpenError)) setQuoteOutcome({ seq: request.seq, found: false, page: null });
      });
    return () => {
      cancelled = true;
    };
  }, [getPageText, request, pageCount]);

  // search words: mark each matching page when it is near the viewport
  useEffect(() => {
    if (request?.kind !== 'search') return;
    const todo = [...visiblePages].filter((p) => request.words.has(p) && !marks?.byPage.has(p));
    if (todo.length === 0 || marks?.seq !== request.seq) return;
    let cancelled = false;
    Promise.all(todo.map(async (p) => [p, termRanges(await getPageText(p), request.words.get(p) ?? [])] as const))
      .then((found) => {
        if (cancelled) return;
        setMarks((prev) => {
          if (!prev || prev.seq !== request.seq) return prev;
          const byPage = new Map(prev.byPage);
          for (const [p, ranges] of found) byPage.set(p, ranges);
          return { ...prev, byPage };
        });
      })
      .catch(() => undefined); // a page whose text cannot be read is simply not marked
    return () => {
      cancelled = true;
    };
  }, [getPageText, request, visiblePages, marks]);

  return { marks, quoteOutcome };
}
