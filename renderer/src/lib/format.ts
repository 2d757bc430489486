/** Display helpers: numbers, money, dates, page lists. */

const intFormat = new Intl.NumberFormat('en-US');

export function formatInt(value: number): string {
  return intFormat.format(Math.round(value));
}

/** 1234 -> "1.2k", 128000 -> "128k" (for tight places). */
export function formatCompact(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 10_000) return `${(value / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (value < 1_000_000) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '< $0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** "Today" or "Yesterday" for a date on one of those days (local time), else null. */
function relativeDay(date: Date, now: Date): 'Today' | 'Yesterday' | null {
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  const day = date.toDateString();
  return day === now.toDateString() ? 'Today' : day === yesterday.toDateString() ? 'Yesterday' : null;
}

function dayOf(date: Date): string {
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDate(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${relativeDay(date, now) ?? dayOf(date)} ${time}`;
}

/**
 * The short form for a table cell: "Today 02:31 PM", "Yesterday 09:00 AM", else the date alone
 * ("Dec 2, 2026"); formatDate gives the whole of it (the cell's tooltip).
 */
export function formatShortDate(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return relativeDay(date, now) ? formatDate(iso, now) : dayOf(date);
}

/** [1,2,3,7,9,10] -> "1–3, 7, 9–10" */
export function formatPageList(pages: readonly number[], max = 12): string {
  if (pages.length === 0) return 'none';
  const ranges: string[] = [];
  let start = pages[0] as number;
  let prev = start;
  for (let i = 1; i <= pages.length; i += 1) {
    const page = pages[i];
    if (page !== undefined && page === prev + 1) {
      prev = page;
      continue;
    }
    ranges.push(start === prev ? String(start) : `${start}–${prev}`);
    if (page !== undefined) {
      start = page;
      prev = page;
    }
  }
  if (ranges.length <= max) return ranges.join(', ');
  return `${ranges.slice(0, max).join(', ')} and ${ranges.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const SUMMARY_LABELS: Record<string, string> = {
  brief: 'Brief summary',
  detailed: 'Detailed summary',
  chapters: 'Chapter by chapter',
  'key-terms': 'Key terms',
};

/** A progress event of a question or summary, in words. */
export function analysisProgressText(p: { stage: string; done: number; total: number; message?: string } | null, writing: boolean): string {
  // a retry's message lasts until the answer starts arriving
  if (p?.message && !(p.stage === 'retry' && writing)) return p.message;
  if (p?.stage === 'map' && p.total > 1) {
    return p.done === 0 ? `Reading the document in ${p.total} chunks…` : `Chunk ${Math.min(p.done, p.total)} of ${p.total} read…`;
  }
  if (p?.stage === 'reduce') return p.total > 1 ? `Combining the partial results (${p.done} of ${p.total})…` : 'Combining the partial results…';
  if (writing) return 'Writing…';
  return 'Sending the pages to the model…';
}
