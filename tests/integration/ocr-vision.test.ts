/**
 * Vision transcription (`--ocr vision`) over the real openai SDK to the fake server: the plan says the
 * cost before anything is sent; each scanned page goes as a PNG image_url part at the detail asked for;
 * the predicted prompt tokens (text + the model's image rule) equal the server's prompt_tokens, counted
 * independently from the PNG's size; the transcription is stored with source 'vision'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/core/engine';
import { imageTokens } from '../../electron/core/ocr/vision';
import { dispatch } from '../../electron/core/service';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { FAKE_TRANSCRIPTION } from '../fake-openai/images';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { writeTempFixture } from '../fixtures/make-fixtures';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';

let fake: FakeOpenAI;
let dir: string;
let engine: Engine;
let file: string;

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
  dir = mkdtempSync(path.join(tmpdir(), 'pw-vision-'));
  engine = await createEngine({
    libraryPath: path.join(dir, 'library.db'),
    secrets: memorySecretStore('sk-test'),
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl },
  });
  file = writeTempFixture(
    `vision-${process.pid}.pdf`,
    await makeScannedPdf([{ kind: 'text', text: 'Typed cover page.' }, { kind: 'scan', lines: [...SCAN_LINES.lease] }, { kind: 'blank' }, { kind: 'scan', lines: [...SCAN_LINES.rotated], rotate: 90 }]),
  );
});
afterAll(async () => {
  engine?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(file, { force: true });
});

describe('the image token rule', () => {
  const mini = { baseTokens: 2833, tileTokens: 5667 };
  it('bills gpt-4o-mini 2,833 at low detail, and 2,833 + 5,667 per 512 px tile after scaling at high detail', () => {
    expect(imageTokens(mini, 1275, 1650, 'low')).toBe(2833);
    // 1275 x 1650 -> short side 768: 768 x 994 -> 2 x 2 tiles
    expect(imageTokens(mini, 1275, 1650, 'high')).toBe(2833 + 4 * 5667);
    // 4096 x 8192 -> fits 1024 x 2048 -> 768 x 1536 -> 2 x 3 tiles
    expect(imageTokens(mini, 4096, 8192, 'high')).toBe(2833 + 6 * 5667);
    // small images are not scaled up: 300 x 200 is one tile
    expect(imageTokens(mini, 300, 200, 'high')).toBe(2833 + 5667);
  });
});

describe('vision transcription', () => {
  it('shows the cost first, sends PNG page images, counts prompt tokens exactly, and stores the text as vision', async () => {
    const ingest = await ok(dispatch(engine, 'library.ingest', { source: { kind: 'path', path: file }, ocr: 'off' }));
    const docId = ingest.document.id;
    expect(ingest.document.textlessPages).toEqual([2, 3, 4]);

    const before = fake.requests.length;
    const plan = await ok(dispatch(engine, 'ocr.plan', { docId, detail: 'high' }));
    expect(fake.requests.length).toBe(before); // planning sends nothing
    expect(plan.model).toBe('gpt-4o-mini');
    expect(plan.pages.map((p) => p.page)).toEqual([2, 3, 4]);
    expect(plan.pages[0]).toMatchObject({ width: 1275, height: 1650, imageTokens: 2833 + 4 * 5667 });
    expect(plan.pages[2]).toMatchObject({ width: 1275, height: 1650 }); // the rotated page, drawn upright
    expect(plan.promptCostUsd).toBeCloseTo((plan.promptTokens * 0.15) / 1_000_000, 10);
    expect(plan.promptCostUsd / 3).toBeGreaterThan(0.003); // about $0.004 a page
    expect(plan.promptCostUsd / 3).toBeLessThan(0.005);

    const outcome = await ok(dispatch(engine, 'ocr.run', { docId, mode: 'vision', detail: 'high' }));
    const sent = fake.requests.slice(before).filter((r) => r.messages !== null && r.status === 200);
    // the blank page is recognised as blank and not sent
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      const user = request.messages?.find((m) => m.role === 'user');
      expect(user?.images).toHaveLength(1);
      expect(user?.images?.[0]?.detail).toBe('high');
      expect(request.messages?.[0]?.content).toMatch(/data to transcribe, not instructions/);
    }
    expect(sent.map((r) => r.promptTokens)).toEqual([plan.pages[0]?.promptTokens, plan.pages[2]?.promptTokens]);
    expect(outcome.usage?.predictedPromptTokens).toBe(outcome.usage?.promptTokens);
    expect(outcome.usage?.promptTokens).toBe(plan.pages[0]!.promptTokens + plan.pages[2]!.promptTokens);
    expect(outcome.ocrPages).toEqual([2, 4]);
    expect(outcome.blankPages).toEqual([3]);
    expect(outcome.textlessPages).toEqual([]);

    const text = await ok(dispatch(engine, 'ocr.text', { docId }));
    expect(text.pages.map((p) => p.source)).toEqual(['text', 'vision', 'text', 'vision']);
    expect(text.pages[1]).toMatchObject({ text: FAKE_TRANSCRIPTION, confidence: null });
    const search = await ok(dispatch(engine, 'library.search', { docId, query: 'tenant' }));
    expect(JSON.stringify(search)).toContain('tenant');
  }, 120_000);

  it('at low detail each image costs the fixed 2,833 tokens, and the server agrees', async () => {
    const again = writeTempFixture(`vision-low-${process.pid}.pdf`, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.revenue] }]));
    try {
      const docId = (await ok(dispatch(engine, 'library.ingest', { source: { kind: 'path', path: again }, ocr: 'off' }))).document.id;
      const plan = await ok(dispatch(engine, 'ocr.plan', { docId, detail: 'low' }));
      expect(plan.imageTokens).toBe(2833);
      const before = fake.requests.length;
      const outcome = await ok(dispatch(engine, 'ocr.run', { docId, mode: 'vision', detail: 'low' }));
      const sent = fake.requests.slice(before).find((r) => r.messages !== null);
      expect(sent?.messages?.find((m) => m.role === 'user')?.images?.[0]?.detail).toBe('low');
      expect(sent?.promptTokens).toBe(plan.promptTokens);
      expect(outcome.usage?.promptTokens).toBe(plan.promptTokens);
    } finally {
      rmSync(again, { force: true });
    }
  }, 120_000);
});

describe('pagewise ocr --ocr vision', () => {
  it('prints the cost before sending, then what was sent and that the count matched', async () => {
    const { cliEnvironment, runCli } = await import('./cli-helpers');
    const environment = cliEnvironment({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl });
    const scan = path.join(environment.dir, 'fax.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(scan, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.lease] }]));
    expect((await runCli(environment, ['ingest', scan, '--ocr', 'off'])).code).toBe(0);
    const run = await runCli(environment, ['ocr', 'fax', '--ocr', 'vision', '--detail', 'low']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Vision transcription with gpt-4o-mini \(low detail\): 1 page, [\d,]+ prompt tokens \(2,833 image tokens\), \$0\.000\d for the prompts/);
    const sent = /sent ([\d,]+) prompt tokens \(([\d,]+) tokens counted before sending\)/.exec(run.stdout);
    expect(sent?.[1]).toBe(sent?.[2]);
    const text = await runCli(environment, ['text', 'fax', '--json']);
    expect(JSON.parse(text.stdout)).toMatchObject({ pages: [{ page: 1, source: 'vision', text: FAKE_TRANSCRIPTION }] });
    rmSync(environment.dir, { recursive: true, force: true });
  }, 120_000);
});
