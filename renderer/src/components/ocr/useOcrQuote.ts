/**
 * A cited quote on scanned pages: the word boxes of the cited page(s) are
 * fetched (ocr.words) and the quote located in their OCR text. Gives boxes per
 * page once looked for (found false when no cited page was read by OCR, or
 * the quote is not in its text), so the viewer knows whether to say "not located".
 */
import { useEffect, useState } from 'react';
import { ocrQuoteBoxes, type Box, type OcrPageWords } from '../../lib/ocr-quote';
import { useClient } from '../../state';

export interface OcrQuoteMarks {
  seq: number;
  found: boolean;
  byPage: ReadonlyMap<number, readonly Box[]>;
}

export function useOcrQuote(
  docId: string,
  request: { kind: 'quote'; page: number; pageEnd?: number; quote: string; seq: number } | { kind: 'search'; seq: number } | null,
  pageCount: number,
): OcrQuoteMarks | null {
  const client = useClient();
  const [marks, setMarks] = useState<OcrQuoteMarks | null>(null);
  useEffect(() => {
    setMarks(null);
    if (request?.kind !== 'quote') return;
    let live = true;
    const last = Math.min(pageCount, Math.max(request.page, request.pageEnd ?? request.page));
    const numbers: number[] = [];
    for (let p = request.page; p <= last; p++) numbers.push(p);
    Promise.all(numbers.map((page) => client.call('ocr.words', { docId, page })))
      .then((pages) => {
        if (!live) return;
        const scanned: OcrPageWords[] = pages.map((p) => ({ pageNumber: p.page, text: p.text, words: p.words }));
        const byPage = pages.some((p) => p.source !== 'text' && p.words.length > 0) ? ocrQuoteBoxes(scanned, request.quote) : null;
        setMarks({ seq: request.seq, found: byPage !== null, byPage: byPage ?? new Map() });
      })
      .catch(() => {
        if (live) setMarks({ seq: request.seq, found: false, byPage: new Map() });
      });
    return () => {
      live = false;
    };
  }, [client, docId, request, pageCount]);
  return marks;
}
