/** One page: pdf.js canvas + text layer, drawn while near the viewport, with its marks (quote or search words). */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { clearMarks, markRanges } from '../../lib/highlight';
import type { ItemRange } from '../../lib/page-text';
import { TextLayer, type PdfDocument } from '../../lib/pdfjs';
import type { PageSize } from './usePdfDocument';
import { OcrHighlights } from '../ocr/OcrHighlights';
import type { Box } from '../../lib/ocr-quote';

interface DrawnText {
  divs: HTMLElement[];
  items: string[];
}

export function PageView({
  doc,
  pageNumber,
  scale,
  size,
  visible,
  marks,
  markKind,
  ocrBoxes,
  onSize,
  onMarked,
}: {
  doc: PdfDocument;
  pageNumber: number;
  scale: number;
  size: PageSize;
  visible: boolean;
  /** ranges of this page's text items to mark; null for none */
  marks: readonly ItemRange[] | null;
  markKind: 'quote' | 'search';
  /** a quote on a scanned page: boxes over the words OCR read (it has no text layer to mark) */
  ocrBoxes?: readonly Box[] | null;
  onSize: (page: number, size: PageSize) => void;
  /** the marks were placed: the first mark (null when none could be) */
  onMarked: (page: number, first: HTMLElement | null) => void;
}): ReactNode {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const drawn = useRef<DrawnText | null>(null);
  const [rendered, setRendered] = useState<number | null>(null); // scale the text layer was rendered at
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    let renderTask: { cancel: () => void; promise: Promise<unknown> } | null = null;
    let textLayer: InstanceType<typeof TextLayer> | null = null;
    (async () => {
      try {
        const page = await doc.getPage(pageNumber);
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        if (Math.abs(base.width - size.width) > 0.5 || Math.abs(base.height - size.height) > 0.5) {
          onSize(pageNumber, { width: base.width, height: base.height });
        }
        const viewport = page.getViewport({ scale });
        const canvas = canvasRef.current;
        const textDiv = textRef.current;
        if (!canvas || !textDiv) return;
        const ratio = Math.min(window.devicePixelRatio || 1, 2);
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        const context = canvas.getContext('2d');
        if (!context) return;
        renderTask = page.render({
          canvas,
          canvasContext: context,
          viewport,
          ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}),
        });
        textDiv.replaceChildren();
        drawn.current = null;
        textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: textDiv, viewport });
        await Promise.all([renderTask.promise, textLayer.render()]);
        if (cancelled) return;
        drawn.current = { divs: textLayer.textDivs, items: textLayer.textContentItemsStr };
        setRendered(scale);
      } catch (error) {
        if (cancelled) return;
        const name = error instanceof Error ? error.name : '';
        if (name !== 'RenderingCancelledException' && name !== 'AbortException') setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
      drawn.current = null;
      setRendered(null);
    };
    // size is only read to report a corrected size; re-rendering on it would loop
  }, [doc, pageNumber, scale, visible]);

  useEffect(() => {
    const text = drawn.current;
    if (!text || rendered === null) return;
    if (!marks || marks.length === 0) {
      clearMarks(text.divs, text.items);
      if (marks) onMarked(pageNumber, null);
      return;
    }
    onMarked(pageNumber, markRanges(text.divs, text.items, marks, markKind));
  }, [rendered, marks, markKind]);

  return (
    <div
      className="pdf-page"
      data-page={pageNumber}
      data-rendered={rendered !== null ? 'true' : 'false'}
      style={{ width: size.width * scale, height: size.height * scale, ['--scale-factor' as string]: String(scale) }}
      aria-label={`Page ${pageNumber}`}
    >
      {visible ? (
        <>
          <canvas ref={canvasRef} style={{ width: size.width * scale, height: size.height * scale }} />
          <div ref={textRef} className="textLayer" />
          {ocrBoxes && ocrBoxes.length > 0 ? <OcrHighlights boxes={ocrBoxes} onDrawn={(first) => onMarked(pageNumber, first)} /> : null}
        </>
      ) : null}
      {failed ? <div className="pdf-page-error">Page {pageNumber} could not be drawn.</div> : null}
      {visible && rendered === null && !failed ? <div className="pdf-page-loading" aria-hidden="true" /> : null}
    </div>
  );
}
