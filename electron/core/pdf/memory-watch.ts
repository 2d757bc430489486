/**
 * A watch on this process's resident memory while pdf.js reads a document in worker threads: past a
 * budget above what it was when the watch began, its signal aborts (the pool then terminates the
 * workers, which stops pdf.js even inside a decode loop). The stream budget (stream-budget.ts) bounds
 * the bombs it can see before pdf.js opens a file; this bounds what it cannot see: the streams of an
 * encrypted document, which only pdf.js can decrypt. A thread cannot watch itself while pdf.js runs in
 * it, so extract.ts gives such documents to worker threads only.
 */

/**
 * Memory a document's reading may add to the process before it is stopped. Real encrypted filings add
 * ~0.1-0.2 GB (a 306-page one: 280 MB of RSS in all). pdf.js grows a stream's buffer by doubling, so a
 * bomb peaks at up to ~2x this before the next check sees it (1.2 GB in all, measured).
 */
export const DEFAULT_MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;
const CHECK_EVERY_MS = 50;

export interface MemoryWatch {
  /** Aborts once the budget is passed. */
  readonly signal: AbortSignal;
  /** The budget was passed (and the signal aborted for it). */
  readonly tripped: boolean;
  stop(): void;
}

export function watchMemory(budgetBytes: number = DEFAULT_MEMORY_BUDGET_BYTES): MemoryWatch {
  const controller = new AbortController();
  const base = process.memoryUsage.rss();
  let tripped = false;
  const timer = setInterval(() => {
    if (process.memoryUsage.rss() - base <= budgetBytes) return;
    tripped = true;
    clearInterval(timer);
    controller.abort();
  }, CHECK_EVERY_MS);
  timer.unref(); // the watch never keeps a process alive
  return {
    signal: controller.signal,
    get tripped() {
      return tripped;
    },
    stop: () => clearInterval(timer),
  };
}
