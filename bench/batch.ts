/**
 * Batch preparation bench (issue 12 target: a 40-document batch is prepared — plans, exact counts, JSONL — in
 * under 2 s). `bench.js --batch [--docs N] [--pages N]`: ingests N generated documents (setup, not timed),
 * then times planning a summary and a question for each, counting every request and building the JSONL
 * exactly as `summarize --docs ... --batch` does, without sending anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisContext } from '../electron/core/analysis/types';
import { planAnswerRequest } from '../electron/core/batch/answer-kind';
import { prepareJob } from '../electron/core/batch/build';
import { planSummaryRequest } from '../electron/core/batch/summary-kind';
import { ingestFile } from '../electron/core/ingest';
import { resolveModel } from '../electron/core/llm/models';
import { createProvider } from '../electron/core/llm/provider';
import { openLibrary } from '../electron/core/store';
import { makeLargePdf } from '../tests/fixtures/make-fixtures';
import { fmtInt, fmtMs, heading, mark, median, note, table } from './report';

const TARGET_MS = 2_000;

function numberFlag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function runBatchBench(args: string[]): Promise<void> {
  const docs = numberFlag(args, '--docs', 40);
  const pages = numberFlag(args, '--pages', 30);
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-batch-'));
  const library = openLibrary(join(dir, 'library.db'));
  try {
    const ids: string[] = [];
    const setup = performance.now();
    for (let i = 0; i < docs; i++) {
      const file = join(dir, `contract-${i + 1}.pdf`);
      writeFileSync(file, await makeLargePdf(pages, { title: `Supplier contract ${i + 1}` }));
      ids.push((await ingestFile(library, file, { workers: 1 })).document.id);
    }
    note(`${docs} documents of ${pages} pages ingested in ${fmtMs(performance.now() - setup)} (setup, not timed)`);
    // a provider that is never called: only its request bodies are used
    const provider = createProvider({ provider: 'openai', apiKey: 'sk-bench', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:9/v1' });
    const api = provider?.batchApi?.();
    if (!api) throw new Error('no batch API');
    const ctx: AnalysisContext = { library, provider, model: resolveModel('gpt-4o-mini'), settings: { ...DEFAULT_ANALYSIS_SETTINGS } };
    const runs: { what: string; ms: number[]; requests: number; tokens: number; bytes: number }[] = [];
    for (const what of ['summaries', 'question'] as const) {
      const ms: number[] = [];
      let last = { requests: 0, tokens: 0, bytes: 0 };
      for (let run = 0; run < 3; run++) {
        const t = performance.now();
        const planned = ids.map((id) => (what === 'summaries' ? planSummaryRequest(ctx, id, 'brief', {}) : planAnswerRequest(ctx, id, 'What is the termination notice period?', {})));
        const prepared = prepareJob(ctx.model, planned, api.body);
        ms.push(performance.now() - t);
        last = { requests: prepared.specs.length, tokens: prepared.predictedPromptTokens, bytes: Buffer.byteLength(prepared.jsonl) };
      }
      runs.push({ what, ms, ...last });
    }
    heading(`Batch preparation: ${docs} documents (plans, exact counts, JSONL; target under ${fmtMs(TARGET_MS)})`);
    table(
      ['run', 'requests', 'prompt tokens', 'JSONL', 'first', 'median'],
      runs.map((r) => [r.what, r.requests, fmtInt(r.tokens), `${(r.bytes / 1e6).toFixed(1)} MB`, `${fmtMs(r.ms[0] ?? 0)} ${mark((r.ms[0] ?? 0) < TARGET_MS)}`, fmtMs(median(r.ms))]),
    );
  } finally {
    library.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
