/**
 * Turns positioned text runs (pdf.js text items) into plain text in reading order.
 *
 * 1. Runs are grouped into rows by baseline (tolerance ~0.5 em) and sorted by x.
 * 2. Column detection: a vertical gutter in the middle 30-70% of the text span that
 *    (almost) no row crosses, with text on both sides of it in the same rows. Rows that
 *    cross the gutter (titles, footers) stay where they are; each run of rows between
 *    them is emitted left column first, then right column (recursively, so three
 *    columns work too).
 * 3. Within a row, a space where there is a horizontal gap; a new line per row; a blank
 *    line where the vertical gap is clearly larger than the usual line spacing.
 * 4. Words hyphenated across lines are joined ("termi-" + "nation" -> "termination").
 *
 * It lives in shared/ because the viewer lays out the same pdf.js text items to
 * find a quote the engine verified: `layoutTextMapped` returns the same text with
 * a map from every character back to the run (text item) and offset it came from.
 */
import { MappedText } from './mapped-text';

export interface TextRun {
  str: string;
  /** Baseline start, PDF user space (y grows upwards). */
  x: number;
  y: number;
  /** Advance width in user space. */
  w: number;
  /** Font size in user space. */
  size: number;
}

interface Row {
  y: number;
  size: number;
  runs: TextRun[]; // sorted by x
}

interface OutLine {
  y: number;
  size: number;
  text: MappedText;
}

/** Where each run's characters start in the source (all runs' strings concatenated in input order). */
const sourceAt = new WeakMap<TextRun, number>();

const MAX_COLUMN_DEPTH = 2;

export function layoutText(runs: TextRun[]): string {
  return layoutRuns(runs, false).text.text;
}

export interface MappedLayout {
  text: MappedText;
  /** runStarts[i]: where run i's characters start in the source the map points into */
  runStarts: number[];
}

/** The same text as layoutText, with each character mapped back to its run and offset (see runOrigin). */
export function layoutTextMapped(runs: TextRun[]): MappedLayout {
  return layoutRuns(runs, true);
}

/** The run and offset a source position (from MappedText.sourcePositions) belongs to. */
export function runOrigin(layout: MappedLayout, position: number): { run: number; offset: number } | null {
  const starts = layout.runStarts;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || position < (starts[0] as number)) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= position) lo = mid;
    else hi = mid - 1;
  }
  return { run: lo, offset: position - (starts[lo] as number) };
}

/**
 * Each row's text, top of the page to bottom, by position (not reading order: no column detection);
 * for what needs the physical first and last lines, such as a running page number.
 */
export function positionalRows(runs: TextRun[]): string[] {
  return rowTexts(groupRows(usableRuns(runs)));
}

/** layoutText and positionalRows from one grouping of the runs into rows (ingest needs both for every page). */
export function layoutTextAndRows(runs: TextRun[]): { text: string; rows: string[] } {
  const rows = groupRows(usableRuns(runs));
  return { text: layoutRows(runs, rows, false).text.text, rows: rowTexts(rows) };
}

function usableRuns(runs: TextRun[]): TextRun[] {
  return runs.filter((r) => r.str.length > 0 && Number.isFinite(r.x) && Number.isFinite(r.y));
}

function rowTexts(rows: Row[]): string[] {
  return rows.map((row) => rowText(row.runs, false).text);
}

function layoutRuns(runs: TextRun[], track: boolean): MappedLayout {
  return layoutRows(runs, groupRows(usableRuns(runs)), track);
}

/** The reading-order layout of `runs`, already grouped into `rows` (emitBlock does not change them). */
function layoutRows(runs: TextRun[], rows: Row[], track: boolean): MappedLayout {
  const runStarts: number[] = [];
  let at = 0;
  for (const run of runs) {
    runStarts.push(at);
    sourceAt.set(run, at);
    at += run.str.length;
  }
  if (rows.length === 0) return { text: MappedText.inserted('', track), runStarts };
  const lines: OutLine[] = [];
  emitBlock(rows, 0, lines, track);
  return { text: finishText(lines, typicalLeading(rows), track), runStarts };
}

function groupRows(runs: TextRun[]): Row[] {
  const sorted = runs
    .map((run, index) => ({ run, index }))
    .sort((a, b) => b.run.y - a.run.y || a.run.x - b.run.x || a.index - b.index);
  const rows: Row[] = [];
  let current: Row | null = null;
  for (const { run } of sorted) {
    const size = run.size > 0 ? run.size : 10;
    if (current) {
      const tolerance = 0.5 * Math.max(Math.min(current.size, size), 1);
      if (Math.abs(current.y - run.y) <= tolerance) {
        current.runs.push(run);
        // the row's baseline is its dominant (largest) text: superscripts join without moving it
        if (size > current.size) {
          current.size = size;
          current.y = run.y;
        }
        continue;
      }
    }
    current = { y: run.y, size, runs: [run] };
    rows.push(current);
  }
  for (const row of rows) row.runs.sort((a, b) => a.x - b.x);
  return rows;
}

