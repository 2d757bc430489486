/**
 * The laid-out text of any page (page-text.ts), read from pdf.js on first use
 * and kept for the open document: quotes and search words are found in it
 * whether or not the page has been drawn yet.
 */
import { useCallback, useEffect, useRef } from 'react';
import { pageTextFromItems, type PageText, type TextItemLike } from '../../lib/page-text';
import type { PdfDocument } from '../../lib/pdfjs';

/** Pages kept (a long search walks many; each is a few kilobytes). */
const KEEP = 400;

export type GetPageText = (page: number) => Promise<PageText>;

export function usePageTexts(doc: PdfDocument | null): GetPageText {
  const cache = useRef(new Map<number, Promise<PageText>>());
  useEffect(() => {
    cache.current = new Map();
  }, [doc]);
  return useCallback(
    (page: number) => {
      if (!doc) return Promise.reject(new Error('The PDF is not open yet.'));
      const known = cache.current.get(page);
      if (known) return known;
      // the same options as the text layer's stream and as ingest, so the items line up with the spans drawn
      const loading = doc
        .getPage(page)
        .then((p) => p.getTextContent({ includeMarkedContent: false, disableNormalization: false }))
        .then((content) => pageTextFromItems(content.items as TextItemLike[]));
      loading.catch(() => cache.current.delete(page));
      cache.current.set(page, loading);
      if (cache.current.size > KEEP) {
        const oldest = cache.current.keys().next().value;
        if (oldest !== undefined) cache.current.delete(oldest);
      }
      return loading;
    },
    [doc],
  );
}
