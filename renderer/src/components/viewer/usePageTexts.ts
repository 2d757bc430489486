/**
 * The laid-out text of any page (page-text.ts), read from pdf.js on first use
 * and kept for the open document: quotes and search words are found in it
 * whether or not the page has been drawn yet.
 */
import { useCallback, useRef } from 'react';
import { pageTextFromItems, type PageText, type TextItemLike } from '../../lib/page-text';
import type { PdfDocument } from '../../lib/pdfjs';

/** Pages kept (a long search walks many; each is a few kilobytes). */
const KEEP = 400;

export type GetPageText = (page: number) => Promise<PageText>;

/** Asked before the PDF is open (a document opened at a citation): not a failure to find anything. */
export class PdfNotOpenError extends Error {
  constructor() {
    super('The PDF is not open yet.');
  }
}

export function usePageTexts(doc: PdfDocument | null): GetPageText {
  const cache = useRef({ doc, pages: new Map<number, Promise<PageText>>() });
  return useCallback(
    (page: number) => {
      if (!doc) return Promise.reject(new PdfNotOpenError());
      if (cache.current.doc !== doc) cache.current = { doc, pages: new Map() };
      const pages = cache.current.pages;
      const known = pages.get(page);
      if (known) return known;
      // the same options as the text layer's stream and as ingest, so the items line up with the spans drawn
      const loading = doc
        .getPage(page)
        .then((p) => p.getTextContent({ includeMarkedContent: false, disableNormalization: false }))
        .then((content) => pageTextFromItems(content.items as TextItemLike[]));
      loading.catch(() => pages.delete(page));
      pages.set(page, loading);
      if (pages.size > KEEP) {
        const oldest = pages.keys().next().value;
        if (oldest !== undefined) pages.delete(oldest);
      }
      return loading;
    },
    [doc],
  );
}
