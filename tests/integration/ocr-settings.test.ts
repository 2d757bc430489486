/**
 * Reading scanned pages as the settings say (issue 11): ocrMode, visionDetail and ocrLanguage persist;
 * a language whose data package is not installed is refused naming the package; `pagewise ingest`
 * takes its OCR mode from the settings unless --ocr says otherwise; `pagewise ingest --ocr vision`
 * prints the cost before the first request, sends the page images (source vision), and without a key
 * keeps the document and says how to read its pages offline.
 */
import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsUpdate } from '../../shared/api';
import { createEngine } from '../../electron/core/engine';
import { dispatch } from '../../electron/core/service';
import { FAKE_TRANSCRIPTION } from '../fake-openai/images';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';
import { cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

let fake: FakeOpenAI;
let scan: Uint8Array;
const made: CliEnvironment[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  // a typed cover page and one scanned page (an image, no text layer)
  scan = await makeScannedPdf([{ kind: 'text', text: 'Typed cover page.' }, { kind: 'scan', lines: [...SCAN_LINES.lease] }]);
});
afterAll(async () => {
  await fake?.close();
  for (const environment of made) rmSync(environment.dir, { recursive: true, force: true });
});

function environmentWithScan(extra: Record<string, string> = {}): { environment: CliEnvironment; file: string } {
  const environment = cliEnvironment(extra);
  made.push(environment);
  const file = path.join(environment.dir, 'scan.pdf');
  writeFileSync(file, scan);
  return { environment, file };
}

/** Change the library's stored settings through the engine, as the app's Settings dialog does. */
async function saveSettings(environment: CliEnvironment, update: SettingsUpdate): Promise<void> {
  const engine = await createEngine({ libraryPath: environment.db, env: {} });
  try {
    const result = await dispatch(engine, 'settings.update', update);
    if (!result.ok) throw new Error(result.error.message);
  } finally {
    engine.close();
  }
}

interface IngestLine {
  id: string;
  textlessPages: number[];
  ocrPages: number[];
  ocrMode: string;
  visionPages?: number[];
  usage?: { predictedPromptTokens: number; promptTokens: number; completionTokens: number; costUsd: number };
  error?: { code: string; message: string };
}

describe('the scanned-pages settings', () => {
  it('persist ocrMode, visionDetail and ocrLanguage, and refuse a language whose data is not installed, naming its package', async () => {
    const environment = cliEnvironment();
    made.push(environment);
    const engine = await createEngine({ libraryPath: environment.db, env: {} });
    try {
      const defaults = await dispatch(engine, 'settings.get', {});
      expect(defaults.ok && defaults.value).toMatchObject({ ocrMode: 'auto', visionDetail: 'high', ocrLanguage: 'eng' });
      const languages = await dispatch(engine, 'ocr.languages', {});
      expect(languages.ok && languages.value).toEqual({ languages: [{ code: 'eng', name: 'English', package: '@tesseract.js-data/eng' }], current: 'eng' });

      const saved = await dispatch(engine, 'settings.update', { ocrMode: 'vision', visionDetail: 'low', ocrLanguage: 'eng' });
      expect(saved.ok && saved.value).toMatchObject({ ocrMode: 'vision', visionDetail: 'low', ocrLanguage: 'eng' });

      const refused = await dispatch(engine, 'settings.update', { ocrLanguage: 'deu', ocrMode: 'off' });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('INVALID_INPUT');
        expect(refused.error.message).toContain('npm install @tesseract.js-data/deu');
      }
      const bad = await dispatch(engine, 'settings.update', { ocrMode: 'sometimes' as never });
      expect(bad.ok).toBe(false);
    } finally {
      engine.close();
    }
    // a new engine on the same library reads them back; the refused update changed nothing
    const reopened = await createEngine({ libraryPath: environment.db, env: {} });
    try {
      const again = await dispatch(reopened, 'settings.get', {});
      expect(again.ok && again.value).toMatchObject({ ocrMode: 'vision', visionDetail: 'low', ocrLanguage: 'eng' });
    } finally {
      reopened.close();
    }
  });

  it('ocrMode off: pagewise ingest leaves the scanned page pending; ocrMode auto reads it with the chosen language, named in the stored engine', async () => {
    const { environment, file } = environmentWithScan({ PAGEWISE_OCR_WORKERS: '1' });
    await saveSettings(environment, { ocrMode: 'off' });
    const off = await runCli(environment, ['ingest', file, '--json']);
    expect(off.code, off.stderr).toBe(0);
    const line = jsonLines(off.stdout)[0] as IngestLine;
    expect(line).toMatchObject({ ocrMode: 'off', textlessPages: [2], ocrPages: [] });
    const status = await runCli(environment, ['text', line.id, '--json']);
    expect((JSON.parse(status.stdout) as { pages: { text: string }[] }).pages[1]).toMatchObject({ text: '' });

    // the flag overrides the setting
    await saveSettings(environment, { ocrMode: 'vision' });
    const auto = await runCli(environment, ['ingest', file, '--ocr', 'auto', '--json']);
    expect(auto.code, auto.stderr).toBe(0);
    expect(jsonLines(auto.stdout)[0]).toMatchObject({ ocrMode: 'auto', textlessPages: [], ocrPages: [2] });
    const db = new Database(environment.db, { readonly: true });
    try {
      const row = db.prepare('SELECT engine FROM page_ocr').get() as { engine: string };
      expect(row.engine).toMatch(/^tesseract\.js [\d.]+ \(tesseract .*, language eng, @tesseract\.js-data\/eng 4\.0\.0_best_int, read as one block\)$/);
    } finally {
      db.close();
    }
  }, 180_000);
});

