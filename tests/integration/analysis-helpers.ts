/** Shared setup for the analysis integration tests: a real library in a temp dir, real PDFs, the fake server over HTTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLibrary, type Library } from '../../electron/core/store';
import { ingestFile } from '../../electron/core/ingest';
import { createProvider } from '../../electron/core/llm/provider';
import { resolveModel, type ModelInfo } from '../../electron/core/llm/models';
import { isPagewiseError } from '../../electron/core/errors';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisContext, type AnalysisSettings } from '../../electron/core/analysis';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../fake-openai/server';
import { writeTempFixture } from '../fixtures/make-fixtures';

export const TEST_8K = 'test-8k';

export interface Harness {
  dir: string;
  library: Library;
  fake: FakeOpenAI;
  ingest(name: string, bytes: Uint8Array): Promise<string>;
  ctx(options?: { model?: string; offline?: boolean; settings?: Partial<AnalysisSettings> }): AnalysisContext;
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export function modelFor(id: string): ModelInfo {
  return id === TEST_8K
    ? resolveModel(TEST_8K, { label: 'Test 8k', contextWindow: 8192, maxOutput: 4096, inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 })
    : resolveModel(id);
}

export async function startHarness(options: { chunkDelayMs?: number } = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-analysis-'));
  const library = openLibrary(path.join(dir, 'library.db'));
  const written: string[] = [];
  const fake = await startFakeOpenAI({ chunkDelayMs: options.chunkDelayMs ?? 1, models: { [TEST_8K]: { contextWindow: 8192, maxOutput: 4096 } } });
  return {
    dir,
    library,
    fake,
    async ingest(name, bytes) {
      const file = writeTempFixture(`${process.pid}-${name}`, bytes);
      written.push(file);
      return (await ingestFile(library, file, { workers: 1 })).document.id;
    },
    ctx(o = {}) {
      const modelId = o.model ?? 'gpt-4o-mini';
      const provider = o.offline
        ? null
        : createProvider({ provider: 'openai', apiKey: 'sk-test', model: modelId, baseUrl: fake.baseUrl, maxRetries: 3, retryBaseDelayMs: 20, timeoutMs: 20_000 });
      return { library, provider, model: modelFor(modelId), settings: { ...DEFAULT_ANALYSIS_SETTINGS, ...o.settings } };
    },
    chatRequests() {
      return fake.requests.filter((r) => r.messages !== null && r.status === 200);
    },
    async close() {
      library.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      for (const file of written) rmSync(file, { force: true });
    },
  };
}

/** Page numbers inside the <page> blocks of a recorded request. */
export function pagesIn(request: RecordedRequest): number[] {
  const out: number[] = [];
  for (const m of request.messages ?? []) for (const x of m.content.matchAll(/<page number="(\d+)"/g)) out.push(Number(x[1]));
  return out;
}

/** The error code a promise rejects with ('resolved' when it does not reject). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isPagewiseError(error) ? error.code : `not a PagewiseError: ${String(error)}`;
  }
}
