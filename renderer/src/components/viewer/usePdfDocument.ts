/**
 * Opens a library document's PDF with pdf.js and learns every page's size in
 * the background (page 1 first), so that pages not yet drawn take their real
 * height: a jump to page 250 of a book whose cover is another size lands on
 * page 250, not a few hundred pixels off.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { toApiError } from '../../api/errors';
import { openPdf, type PdfDocument } from '../../lib/pdfjs';
import { useClient } from '../../state';

export interface PageSize {
  width: number;
  height: number;
}

const LETTER: PageSize = { width: 612, height: 792 };
/** Pages measured between two updates of the size list. */
const SIZE_BATCH = 48;

export interface PdfDocumentState {
  doc: PdfDocument | null;
  error: string | null;
  /** size of each page at scale 1 (index = page - 1); a page not measured yet has the typical size */
  sizeOf: (page: number) => PageSize;
  /** the most common page size (what "fit width" fits) */
  typical: PageSize;
  /** a new value whenever a page size becomes known (positions of pages may move) */
  sizesKey: unknown;
  /** a page that was drawn reports its size (in case it was drawn before it was measured) */
  reportSize: (page: number, size: PageSize) => void;
}

function mostCommon(sizes: readonly (PageSize | undefined)[]): PageSize | null {
  const counts = new Map<string, { size: PageSize; n: number }>();
  let best: { size: PageSize; n: number } | null = null;
  for (const size of sizes) {
    if (!size) continue;
    const key = `${size.width.toFixed(1)}x${size.height.toFixed(1)}`;
    const entry = counts.get(key) ?? { size, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
    if (!best || entry.n > best.n) best = entry;
  }
  return best?.size ?? null;
}

export function usePdfDocument(docId: string): PdfDocumentState {
  const client = useClient();
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sizes, setSizes] = useState<(PageSize | undefined)[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    let destroy: (() => Promise<void>) | null = null;
    setDoc(null);
    setError(null);
    setSizes([]);
    (async () => {
      try {
        const data = await client.pdfBytes(docId, controller.signal);
        const opened = await openPdf(data);
        destroy = opened.destroy;
        if (controller.signal.aborted) {
          void opened.destroy();
          return;
        }
        const measured: (PageSize | undefined)[] = new Array<PageSize | undefined>(opened.doc.numPages);
        const measure = async (page: number): Promise<void> => {
          const vp = (await opened.doc.getPage(page)).getViewport({ scale: 1 });
          measured[page - 1] = { width: vp.width, height: vp.height };
        };
        await measure(1);
        setSizes([...measured]);
        setDoc(opened.doc);
        for (let page = 2; page <= opened.doc.numPages && !controller.signal.aborted; page += SIZE_BATCH) {
          const last = Math.min(opened.doc.numPages, page + SIZE_BATCH - 1);
          const batch: Promise<void>[] = [];
          for (let p = page; p <= last; p++) batch.push(measure(p));
          await Promise.all(batch);
          if (controller.signal.aborted) return;
          setSizes([...measured]);
        }
      } catch (err) {
        if (!controller.signal.aborted) setError(toApiError(err).message);
      }
    })();
    return () => {
      controller.abort();
      void destroy?.();
    };
  }, [client, docId]);

  const typical = useMemo(() => mostCommon(sizes) ?? LETTER, [sizes]);
  const sizeOf = useCallback((page: number): PageSize => sizes[page - 1] ?? typical, [sizes, typical]);
  const reportSize = useCallback((page: number, size: PageSize) => {
    setSizes((prev) => {
      const known = prev[page - 1];
      if (known && Math.abs(known.width - size.width) <= 0.5 && Math.abs(known.height - size.height) <= 0.5) return prev;
      const next = [...prev];
      next[page - 1] = size;
      return next;
    });
  }, []);

  return { doc, error, sizeOf, typical, sizesKey: sizes, reportSize };
}
