/**
 * Benchmark inputs, generated once and reused from bench/.cache/:
 * book-like text PDFs (tests/fixtures makeBookPdf: dense 45-line pages, ~3,200 characters
 * and ~700 tokens each, like a printed book) and a prose corpus for the
 * token counter. File names carry a fingerprint of the generator's output,
 * so a change to the generator makes fresh files instead of reusing stale ones.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bookPageLines, largePageText, makeBookPdf } from '../tests/fixtures/make-fixtures';

/** The repository root (works from bench/*.ts and from dist/node/bench.js). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'bench'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return process.cwd();
}

export function cacheDir(): string {
  const dir = join(repoRoot(), 'bench', '.cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The team kit beside the checkout (../shared), or null when absent. */
export function sharedDir(): string | null {
  const dir = resolve(repoRoot(), '..', 'shared');
  return existsSync(dir) ? dir : null;
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const temp = `${path}.${process.pid}.part`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

export interface LargePdf {
  path: string;
  pages: number;
  bytes: number;
  generatedMs: number | null;
}

/** A ~N-page book-like text PDF (makeBookPdf), generated once into bench/.cache/. */
export async function largePdf(pages: number): Promise<LargePdf> {
  const sample = (n: number): string => bookPageLines(n).map((l) => l.text).join('\n');
  const fingerprint = createHash('sha256')
    .update(`${sample(1)}\u0000${sample(pages)}\u0000book-v1`)
    .digest('hex')
    .slice(0, 10);
  const path = join(cacheDir(), `book-${pages}-${fingerprint}.pdf`);
  let generatedMs: number | null = null;
  if (!existsSync(path)) {
    const t0 = performance.now();
    writeAtomic(path, await makeBookPdf(pages));
    generatedMs = performance.now() - t0;
  }
  return { path, pages, bytes: statSync(path).size, generatedMs };
}

export interface ProseCorpus {
  text: string;
  sources: string[];
}

const PROSE_TARGET_BYTES = 3_000_000;

/**
 * A few MB of ordinary English: Free Culture (a real book) and SEC filings from ../shared through
 * pdftotext, plus Debian's licence texts; topped up with generated report prose when those are absent.
 */
export function proseCorpus(): ProseCorpus {
  const file = join(cacheDir(), 'prose-v1.txt');
  const sourcesFile = `${file}.sources.json`;
  if (existsSync(file) && existsSync(sourcesFile)) {
    return { text: readFileSync(file, 'utf8'), sources: JSON.parse(readFileSync(sourcesFile, 'utf8')) as string[] };
  }
  const parts: string[] = [];
  const sources: string[] = [];
  let size = 0;
  const add = (text: string, source: string): void => {
    const cleaned = text.replace(/\f/g, '\n');
    parts.push(cleaned);
    sources.push(`${source} (${fmtKb(Buffer.byteLength(cleaned))})`);
    size += Buffer.byteLength(cleaned);
  };
  const shared = sharedDir();
  const pdfText = (pdf: string): string | null => {
    try {
      return execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 << 20 }).toString('utf8');
    } catch {
      return null;
    }
  };
  if (shared) {
    const book = join(shared, 'pdfs', 'freeculture.pdf');
    const text = existsSync(book) ? pdfText(book) : null;
    if (text) add(text, 'Free Culture (pdftotext)');
    const filings = join(shared, 'financebench-dev', 'pdfs');
    if (existsSync(filings)) {
      for (const name of readdirSync(filings).filter((n) => n.endsWith('.pdf')).sort()) {
        if (size >= PROSE_TARGET_BYTES * 0.8) break;
        const filing = pdfText(join(filings, name));
        if (filing) add(filing, `${name} (pdftotext)`);
      }
    }
  }
  const licences = '/usr/share/common-licenses';
  if (existsSync(licences)) {
    let text = '';
    for (const name of readdirSync(licences).sort()) {
      const path = join(licences, name);
      if (statSync(path).isFile()) text += `${readFileSync(path, 'utf8')}\n\n`;
    }
    if (text) add(text, 'Debian licence texts');
  }
  if (size < PROSE_TARGET_BYTES) {
    let generated = '';
    for (let n = 1; size + Buffer.byteLength(generated) < PROSE_TARGET_BYTES; n++) generated += `${largePageText(n)}\n\n`;
    add(generated, 'generated report prose');
  }
  const text = parts.join('\n\n').slice(0, PROSE_TARGET_BYTES * 1.2);
  writeAtomic(file, text);
  writeAtomic(sourcesFile, JSON.stringify(sources));
  return { text, sources };
}

function fmtKb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`;
}
