/**
 * Printed page labels on ../shared/financebench-dev/pdfs: of the pages that print a page number,
 * the share whose inferred label (electron/core/pdf/page-labels.ts, over pdf.js text) is that number.
 *
 * Ground truth comes from another extractor and a stricter, independent rule: poppler's
 * `pdftotext -layout`, and only the page's very last (else very first) non-blank line, which must
 * be a page number and nothing else ("37", "- 37 -", "Page 37", "Page 37 of 80", "iv", "F-12"), or
 * a number beside running text that is, word for word, the same on at least a fifth of the filing's
 * pages ("2019 FORM 10-K 37"). No step rule: a truth page is any page whose foot or head looks so.
 *
 * The filings are split in two folds by company (alternating in alphabetical order). The inference's
 * rules were tuned looking at fold A only; fold B is the measure on filings it never saw.
 *
 * Run alone: `npm run build:node && node dist/node/bench.js --page-labels` (pdf.js text is cached
 * under bench/.cache/page-labels/, so later runs take seconds). Add --verbose to list the misses of fold A.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractPdf } from '../electron/core/pdf';
import { choosePageLabels, inferPageLabels, pageEdges } from '../electron/core/pdf/page-labels';
import type { PageEdges } from '../electron/core/pdf/page-labels';

import { chooseTitle, TITLE_PAGES } from '../electron/core/ingest/title';
import { titleFromFileName } from '../electron/core/ingest';
import { cacheDir, sharedDir } from './fixtures';
import { heading, note, table } from './report';

interface CachedFiling {
  pages: PageEdges[];
  pdfLabels: (string | null)[] | null;
  /** The metadata title and the first pages' text, for the titles report. */
  metadataTitle: string | null;
  firstPages: string[];
}

export interface FilingResult {
  file: string;
  company: string;
  fold: 'A' | 'B';
  pages: number;
  /** Pages whose foot or head prints a number (ground truth). */
  printed: number;
  /** Of those, pages whose label is that number. */
  correct: number;
  /** Pages labelled although the truth rule saw no number there. */
  labelledWithoutTruth: number;
  /** Pages labelled with a value other than the printed number. */
  wrong: number;
  misses: string[];
  metadataTitle: string | null;
  /** The title ingest stores (ingest/title.ts). */
  title: string;
}

export interface PageLabelsReport {
  available: boolean;
  filings: FilingResult[];
  folds: { fold: 'A' | 'B'; filings: number; printed: number; correct: number; share: number; wrong: number; extra: number }[];
}

const TRUTH_WHOLE = /^(?:[-\u2013\u2014]\s*)?(?:page\s+)?(\d{1,4}|[ivxlc]{1,7}|[A-Z]-\d{1,3})(?:\s*[-\u2013\u2014])?(?:\s+of\s+\d{1,4})?$/i;
const TRUTH_LEADING = /^(\d{1,4}|[A-Z]-\d{1,3})\s+(\S.*)$/;
const TRUTH_TRAILING = /^(\S.*?)\s+(\d{1,4}|[A-Z]-\d{1,3})$/;

function nonBlank(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '');
}

/** Ground truth per physical page: the printed number, or null. */
export function truthLabels(layoutPages: readonly string[]): (string | null)[] {
  const edges = layoutPages.map((p) => {
    const lines = nonBlank(p);
    return { last: lines.at(-1) ?? '', first: lines[0] ?? '' };
  });
  // running text beside a number: exact same words on >= 20% of pages
  const sideCounts = new Map<string, number>();
  // a number at the start of the line, or at its end ("2021 FORM 10-K 52" is read both ways; the running side wins)
  const sides = (line: string): { number: string; rest: string }[] => {
    const out: { number: string; rest: string }[] = [];
    const lead = TRUTH_LEADING.exec(line);
    if (lead?.[1] && lead[2]) out.push({ number: lead[1], rest: lead[2] });
    const trail = TRUTH_TRAILING.exec(line);
    if (trail?.[1] && trail[2]) out.push({ number: trail[2], rest: trail[1] });
    return out;
  };
  for (const e of edges) {
    const rests = new Set([...sides(e.last), ...sides(e.first)].map((s) => s.rest));
    for (const rest of rests) sideCounts.set(rest, (sideCounts.get(rest) ?? 0) + 1);
  }
  const minSide = Math.max(3, Math.ceil(layoutPages.length / 5));
  const read = (line: string): string | null => {
    const whole = TRUTH_WHOLE.exec(line);
    if (whole?.[1]) return whole[1].replace(/^([A-Z])-/, '$1-');
    const running = sides(line).filter((s) => /[a-z]/i.test(s.rest) && (sideCounts.get(s.rest) ?? 0) >= minSide);
    return running.length === 1 ? (running[0]?.number ?? null) : null;
  };
  return edges.map((e) => read(e.last) ?? read(e.first));
}

function layoutPages(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-q', '-layout', '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 256 << 20 }).toString('utf8');
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

