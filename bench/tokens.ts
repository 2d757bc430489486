/**
 * Token counting benchmark: our countTokens against js-tiktoken in the same
 * process on ordinary prose, and ours alone on a 1 MB run of one letter (js-tiktoken
 * is quadratic there: its time on a 10 KB run is printed as the reference).
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { countTokens } from '../electron/core/tokens';
import type { ProseCorpus } from './fixtures';

export interface TokensMeasurement {
  proseBytes: number;
  proseSources: string[];
  proseTokens: number;
  countsEqual: boolean;
  oursMs: number;
  oursTokensPerSecond: number;
  tiktokenMs: number;
  tiktokenTokensPerSecond: number;
  /** ours / js-tiktoken throughput */
  speedup: number;
  oursWarmupMs: number;
  tiktokenWarmupMs: number;
  runBytes: number;
  runTokens: number;
  runMs: number;
  runTiktokenBytes: number;
  runTiktokenMs: number;
  runCountsEqualAt10k: boolean;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function measureTokens(corpus: ProseCorpus): TokensMeasurement {
  const warm = 'Warm-up text: the quick brown fox jumps over the lazy dog. 1234.';
  // Table loads are one-time costs; timed separately so throughput is steady-state.
  let t0 = performance.now();
  countTokens(warm);
  const oursWarmupMs = performance.now() - t0;
  t0 = performance.now();
  const tiktoken = new Tiktoken(o200kBase);
  tiktoken.encode(warm, [], []);
  const tiktokenWarmupMs = performance.now() - t0;

  // Count per chunk of ~64 KB (how pages are counted; also keeps js-tiktoken's regex pass sane).
  const text = corpus.text;
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));

  gc();
  t0 = performance.now();
  let ours = 0;
  for (const chunk of chunks) ours += countTokens(chunk);
  const oursMs = performance.now() - t0;

  gc();
  t0 = performance.now();
  let reference = 0;
  for (const chunk of chunks) reference += tiktoken.encode(chunk, [], []).length;
  const tiktokenMs = performance.now() - t0;

  // One letter, no whitespace: the adversarial case.
  const runBytes = 1_000_000;
  const run = 'a'.repeat(runBytes);
  gc();
  t0 = performance.now();
  const runTokens = countTokens(run);
  const runMs = performance.now() - t0;

  const runTiktokenBytes = 10_000;
  const small = 'b'.repeat(runTiktokenBytes);
  t0 = performance.now();
  const smallReference = tiktoken.encode(small, [], []).length;
  const runTiktokenMs = performance.now() - t0;

  return {
    proseBytes: Buffer.byteLength(text),
    proseSources: corpus.sources,
    proseTokens: ours,
    countsEqual: ours === reference,
    oursMs,
    oursTokensPerSecond: ours / (oursMs / 1000),
    tiktokenMs,
    tiktokenTokensPerSecond: reference / (tiktokenMs / 1000),
    speedup: tiktokenMs / oursMs,
    oursWarmupMs,
    tiktokenWarmupMs,
    runBytes,
    runTokens,
    runMs,
    runTiktokenBytes,
    runTiktokenMs,
    runCountsEqualAt10k: countTokens(small) === smallReference,
  };
}
