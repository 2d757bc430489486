// The pool when its workers die: pages a dead worker held go back to the queue, a page is blamed
// (and after two crashes recorded as failed) only when the worker was on it, and the calling thread
// finishes what no worker is left for. Real worker threads (stand-ins that die on cue), real pdf.js.
import { describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../../tests/fixtures/make-fixtures';
import { PoolWorker, runPool, sharedInit } from './pool';
import type { ExtractedPage } from './types';

const DYING_WORKER = new URL('../../../tests/fixtures/pdf-workers/dying.mjs', import.meta.url);
const PAGES = 8;

async function eightPages(): Promise<Uint8Array> {
  return makeTextPdf({ pages: Array.from({ length: PAGES }, (_, i) => `Page ${i + 1} of the harbour ledger.\nEntry ${i + 1}.`) });
}

/** Runs the pool on the given stand-in workers (no document open in this thread: only its fallback reads pages). */
async function runWith(data: Uint8Array, modes: { mode: string; crashPage?: number }[]): Promise<ExtractedPage[]> {
  const pages: ExtractedPage[] = [];
  const init = sharedInit(data, undefined);
  // the stand-in reads its mode from workerData beside the usual fields
  const started = modes.map((mode) => new PoolWorker(DYING_WORKER, { ...init, ...mode } as typeof init));
  await runPool({ data, password: undefined, started, doc: null, total: PAGES, labels: null, workers: 0, signal: undefined, onPage: (page) => void pages.push(page), onProgress: undefined });
  return pages;
}

describe('pdf pool: workers that die', () => {
  it('a worker that dies before its document is open blames no page: the one that later crashes on it once does not fail it', async () => {
    // the first worker holds pages 1-4 and dies before opening; the second serves 5-8, then takes the
    // pages handed back and crashes on page 1. Page 1 took down one worker, not two: read again, not failed.
    const pages = await runWith(await eightPages(), [{ mode: 'exit-before-open' }, { mode: 'crash-on-page', crashPage: 1 }]);
    expect(pages.map((page) => page.pageNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pages.filter((page) => page.failed)).toEqual([]);
    expect(pages[0]?.text).toContain('Page 1 of the harbour ledger.');
    expect(pages.slice(4).every((page) => page.text.startsWith('from the stand-in worker'))).toBe(true);
  });

  it('a page that crashes two workers is recorded as failed, with why; every other page is read', async () => {
    const pages = await runWith(await eightPages(), [
      { mode: 'crash-on-page', crashPage: 2 },
      { mode: 'crash-on-page', crashPage: 2 },
    ]);
    expect(pages.map((page) => page.pageNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const failed = pages.filter((page) => page.failed);
    expect(failed.map((page) => page.pageNumber)).toEqual([2]);
    expect(failed[0]?.error).toMatch(/^pdf\.js crashed on this page: pdf worker exited \(code 3\)/);
    expect(pages.filter((page) => !page.failed).every((page) => page.text.length > 0)).toBe(true);
  });

  it('when every worker dies before opening, the calling thread reads the whole document', async () => {
    const pages = await runWith(await eightPages(), [{ mode: 'exit-before-open' }, { mode: 'exit-before-open' }]);
    expect(pages.map((page) => page.text.split('\n')[0])).toEqual(Array.from({ length: PAGES }, (_, i) => `Page ${i + 1} of the harbour ledger.`));
  });
});
