/**
 * "OCR · 96%" beside the page box when the page's text was read from the scan
 * (issue 11): a reader then knows quotes and search on this page depend on OCR.
 */
import { useEffect, useState } from 'react';
import { useClient } from '../state';

/** Under this mean word confidence a page is flagged as read poorly (same threshold as the engine's list). */
const LOW_CONFIDENCE = 75;

interface PageSource {
  page: number;
  source: 'text' | 'ocr' | 'vision';
  confidence: number | null;
}

export function OcrPageMark({ docId, page }: { docId: string; page: number }) {
  const client = useClient();
  const [info, setInfo] = useState<PageSource | null>(null);

  useEffect(() => {
    let live = true;
    client
      .call('ocr.text', { docId, pages: [page] })
      .then((result) => {
        const found = result.pages[0];
        if (live) setInfo(found ? { page: found.page, source: found.source, confidence: found.confidence } : null);
      })
      .catch(() => {
        if (live) setInfo(null);
      });
    return () => {
      live = false;
    };
  }, [client, docId, page]);

  if (!info || info.page !== page || info.source === 'text') return null;
  const confidence = info.confidence === null ? null : Math.round(info.confidence);
  const low = confidence !== null && confidence < LOW_CONFIDENCE;
  const how = info.source === 'ocr' ? 'read from the scanned image by OCR' : 'transcribed from the page image by the model';
  return (
    <span
      className={`ocr-mark${low ? ' ocr-mark-low' : ''}`}
      data-testid="ocr-mark"
      title={`The text of this page was ${how}${confidence === null ? '' : `, with ${confidence}% confidence`}${low ? ': check quotes against the page' : ''}.`}
    >
      {info.source === 'ocr' ? 'OCR' : 'Vision'}
      {confidence === null ? '' : ` · ${confidence}%`}
    </span>
  );
}