describe('pagewise ingest --ocr vision', () => {
  it('adds the file with OCR off, prints the cost before the first request, and stores what the model read as vision', async () => {
    const { environment, file } = environmentWithScan({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    fake.reset();
    let chatRequestsWhenCostPrinted: number | null = null;
    const run = await runCli(environment, ['ingest', file, '--ocr', 'vision', '--detail', 'low', '--json'], {
      onStderr: (chunk) => {
        if (chunk.includes('Vision transcription with')) chatRequestsWhenCostPrinted ??= fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Vision transcription with gpt-4o-mini \(low detail\): 1 page, [\d,]+ prompt tokens \(2,833 image tokens\), \$0\.000\d for the prompts/);
    expect(chatRequestsWhenCostPrinted).toBe(0);
    const chats = fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
    expect(chats).toHaveLength(1);
    expect(chats[0]?.messages?.find((m) => m.role === 'user')?.images?.[0]?.detail).toBe('low');

    const line = jsonLines(run.stdout)[0] as IngestLine;
    expect(line).toMatchObject({ ocrMode: 'vision', textlessPages: [], ocrPages: [2], visionPages: [2] });
    expect(line.usage?.predictedPromptTokens).toBe(chats[0]?.promptTokens);
    expect(line.usage?.promptTokens).toBe(chats[0]?.promptTokens);
    expect(line.usage?.costUsd).toBeGreaterThan(0);

    const text = await runCli(environment, ['text', line.id, '--json']);
    expect(JSON.parse(text.stdout)).toMatchObject({ pages: [{ page: 1, source: 'text' }, { page: 2, source: 'vision', text: FAKE_TRANSCRIPTION }] });
  }, 120_000);

  it('takes vision and its detail from the settings when --ocr is not given', async () => {
    const { environment, file } = environmentWithScan({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    await saveSettings(environment, { ocrMode: 'vision', visionDetail: 'low' });
    fake.reset();
    const run = await runCli(environment, ['ingest', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('(low detail): 1 page');
    expect(run.stdout).toMatch(/sent ([\d,]+) prompt tokens \(\1 tokens counted before sending\)/);
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
  }, 120_000);

  it('without a key: a clear error that the file was added and how to read its pages offline; the document stays', async () => {
    const { environment, file } = environmentWithScan();
    const run = await runCli(environment, ['ingest', file, '--ocr', 'vision']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('scan.pdf was added to the library');
    expect(run.stderr).toMatch(/1 scanned page was not sent to the model: no model provider is set up\. Read them offline on this computer with: pagewise ocr [0-9a-f]{12}/s);

    const json = await runCli(environment, ['ingest', file, '--ocr', 'vision', '--json']);
    expect(json.code).toBe(1);
    expect(jsonLines(json.stdout)[0]).toMatchObject({ textlessPages: [2], visionPages: [], error: { code: 'NO_PROVIDER' } });

    const list = await runCli(environment, ['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('scan.pdf');
  }, 120_000);
});
