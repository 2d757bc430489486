import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLibrary, type Library } from '../store';
import { PagewiseError } from '../errors';
import type { BatchApi, BatchInfo } from '../llm/batch-api';
import { pollDelay, waitForBatch, type Clock } from './poll';

let library: Library | null = null;
let dir = '';
afterEach(() => {
  library?.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(): Library {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-poll-'));
  library = openLibrary(path.join(dir, 'library.db'));
  library.jobs.create({ id: 'job-1', label: 'test', model: 'gpt-4o-mini', predictedPromptTokens: 10, estimatedCostUsd: 0.01, retryOf: null }, []);
  library.jobs.update('job-1', { batchId: 'batch-1', inputFileId: 'file-1', status: 'validating' });
  return library;
}

/** A provider whose batch goes through the given statuses, one per retrieve; `errors` fail retrieves first. */
function provider(statuses: BatchInfo['status'][], errors: PagewiseError[] = []): BatchApi & { retrieves: number } {
  const api = {
    retrieves: 0,
    body: () => ({}),
    upload: () => Promise.reject(new Error('not used')),
    create: () => Promise.reject(new Error('not used')),
    cancel: () => Promise.reject(new Error('not used')),
    findByInputFile: () => Promise.resolve(null),
    fileText: () => Promise.reject(new Error('not used')),
    retrieve(): Promise<BatchInfo> {
      api.retrieves++;
      const error = errors.shift();
      if (error) return Promise.reject(error);
      const status = statuses.shift() ?? 'completed';
      return Promise.resolve({ id: 'batch-1', status, inputFileId: 'file-1', outputFileId: status === 'completed' ? 'out-1' : null, errorFileId: null, counts: { total: 1, completed: 0, failed: 0 }, error: null });
    },
  };
  return api;
}

describe('waiting on a batch', () => {
  it('backs off (doubling up to the cap) on an injected clock, and stores each status', async () => {
    const lib = setup();
    const waits: number[] = [];
    const clock: Clock = { sleep: (ms) => (waits.push(ms), Promise.resolve()) };
    const api = provider(['validating', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'completed']);
    const job = await waitForBatch(lib, api, 'job-1', { pollMs: 100, maxPollMs: 500, clock });
    expect(job).toMatchObject({ status: 'completed', outputFileId: 'out-1' });
    expect(waits).toEqual([100, 200, 400, 500, 500]);
    expect(lib.jobs.getOrThrow('job-1').status).toBe('completed');
    expect(pollDelay(40, 2_000, 60_000)).toBe(60_000);
  });

  it('keeps waiting through a connection problem, and stops at an error the user must fix', async () => {
    const lib = setup();
    const clock: Clock = { sleep: () => Promise.resolve() };
    const messages: string[] = [];
    const flaky = provider(['completed'], [new PagewiseError('PROVIDER_UNAVAILABLE', 'Could not reach the provider.')]);
    await waitForBatch(lib, flaky, 'job-1', { clock, onProgress: (p) => messages.push(p.message ?? '') });
    expect(flaky.retrieves).toBe(2);
    expect(messages[0]).toMatch(/Could not reach the provider. Still waiting/);
    lib.jobs.update('job-1', { status: 'in_progress' });
    const denied = provider([], [new PagewiseError('AUTH_FAILED', 'The key was refused.')]);
    await expect(waitForBatch(lib, denied, 'job-1', { clock })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
