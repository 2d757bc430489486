/** Small helpers for a readable benchmark report (plain text, aligned columns). */

export function heading(title: string): void {
  console.log('');
  console.log(title);
  console.log('='.repeat(Math.min(78, title.length)));
}

export function note(text: string): void {
  console.log(`  ${text}`);
}

/** Print rows as aligned columns; numbers right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((row) => row.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((row) => typeof row[i] === 'number' || /^[<>~]?[-\d.,]+( ?[a-zA-Z%/x]+)?$/.test(String(row[i] ?? ''))));
  const line = (row: string[]): string =>
    `  ${row.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()}`;
  console.log(line(headers));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells.slice(1)) console.log(line(row));
}

/** "✓" when the target is met, "✗" when missed. */
export function mark(ok: boolean): string {
  return ok ? '✓' : '✗';
}

export function fmtInt(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function fmtRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(0)} k`;
  return perSecond.toFixed(0);
}

export function fmtUsd(value: number): string {
  return value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(3)}`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'PagewiseError' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
