/**
 * Above the pages of a scanned document: the pages OCR read with low
 * confidence, each a link to the page ("3 pages read with low confidence: 14,
 * 15, 61"), so a reader checks quotes there against the image; and the pages
 * still waiting for OCR, with "Run OCR".
 */
import { useState, type ReactNode } from 'react';
import { useClient } from '../../state';
import { startOcr, useOcrRun } from './ocrRuns';
import { ocrProgressText, waitingText } from './ocrWords';
import { useOcrStatus } from './useOcrStatus';
import { plural } from '../../lib/format';
import './ocr.css';

export function OcrViewerNote({ docId, onGo }: { docId: string; onGo: (page: number) => void }): ReactNode {
  const client = useClient();
  const [reload, setReload] = useState(0);
  const status = useOcrStatus(reload, [docId]).get(docId);
  const run = useOcrRun(docId);
  if (!status) return null;
  const low = status.lowConfidencePages;
  const pending = status.pendingPages.length;
  if (low.length === 0 && pending === 0) return null;
  return (
    <div className="ocr-low" role="note" data-testid="ocr-viewer-note">
      {low.length > 0 ? (
        <>
          <span>{plural(low.length, 'page')} read with low confidence:</span>
          {low.map((page, i) => (
            <button key={page} type="button" className="link-button" aria-label={`Go to page ${page}, read with low confidence`} onClick={() => onGo(page)}>
              {page}
              {i < low.length - 1 ? ',' : ''}
            </button>
          ))}
          <span className="muted">— check quotes there against the page image.</span>
        </>
      ) : null}
      {pending > 0 ? (
        run?.kind === 'running' ? (
          <span role="status">{ocrProgressText(run.progress)}</span>
        ) : (
          <>
            <span>{waitingText(pending)}.</span>
            <button type="button" className="button button-small" onClick={() => startOcr(client, docId, () => setReload((n) => n + 1))}>
              Run OCR
            </button>
          </>
        )
      ) : null}
    </div>
  );
}
