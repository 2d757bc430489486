/** Terminal output: numbers, tables, progress bars, errors. */
import type { ErrorShape } from '../core/errors';
import { writeStdout } from './stdout';

let numberFormat: Intl.NumberFormat | null = null;

/** 1234567 -> "1,234,567". Whole numbers without Intl: its first use costs a CLI run ~50-150 ms. */
export function formatInt(value: number): string {
  if (Number.isSafeInteger(value)) return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(value);
}

/** "1 page", "2,000 pages" */
export function plural(count: number, noun: string): string {
  return `${formatInt(count)} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatUsd(value: number): string {
  if (value === 0) return '$0.00';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

/** Page numbers as compact ranges: [1,2,3,7,9,10] -> "1-3, 7, 9-10". */
export function formatPageRanges(pages: readonly number[]): string {
  const sorted = [...pages].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let previous = sorted[0];
  for (let i = 1; i <= sorted.length; i++) {
    const page = sorted[i];
    if (page !== undefined && previous !== undefined && page === previous + 1) {
      previous = page;
      continue;
    }
    if (start !== undefined && previous !== undefined) parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = page;
    previous = page;
  }
  return parts.join(', ');
}

/** Left-aligned text columns, right-aligned numeric columns. */
export function formatTable(headers: string[], rows: string[][], numericColumns: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (numericColumns.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A one-line progress bar on stderr, only when stderr is a terminal. */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(label: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const width = 28;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const text = `${label} ${bar} ${done}/${total}`;
    const columns = this.stream.columns || 80;
    this.stream.write(`\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, text.length + 2))}`);
    this.drawn = true;
  }

  clear(): void {
    if (!this.drawn) return;
    const columns = this.stream.columns || 80;
    this.stream.write(`\r${' '.repeat(columns - 1)}\r`);
    this.drawn = false;
  }
}

export function printError(error: ErrorShape, prefix?: string): void {
  process.stderr.write(`pagewise: ${prefix ? `${prefix}: ` : ''}${error.message}\n`);
}

export function printJson(value: unknown): void {
  writeStdout(`${JSON.stringify(value)}\n`);
}
