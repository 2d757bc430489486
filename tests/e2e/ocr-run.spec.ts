/**
 * A scan ingested with OCR off (issue 11): the library row says its scanned
 * pages wait for OCR; "Run OCR" shows "Reading scanned pages: OCR page n of N"
 * with a bar and Cancel; Cancel keeps the pages read; a second run reads the
 * rest and the row's note goes. Screenshots at 1024x700 and 1920x1080, light and dark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import type { DocumentRecord } from '../../shared/api';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';
import { apiSetup } from './support/retry';

async function shots(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1024, 700], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `${name}-${scheme}-${width}x${height}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('Run OCR on a scan ingested with OCR off: progress, Cancel keeps the pages read, a second run reads the rest', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-ocr-run-'));
  try {
    const file = join(dir, 'Faxed lease amendment.pdf');
    writeFileSync(
      file,
      await makeScannedPdf([
        { kind: 'scan', lines: [...SCAN_LINES.lease] },
        { kind: 'scan', lines: [...SCAN_LINES.revenue] },
        { kind: 'scan', lines: [...SCAN_LINES.lease].reverse() },
      ]),
    );
    const { document: doc } = await apiSetup<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path: file }, ocr: 'off' });
    expect(doc.textlessPages).toEqual([1, 2, 3]);

    const errors = await openApp(page, e2eEnv().online);
    const row = page.locator(`.doc-row[data-doc-id="${doc.id}"]`);
    await expect(row.getByTestId('ocr-row-pending')).toContainText('3 scanned pages waiting for OCR');
    await row.scrollIntoViewIfNeeded();
    await shots(page, 'ocr-row-pending');

    // Run, then Cancel as soon as it reports: the pages in flight finish and stay, the rest wait
    await row.getByRole('button', { name: `Run OCR on ${doc.title}` }).click();
    const progress = row.getByTestId('ocr-row-progress');
    await expect(progress).toContainText(/Reading scanned pages: OCR page [1-3] of 3/);
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await shots(page, 'ocr-row-progress');
    await progress.getByRole('button', { name: `Cancel OCR of ${doc.title}` }).click();
    const stopped = row.getByTestId('ocr-row-outcome');
    await expect(stopped).toContainText(/OCR stopped after reading [0-2] pages?\. The pages read are kept; [1-3] pages? still wait\./, { timeout: 120_000 });
    const waiting = Number(/([1-3]) pages? still wait/.exec((await stopped.textContent()) ?? '')?.[1]);
    const pending = row.getByTestId('ocr-row-pending');
    await expect(pending).toContainText(`${waiting} scanned page${waiting === 1 ? '' : 's'} waiting for OCR`);
    const afterCancel = await api<{ documents: { id: string; pendingPages: number[]; ocrPages: number[] }[] }>(e2eEnv().online, 'ocr.status', { docIds: [doc.id] });
    expect(afterCancel.documents[0]?.pendingPages.length).toBe(waiting);
    const readBefore = afterCancel.documents[0]?.ocrPages ?? [];

    // Run again: only the rest is read; the row's note goes and the document has text on every page
    await row.getByRole('button', { name: `Run OCR on ${doc.title}` }).click();
    await expect(row.getByTestId('ocr-row-outcome')).toContainText(`OCR read ${waiting} page`, { timeout: 180_000 });
    await expect(row.getByTestId('ocr-row-pending')).toHaveCount(0);
    await expect(row).not.toContainText('without text');
    await shots(page, 'ocr-row-done');
    const done = await api<{ documents: { pendingPages: number[]; ocrPages: number[] }[] }>(e2eEnv().online, 'ocr.status', { docIds: [doc.id] });
    expect(done.documents[0]).toMatchObject({ pendingPages: [], ocrPages: [1, 2, 3] });
    expect(readBefore.length + waiting).toBe(3);

    // the words are searchable now: the viewer marks the page as OCR
    await row.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('ocr-mark')).toHaveText(/^OCR · \d{2,3}%$/);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the viewer says which scanned pages wait for OCR and runs it from there', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-ocr-view-'));
  try {
    const file = join(dir, 'Signed exhibit.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'text', text: 'Cover letter, typed.' }, { kind: 'scan', lines: [...SCAN_LINES.rotated] }]));
    const { document: doc } = await apiSetup<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path: file }, ocr: 'off' });
    const errors = await openApp(page, e2eEnv().online, `#/doc/${doc.id}/ask`);
    const note = page.getByTestId('ocr-viewer-note');
    await expect(note).toContainText('1 scanned page waiting for OCR.');
    const heading = page.locator('.doc-heading');
    await expect(heading).toContainText('1 page without text');
    await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
    await shots(page, 'ocr-viewer-pending');
    await note.getByRole('button', { name: 'Run OCR' }).click();
    await expect(note).toHaveCount(0, { timeout: 180_000 });
    // the header reads the document again: its scanned page has text now, and more tokens
    await expect(heading).not.toContainText('without text');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByTestId('ocr-mark')).toHaveText(/^OCR · \d{2,3}%$/);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vision transcription from the library row says what it sends and costs before anything is sent', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-ocr-vision-'));
  try {
    const file = join(dir, 'Handwritten note.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.lease] }]));
    const { document: doc } = await apiSetup<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path: file }, ocr: 'off' });
    const errors = await openApp(page, e2eEnv().online);
    const row = page.locator(`.doc-row[data-doc-id="${doc.id}"]`);
    await row.getByRole('button', { name: 'Transcribe with the model…' }).click();
    const cost = row.getByTestId('ocr-vision-cost');
    // a letter page at 150 dpi is 2 x 2 tiles after scaling: 2,833 + 4 x 5,667 image tokens, plus the prompt text
    await expect(cost).toContainText(/Send 1 page image to gpt-4o-mini: 25,\d{3} prompt tokens, \$0\.00\d\d \(at most \$0\.00\d\d with the transcriptions\)\./);
    await row.scrollIntoViewIfNeeded();
    await shots(page, 'ocr-vision-cost');
    const status = await api<{ documents: { pendingPages: number[] }[] }>(e2eEnv().online, 'ocr.status', { docIds: [doc.id] });
    expect(status.documents[0]?.pendingPages).toEqual([1]); // nothing sent yet
    await cost.getByRole('button', { name: 'Send' }).click();
    await expect(row.getByTestId('ocr-row-outcome')).toContainText(/The model transcribed 1 page \(\$0\.00\d\d\)\./, { timeout: 60_000 });
    const text = await api<{ pages: { source: string; text: string }[] }>(e2eEnv().online, 'ocr.text', { docId: doc.id });
    expect(text.pages[0]?.source).toBe('vision');
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
