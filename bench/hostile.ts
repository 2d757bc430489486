/**
 * Hostile PDFs, one child process each (so each peak RSS is its own): a 2 MB file whose stream
 * inflates to 2 GiB, LZW streams that decode to ~3 GB (alone, inside Flate, encrypted) and a
 * RunLength one (all refused: PDF_TOO_LARGE), and a ~140 KB page holding 50 MB of text without
 * whitespace (cut at MAX_PAGE_TEXT_CHARS). Targets: each under 600 MB of RSS, seconds not minutes.
 * `npm run bench -- --hostile-only` runs just this part.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPagewiseError } from '../electron/core/errors';
import { ingestFile } from '../electron/core/ingest';
import { openLibrary } from '../electron/core/store';
import { encryptWithQpdf } from '../tests/fixtures/make-fixtures';
import { makeContentBombPdf, makeLongLinePdf, makeLzwBombPdf, makeRunLengthBombPdf } from '../tests/fixtures/make-hostile-fixtures';
import { measuredEnv } from './child-env';

export interface HostileMeasurement {
  label: string;
  fileBytes: number;
  /** What ingest ended with: "stored" or an error code. */
  outcome: string;
  ms: number;
  maxRssMB: number;
}

/** `--child hostile <pdf> <db>`: ingest one file, print {outcome, ms, maxRssMB} as JSON. */
export async function runHostileChild(args: string[]): Promise<void> {
  const [pdf, db] = args;
  if (!pdf || !db) throw new Error('usage: --child hostile <pdf> <db>');
  const library = openLibrary(db);
  const t0 = performance.now();
  let outcome = 'stored';
  try {
    await ingestFile(library, pdf);
  } catch (error) {
    outcome = toPagewiseError(error).code;
  } finally {
    library.close();
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ outcome, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** qpdf (Debian's) makes the encrypted case; without it that case is left out. */
function hasQpdf(): boolean {
  return spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function measureHostile(script: string): Promise<HostileMeasurement[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-bench-hostile-'));
  try {
    const cases = [
      { label: '2 MB file, one stream of 2 GiB', bytes: await makeContentBombPdf(2048) },
      { label: '1.2 MB file, one LZW stream of ~3 GB', bytes: await makeLzwBombPdf(3000) },
      { label: '8 KB file, LZW inside Flate, ~3 GB', bytes: await makeLzwBombPdf(3000, 'flate-lzw') },
      { label: 'RunLength inside Flate, 2.5 GiB', bytes: await makeRunLengthBombPdf(2560, 'flate-rl') },
      // AES-256 with an owner password only (as SEC filings are): opens without one, streams ciphertext
      ...(hasQpdf() ? [{ label: 'the LZW bomb, encrypted (AES-256)', bytes: encryptWithQpdf(await makeLzwBombPdf(3000), '') }] : []),
      { label: '50 MB of text on one page, no whitespace', bytes: await makeLongLinePdf(50_000_000) },
    ];
    const out: HostileMeasurement[] = [];
    for (const [index, c] of cases.entries()) {
      const pdf = join(dir, `hostile-${index}.pdf`);
      writeFileSync(pdf, c.bytes);
      const child = spawnSync(process.execPath, [...process.execArgv, script, '--child', 'hostile', pdf, join(dir, `lib-${index}.db`)], {
        env: measuredEnv(),
        encoding: 'utf8',
        maxBuffer: 1024 * 1024,
      });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      if (child.status !== 0 || !line) throw new Error(`${c.label}: child failed (${child.status}): ${child.stderr.slice(-500)}`);
      const result = JSON.parse(line) as { outcome: string; ms: number; maxRssMB: number };
      out.push({ label: c.label, fileBytes: c.bytes.byteLength, ...result });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
