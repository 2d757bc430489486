/**
 * A full disk during an ask, on a real (tiny tmpfs) file system holding a real library: the model
 * is not asked when there is no room to save its answer; when the disk fills while it answers, the
 * error is DISK_FULL, says the answer was not saved, and nothing claims it was.
 * Needs root to mount the tmpfs; skips, saying why, where mount is not permitted.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion, DEFAULT_ANALYSIS_SETTINGS, type AnalysisContext } from '../../electron/core/analysis';
import { ingestFile } from '../../electron/core/ingest';
import { createProvider } from '../../electron/core/llm/provider';
import { resolveModel } from '../../electron/core/llm/models';
import { openLibrary, type Library } from '../../electron/core/store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'pw-tiny-disk-'));
function tryMount(): string | null {
  if (process.getuid?.() !== 0) return 'not root: cannot mount a tiny tmpfs to fill';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})`;
  }
}
const skipReason = tryMount();
if (skipReason) console.warn(`disk-full tests skipped: ${skipReason}`);

let library: Library;
let fake: FakeOpenAI;
let docId: string;
const filler = path.join(mountPoint, 'filler.bin');

/** Writes zeros to the tiny disk until it has no room left. */
function fillDisk(): void {
  const fd = openSync(filler, 'a');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

function context(): AnalysisContext {
  const provider = createProvider({ provider: 'openai', apiKey: 'sk-test', model: 'gpt-4o-mini', baseUrl: fake.baseUrl, maxRetries: 0, retryBaseDelayMs: 20, timeoutMs: 20_000 });
  return { library, provider, model: resolveModel('gpt-4o-mini'), settings: { ...DEFAULT_ANALYSIS_SETTINGS } };
}

const chatCalls = (): number => fake.requests.filter((r) => r.messages !== null).length;

describe.skipIf(skipReason !== null)('a full disk during an ask', () => {
  beforeAll(async () => {
    fake = await startFakeOpenAI({ chunkDelayMs: 5 });
    library = openLibrary(path.join(mountPoint, 'library.db'));
    const file = writeTempFixture(`${process.pid}-disk-full-contract.pdf`, await makeContractPdf());
    docId = (await ingestFile(library, file, { workers: 1 })).document.id;
    rmSync(file, { force: true });
  });

  afterAll(async () => {
    library?.close();
    await fake?.close();
  });

  it('does not call (or pay for) the model when there is no room to save the answer', async () => {
    fillDisk();
    try {
      const before = chatCalls();
      await expect(askQuestion(context(), docId, 'Who is the landlord?')).rejects.toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringMatching(/disk holding your library .* is full.*model was not asked.*Free some space/),
      });
      expect(chatCalls()).toBe(before);
    } finally {
      rmSync(filler, { force: true });
    }
    expect(library.listAnswers({ limit: 10 })).toEqual([]);
  });

  it('when the disk fills while the model answers: DISK_FULL, not saved, and no claim that it was', async () => {
    let filled = false;
    const error = await askQuestion(context(), docId, 'What is the monthly rent?', {
      onDelta: () => {
        if (!filled) fillDisk();
        filled = true;
      },
    }).catch((caught: unknown) => caught);
    try {
      expect(filled).toBe(true);
      expect(error).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/answer you saw could not be saved in history/) });
      expect((error as Error).message).not.toMatch(/\bkept\b|\bsaved in history as\b/);
    } finally {
      rmSync(filler, { force: true });
    }
    expect(library.listAnswers({ limit: 10 })).toEqual([]);
  });

  it('an ingest on a full disk says DISK_FULL for that file and stores nothing', async () => {
    const file = writeTempFixture(`${process.pid}-disk-full-other.pdf`, await makeTextPdf({ pages: ['Another lease, page one.', 'Page two.'] }));
    fillDisk();
    try {
      await expect(ingestFile(library, file, { workers: 1 })).rejects.toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringMatching(/^.*disk-full-other\.pdf: the disk holding your library .* is full/),
      });
    } finally {
      rmSync(filler, { force: true });
      rmSync(file, { force: true });
    }
    expect(library.listDocuments().map((d) => d.id)).toEqual([docId]);
  });
});

afterAll(() => {
  if (!skipReason) execFileSync('umount', [mountPoint], { stdio: 'pipe' });
  rmSync(mountPoint, { recursive: true, force: true });
});
