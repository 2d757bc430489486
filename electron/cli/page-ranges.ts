/** `--pages 3-5,9`: page numbers a person typed -> a sorted list without repeats. */
import { UsageError } from './command';

const MAX_PAGES_LISTED = 100_000;

export function parsePageRanges(raw: string, option = 'pages'): number[] {
  const pages = new Set<number>();
  for (const part of raw.split(',')) {
    const piece = part.trim();
    if (piece === '') continue;
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(piece);
    const first = Number(match?.[1]);
    const last = match?.[2] === undefined ? first : Number(match[2]);
    if (!match || first < 1 || last < first) {
      throw new UsageError(`--${option} takes page numbers and ranges such as 3-5,9; "${piece}" is not one`);
    }
    if (last - first + pages.size >= MAX_PAGES_LISTED) throw new UsageError(`--${option} lists too many pages`);
    for (let page = first; page <= last; page++) pages.add(page);
  }
  if (pages.size === 0) throw new UsageError(`--${option} needs at least one page number`);
  return [...pages].sort((a, b) => a - b);
}