/** Median positive baseline gap between consecutive rows (0 when unknown). */
function typicalLeading(rows: Row[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const gap = (rows[i - 1] as Row).y - (rows[i] as Row).y;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length < 2) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)] as number; // lower median
}

function emitBlock(rows: Row[], depth: number, out: OutLine[], track: boolean): void {
  const gutter = depth < MAX_COLUMN_DEPTH ? findGutter(rows) : null;
  if (gutter === null) {
    for (const row of rows) out.push({ y: row.y, size: row.size, text: rowText(row.runs, track) });
    return;
  }
  let segment: Row[] = [];
  const flush = (): void => {
    if (segment.length === 0) return;
    const left: Row[] = [];
    const right: Row[] = [];
    for (const row of segment) {
      const l = row.runs.filter((r) => r.x + r.w / 2 < gutter);
      const r = row.runs.filter((r) => r.x + r.w / 2 >= gutter);
      if (l.length > 0) left.push({ y: row.y, size: row.size, runs: l });
      if (r.length > 0) right.push({ y: row.y, size: row.size, runs: r });
    }
    emitBlock(left, depth + 1, out, track);
    emitBlock(right, depth + 1, out, track);
    segment = [];
  };
  for (const row of rows) {
    if (crosses(row, gutter)) {
      flush();
      out.push({ y: row.y, size: row.size, text: rowText(row.runs, track) });
    } else {
      segment.push(row);
    }
  }
  flush();
}

/** Whitespace-only runs (justification spaces) never block a gutter. */
function isBlank(run: TextRun): boolean {
  return run.str.trim() === '';
}

function crosses(row: Row, x: number): boolean {
  for (const r of row.runs) if (r.x < x - 0.5 && r.x + r.w > x + 0.5 && !isBlank(r)) return true;
  return false;
}

/**
 * Finds the x of a column gutter, or null for single-column text. Uses a 1pt
 * coverage histogram: for each x, how many rows have text covering it.
 */
function findGutter(rows: Row[]): number | null {
  if (rows.length < 4) return null;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const row of rows) {
    for (const r of row.runs) {
      minX = Math.min(minX, r.x);
      maxX = Math.max(maxX, r.x + Math.max(r.w, 0));
    }
  }
  const span = maxX - minX;
  if (!(span > 50) || span > 20000) return null;
  const width = Math.ceil(span) + 1;
  const lo = Math.floor(span * 0.3);
  const hi = Math.ceil(span * 0.7);
  const medianSize = median(rows.map((r) => r.size));
  const minBand = Math.max(4, 0.5 * medianSize);

  // pass 1: the x (middle band) that the fewest rows cross
  const all = coverage(rows, minX, width, () => true);
  const first = widestRun(all, lo, hi, Math.min(...all.subarray(lo, hi + 1)));
  if (!first) return null;
  const candidate = minX + first.start + first.length / 2;
  const crossers = new Set(rows.filter((row) => crosses(row, candidate)));
  if (crossers.size > Math.max(2, 0.3 * (rows.length - crossers.size))) return null;
  // pass 2: without the rows that cross it (titles, footers), the gutter must be a clear band
  // (a centred page number or a stray mark in it is tolerated)
  const rest = coverage(rows, minX, width, (row) => !crossers.has(row));
  const band = widestRun(rest, lo, hi, Math.max(1, Math.floor(0.05 * rows.length)));
  if (!band || band.length < minBand) return null;
  const gutter = minX + band.start + band.length / 2;

  let crossing = 0;
  let leftRows = 0;
  let rightRows = 0;
  let bothRows = 0;
  let leftMin = Infinity;
  let rightMax = -Infinity;
  for (const row of rows) {
    if (crosses(row, gutter)) {
      crossing += 1;
      continue;
    }
    const hasLeft = row.runs.some((r) => r.x + r.w / 2 < gutter);
    const hasRight = row.runs.some((r) => r.x + r.w / 2 >= gutter);
    if (hasLeft) leftRows += 1;
    if (hasRight) rightRows += 1;
    if (hasLeft && hasRight) bothRows += 1;
    for (const r of row.runs) {
      if (r.x + r.w / 2 < gutter) leftMin = Math.min(leftMin, r.x);
      else rightMax = Math.max(rightMax, r.x + r.w);
    }
  }
  const columnRows = rows.length - crossing;
  if (crossing > Math.max(2, 0.3 * columnRows)) return null;
  if (leftRows < 3 || rightRows < 3 || bothRows < 2) return null;
  // both columns must be real text columns, not a narrow label column of a table
  if (gutter - leftMin < 0.25 * span || rightMax - gutter < 0.25 * span) return null;
  return gutter;
}

