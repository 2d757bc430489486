/**
 * OCR runs started from the app ("Run OCR" on a library row), kept outside any
 * component: a run goes on while the reader opens a document and comes back,
 * and the row shows it again. One run per document at a time; Cancel stops it
 * after the pages in flight, and the engine keeps every page already read.
 */
import { useSyncExternalStore } from 'react';
import type { OcrOutcome, Progress } from '../../../../shared/api';
import type { AppClient } from '../../api';
import { isCancelled, toApiError } from '../../api/errors';

export type OcrRunState =
  | { kind: 'running'; progress: Progress | null; cancel: () => void; stopping: boolean }
  | { kind: 'done'; outcome: OcrOutcome }
  | { kind: 'stopped'; outcome?: OcrOutcome }
  | { kind: 'failed'; message: string };

const runs = new Map<string, OcrRunState>();
const listeners = new Set<() => void>();
let version = 0;

function notify(): void {
  version += 1;
  for (const listener of listeners) listener();
}

function set(docId: string, state: OcrRunState | null): void {
  if (state) runs.set(docId, state);
  else runs.delete(docId);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Start OCR on a document's pending pages; `onSettled` runs when it ends (the library reloads). */
export function startOcr(client: AppClient, docId: string, onSettled: () => void, mode: 'auto' | 'vision' = 'auto'): void {
  if (runs.get(docId)?.kind === 'running') return;
  const controller = new AbortController();
  let stopping = false;
  // Cancel asks the engine to stop after the pages being read: it then answers with what it read, so the row
  // says the truth; should that ask fail, closing the call stops the run as well.
  const cancel = (): void => {
    stopping = true;
    const current = runs.get(docId);
    if (current?.kind === 'running') set(docId, { ...current, stopping });
    client.call('ocr.cancel', { docId }).catch(() => controller.abort());
  };
  set(docId, { kind: 'running', progress: null, cancel, stopping });
  client
    .call(
      'ocr.run',
      // vision: the detail is the visionDetail setting, the one ocr.plan counted
      mode === 'vision' ? { docId, mode } : { docId },
      {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'progress') set(docId, { kind: 'running', progress: event.progress, cancel, stopping });
        },
      },
    )
    .then(
      (outcome) => set(docId, outcome.stopped ? { kind: 'stopped', outcome } : { kind: 'done', outcome }),
      (error: unknown) => set(docId, isCancelled(error) ? { kind: 'stopped' } : { kind: 'failed', message: toApiError(error).message }),
    )
    .finally(onSettled);
}

/**
 * Documents whose row opens "Transcribe with the model…" by itself: a scan added while the setting says
 * to send page images to the model. The row shows the count and the cost; nothing is sent before "Send".
 */
const visionAsks = new Set<string>();

export function askVisionFor(docId: string): void {
  visionAsks.add(docId);
  notify();
}

/** Whether the row of `docId` should open the model's cost note; take() marks it done. */
export function useVisionAsk(docId: string): { asked: boolean; take: () => void } {
  useSyncExternalStore(subscribe, () => version);
  return { asked: visionAsks.has(docId), take: () => void visionAsks.delete(docId) };
}

/** Forget what the last run said (the reader dismissed it). */
export function dismissOcr(docId: string): void {
  if (runs.get(docId)?.kind !== 'running') set(docId, null);
}

/** The run of one document: running with its progress, or how the last one ended; null when none. */
export function useOcrRun(docId: string): OcrRunState | null {
  useSyncExternalStore(subscribe, () => version);
  return runs.get(docId) ?? null;
}