async function pdfjsEdges(pdf: string, cache: string): Promise<CachedFiling> {
  if (existsSync(cache)) {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as Partial<CachedFiling>;
    if (cached.pages && cached.firstPages) return cached as CachedFiling;
  }
  const pages: PageEdges[] = [];
  const labels: (string | null)[] = [];
  const firstPages: string[] = [];
  const info = await extractPdf(new Uint8Array(readFileSync(pdf)), (page) => {
    pages.push(page.edges ?? pageEdges(page.text));
    labels.push(page.label);
    if (page.pageNumber <= TITLE_PAGES) firstPages.push(page.text);
  });
  const filing: CachedFiling = { pages, pdfLabels: labels.some((l) => l !== null) ? labels : null, metadataTitle: info.title, firstPages };
  writeFileSync(cache, JSON.stringify(filing));
  return filing;
}

/** "AMAZON_2019_10K.pdf" -> "AMAZON" */
function companyOf(file: string): string {
  return file.split('_')[0] ?? file;
}

export async function measurePageLabels(options: { verbose?: boolean } = {}): Promise<PageLabelsReport> {
  const shared = sharedDir();
  const dir = shared ? join(shared, 'financebench-dev', 'pdfs') : null;
  if (!dir || !existsSync(dir)) return { available: false, filings: [], folds: [] };
  const cache = join(cacheDir(), 'page-labels');
  mkdirSync(cache, { recursive: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();
  const companies = [...new Set(files.map(companyOf))].sort();
  const foldOf = (file: string): 'A' | 'B' => (companies.indexOf(companyOf(file)) % 2 === 0 ? 'A' : 'B');
  const filings: FilingResult[] = [];
  for (const file of files) {
    const pdf = join(dir, file);
    const filing = await pdfjsEdges(pdf, join(cache, `${file}.json`));
    const labels = choosePageLabels(filing.pdfLabels, inferPageLabels(filing.pages));
    const truth = truthLabels(layoutPages(pdf));
    const result: FilingResult = {
      file,
      company: companyOf(file),
      fold: foldOf(file),
      pages: filing.pages.length,
      printed: 0,
      correct: 0,
      labelledWithoutTruth: 0,
      wrong: 0,
      misses: [],
      metadataTitle: filing.metadataTitle,
      title: chooseTitle(filing.metadataTitle, filing.firstPages, titleFromFileName(file)),
    };
    labels.forEach((label, index) => {
      const expected = truth[index] ?? null;
      if (expected === null) {
        if (label !== null) {
          result.labelledWithoutTruth += 1;
          if (options.verbose) result.misses.push(`pdf ${index + 1}: labelled ${label}, truth none`);
        }
        return;
      }
      result.printed += 1;
      if (label?.toLowerCase() === expected.toLowerCase()) result.correct += 1;
      else {
        if (label !== null) result.wrong += 1;
        result.misses.push(`pdf ${index + 1}: printed ${expected}, got ${label ?? 'none'}`);
      }
    });
    filings.push(result);
  }
  const folds = (['A', 'B'] as const).map((fold) => {
    const inFold = filings.filter((f) => f.fold === fold);
    const printed = inFold.reduce((s, f) => s + f.printed, 0);
    const correct = inFold.reduce((s, f) => s + f.correct, 0);
    return {
      fold,
      filings: inFold.length,
      printed,
      correct,
      share: printed === 0 ? 0 : correct / printed,
      wrong: inFold.reduce((s, f) => s + f.wrong, 0),
      extra: inFold.reduce((s, f) => s + f.labelledWithoutTruth, 0),
    };
  });
  return { available: true, filings, folds };
}

export async function runPageLabelsBench(args: readonly string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  heading('Printed page labels (../shared/financebench-dev, pages that print a number)');
  const report = await measurePageLabels({ verbose });
  if (!report.available) {
    note('../shared/financebench-dev/pdfs is absent; skipped.');
    return;
  }
  table(
    ['filing', 'fold', 'pages', 'print a number', 'labelled right', 'wrong', 'labelled, no truth'],
    report.filings.map((f) => [f.file, f.fold, f.pages, f.printed, `${f.correct} (${f.printed ? ((100 * f.correct) / f.printed).toFixed(0) : '-'}%)`, f.wrong, f.labelledWithoutTruth]),
  );
  // Misses of fold A only: the rules are tuned on fold A, and fold B stays unseen.
  if (verbose) for (const f of report.filings.filter((x) => x.fold === 'A')) for (const m of f.misses.slice(0, 40)) note(`${f.file}: ${m}`);
  table(
    ['fold', 'filings', 'pages that print a number', 'labelled right', 'share', 'wrong label', 'labelled, no truth'],
    report.folds.map((f) => [f.fold === 'A' ? 'A (tuned on)' : 'B (unseen)', f.filings, f.printed, f.correct, `${(100 * f.share).toFixed(1)}%`, f.wrong, f.extra]),
  );
  heading('Document titles (metadata title -> the title stored)');
  table(
    ['filing', 'metadata title', 'title'],
    report.filings.map((f) => [f.file, f.metadataTitle ?? '(none)', f.title]),
  );
  const unseen = report.folds.find((f) => f.fold === 'B');
  if (unseen) note(`Target: >= 95% on unseen filings (fold B): ${unseen.share >= 0.95 ? '✓' : '✗'} ${(100 * unseen.share).toFixed(1)}%`);
}
