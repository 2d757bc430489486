/**
 * The OCR line of a library row (issue 11): how many scanned pages wait for
 * OCR with a "Run OCR" button; while it runs, "Reading scanned pages: OCR page
 * 3 of 12" with a progress bar and Cancel (the pages read stay); afterwards
 * what the run read, and which pages it read with low confidence.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { DocumentRecord, OcrDocStatus } from '../../../../shared/api';
import { formatInt, formatCost, plural } from '../../lib/format';
import { toApiError } from '../../api/errors';
import { useClient } from '../../state';
import { dismissOcr, startOcr, useOcrRun, useVisionAsk, type OcrRunState } from './ocrRuns';
import { lowConfidenceText, ocrProgressText, waitingText } from './ocrWords';
import './ocr.css';

export function OcrRowStatus({ doc, status, onChanged }: { doc: DocumentRecord; status: OcrDocStatus | undefined; onChanged: () => void }): ReactNode {
  const client = useClient();
  const run = useOcrRun(doc.id);
  const pending = status?.pendingPages.length ?? 0;
  const [vision, setVision] = useState<{ text: string; ready: boolean } | null>(null);
  const visionAsk = useVisionAsk(doc.id);

  /** The model reads the page images: say what it sends and costs first (ocr.plan sends nothing; the detail is the setting's). */
  const askVision = (): void => {
    setVision({ text: 'Counting what the page images would cost…', ready: false });
    client
      .call('ocr.plan', { docId: doc.id })
      .then((plan) =>
        setVision({
          text: `Send ${plural(plan.pages.length, 'page image')} to ${plan.model}: ${formatInt(plan.promptTokens)} prompt tokens, ${formatCost(plan.promptCostUsd)} (at most ${formatCost(plan.maxCostUsd)} with the transcriptions).`,
          ready: plan.pages.length > 0,
        }),
      )
      .catch((error: unknown) => setVision({ text: toApiError(error).message, ready: false }));
  };

  // a scan just added with "Send page images to the model": open the cost note once its pages are known
  const openAsked = visionAsk.asked && pending > 0 && run?.kind !== 'running';
  useEffect(() => {
    if (!openAsked) return;
    visionAsk.take();
    askVision();
    // askVision and visionAsk are new each render; what matters is opening once per ask
  }, [openAsked]);

  if (run?.kind === 'running') {
    const p = run.progress;
    return (
      <div className="ocr-row" role="status" aria-live="polite" data-testid="ocr-row-progress">
        <div className="ocr-row-line ocr-row-progress">
          <span className="spinner" aria-hidden="true" />
          <span>{run.stopping ? `${ocrProgressText(p)} · stopping after the pages being read…` : ocrProgressText(p)}</span>
          {run.stopping ? null : (
            <button type="button" className="link-button" onClick={run.cancel} aria-label={`Cancel OCR of ${doc.title}`}>
              Cancel
            </button>
          )}
        </div>
        <progress
          aria-label={`OCR of ${doc.title}`}
          max={p && p.total > 0 ? p.total : undefined}
          value={p && p.total > 0 ? p.done : undefined}
        />
      </div>
    );
  }

  const outcome = run ? <RunOutcome run={run} pending={pending} onDismiss={() => dismissOcr(doc.id)} /> : null;
  if (pending === 0) return outcome;
  return (
    <>
      {outcome}
      <div className="ocr-row ocr-row-line" data-testid="ocr-row-pending">
        <span className="badge badge-warn">{waitingText(pending)}</span>
        <button
          type="button"
          className="button button-small"
          aria-label={`Run OCR on ${doc.title}`}
          title="Read the scanned pages offline so they can be searched, counted, quoted and asked about"
          onClick={() => startOcr(client, doc.id, onChanged)}
        >
          Run OCR
        </button>
        {vision === null ? (
          <button
            type="button"
            className="link-button subtle"
            title="For hard scans (handwriting, stamps, skewed tables): the model reads the page images. Shows the cost first."
            onClick={askVision}
          >
            Transcribe with the model…
          </button>
        ) : null}
      </div>
      {vision ? (
        <div className="ocr-row ocr-row-line" role="status" data-testid="ocr-vision-cost">
          <span>{vision.text}</span>
          {vision.ready ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setVision(null);
                startOcr(client, doc.id, onChanged, 'vision');
              }}
            >
              Send
            </button>
          ) : null}
          <button type="button" className="link-button" onClick={() => setVision(null)}>
            {vision.ready ? 'Cancel' : 'Close'}
          </button>
        </div>
      ) : null}
    </>
  );
}

function RunOutcome({ run, pending, onDismiss }: { run: Exclude<OcrRunState, { kind: 'running' }>; pending: number; onDismiss: () => void }): ReactNode {
  let text: string;
  let problem = false;
  if (run.kind === 'done') {
    const o = run.outcome;
    const read = o.readNow.filter((page) => o.ocrPages.includes(page)).length;
    const parts = o.usage
      ? [`The model transcribed ${plural(read, 'page')} (${formatCost(o.usage.costUsd)}).`]
      : [read > 0 ? `OCR read ${plural(read, 'page')}.` : 'OCR found no text to read.'];
    if (o.lowConfidencePages.length > 0) parts.push(`${lowConfidenceText(o.lowConfidencePages)}.`);
    if (o.errors.length > 0) {
      problem = true;
      parts.push(`${plural(o.errors.length, 'page')} could not be read: ${o.errors.map((e) => e.page).join(', ')}.`);
    }
    text = parts.join(' ');
  } else if (run.kind === 'stopped') {
    const read = run.outcome ? run.outcome.readNow.filter((page) => run.outcome?.ocrPages.includes(page)).length : null;
    const waiting = run.outcome ? run.outcome.pendingPages.length : pending;
    text = `OCR stopped${read === null ? '' : ` after reading ${plural(read, 'page')}`}. The pages read are kept${waiting > 0 ? `; ${plural(waiting, 'page')} still wait` : ''}.`;
  } else {
    problem = true;
    text = `OCR could not finish: ${run.message}`;
  }
  return (
    <div className={`ocr-row ocr-row-line ocr-outcome${problem ? ' ocr-outcome-problem' : ''}`} role={problem ? 'alert' : 'status'} data-testid="ocr-row-outcome">
      <span>{text}</span>
      <button type="button" className="icon-button notice-dismiss" aria-label="Dismiss the OCR note" title="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
