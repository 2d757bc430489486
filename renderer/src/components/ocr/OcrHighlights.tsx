/** Highlight boxes drawn over a scanned page's image, one per quoted word (from the word boxes OCR kept). */
import { useEffect, useRef, type ReactNode } from 'react';
import type { Box } from '../../lib/ocr-quote';
import './ocr.css';

export function OcrHighlights({ boxes, onDrawn }: { boxes: readonly Box[]; onDrawn: (first: HTMLElement | null) => void }): ReactNode {
  const layer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    onDrawn(layer.current?.querySelector<HTMLElement>('.ocr-highlight') ?? null);
    // once per set of boxes drawn
  }, [boxes]);
  return (
    <div className="ocr-highlights" ref={layer} aria-hidden="true">
      {boxes.map((box, i) => (
        <div
          key={i}
          className="ocr-highlight"
          data-word={box.text}
          style={{
            left: `${box.x0 * 100}%`,
            top: `${box.y0 * 100}%`,
            width: `${(box.x1 - box.x0) * 100}%`,
            height: `${(box.y1 - box.y0) * 100}%`,
          }}
        />
      ))}
    </div>
  );
}