/** How many rows (passing `use`) have text covering each 1pt step from minX. */
function coverage(rows: Row[], minX: number, width: number, use: (row: Row) => boolean): Int32Array {
  const cover = new Int32Array(width);
  const mark = new Int32Array(width).fill(-1); // last row that covered x: count a row once
  rows.forEach((row, index) => {
    if (!use(row)) return;
    for (const r of row.runs) {
      if (!(r.w > 0) || isBlank(r)) continue;
      const from = Math.max(0, Math.floor(r.x - minX + 0.5));
      const to = Math.min(width - 1, Math.ceil(r.x + r.w - minX - 0.5));
      for (let x = from; x <= to; x++) {
        if (mark[x] !== index) {
          mark[x] = index;
          cover[x] = (cover[x] as number) + 1;
        }
      }
    }
  });
  return cover;
}

/** The widest run of cover[x] <= max within [lo, hi]. */
function widestRun(cover: Int32Array, lo: number, hi: number, max: number): { start: number; length: number } | null {
  let runStart = -1;
  let best: { start: number; length: number } | null = null;
  for (let x = lo; x <= hi + 1; x++) {
    if (x <= hi && (cover[x] as number) <= max) {
      if (runStart < 0) runStart = x;
    } else if (runStart >= 0) {
      if (!best || x - runStart > best.length) best = { start: runStart, length: x - runStart };
      runStart = -1;
    }
  }
  return best;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const SPACE = /\s/;

function rowText(runs: TextRun[], track: boolean): MappedText {
  // parts + the last character seen: linear in the row's length (a regex on the growing text is not)
  const parts: MappedText[] = [];
  let lastChar = '';
  let prev: TextRun | null = null;
  for (const run of runs) {
    if (prev) {
      // the same string drawn twice on top of itself (fake bold): keep one
      if (run.str === prev.str && Math.abs(run.x - prev.x) < 0.3 * run.size) continue;
      const gap = run.x - (prev.x + prev.w);
      const size = Math.max(Math.min(prev.size, run.size), 1);
      if (gap > 0.15 * size && !SPACE.test(lastChar) && !SPACE.test(run.str.charAt(0))) {
        parts.push(MappedText.inserted(' ', track));
        lastChar = ' ';
      }
    }
    parts.push(MappedText.source(run.str, sourceAt.get(run) ?? -1, track));
    if (run.str !== '') lastChar = run.str.charAt(run.str.length - 1);
    prev = run;
  }
  return MappedText.join(parts, track);
}

const HYPHEN_END = /([\p{L}])[-\u00AD\u2010]$/u;
const LOWER_START = /^\p{Ll}/u;
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

function finishText(lines: OutLine[], leading: number, track: boolean): MappedText {
  // clean each line: no control characters, collapsed spaces
  const cleaned = lines.map((l) => ({
    ...l,
    text: l.text.replace(CONTROL, '').replace(/\s+/g, ' ').trim(),
  }));
  const out: MappedText[] = [];
  let prev: OutLine | null = null;
  for (const line of cleaned) {
    if (line.text.text === '') continue;
    if (prev) {
      // a column break goes back up the page: negative gap, no blank line
      const gap = prev.y - line.y;
      const expected = leading > 0 ? leading : 1.2 * Math.max(prev.size, line.size);
      if (gap > 1.7 * expected && gap > 1.5 * Math.max(prev.size, line.size)) out.push(MappedText.inserted('', track));
    }
    out.push(line.text);
    prev = line;
  }
  // de-hyphenate across line breaks (not across blank lines)
  for (let i = 0; i + 1 < out.length; i++) {
    const line = out[i] as MappedText;
    const next = out[i + 1] as MappedText;
    if (!HYPHEN_END.test(line.text) || !LOWER_START.test(next.text)) continue;
    const space = next.text.indexOf(' ');
    const word = space < 0 ? next : next.slice(0, space);
    const rest = space < 0 ? MappedText.inserted('', track) : next.slice(space + 1);
    out[i] = line.slice(0, line.length - 1).concat(word);
    if (rest.text === '') {
      out.splice(i + 1, 1);
      i -= 1; // the joined line may end in a hyphen again
    } else {
      out[i + 1] = rest;
    }
  }
  // a soft hyphen anywhere else is invisible
  const joined: MappedText[] = [];
  out.forEach((line, i) => {
    if (i > 0) joined.push(MappedText.inserted('\n', track));
    joined.push(line);
  });
  return MappedText.join(joined, track).replace(/\u00AD/g, '');
}
