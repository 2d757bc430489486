/**
 * A scanned page in the viewer: the page box carries an "OCR" mark with the
 * confidence, a typed page does not (issue 11). Screenshots at three sizes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { DocumentRecord } from '../../shared/api';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';
import { e2eEnv } from './support/env';
import { openApp, shot } from './support/helpers';
import { apiSetup } from './support/retry';

test('a page read by OCR is marked with its confidence in the viewer; a typed page is not', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-ocr-'));
  try {
    const file = join(dir, 'Scanned amendment.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.lease] }, { kind: 'text', text: 'Typed schedule of payments.' }]));
    const { document: doc } = await apiSetup<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path: file } });
    expect(doc.textlessPages).toEqual([]);

    const errors = await openApp(page, e2eEnv().online, `#/doc/${doc.id}/ask`);
    await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
    const mark = page.getByTestId('ocr-mark');
    await expect(mark).toHaveText(/^OCR · \d{2,3}%$/);
    await expect(mark).toHaveAttribute('title', /read from the scanned image by OCR/);
    for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await expect(mark).toBeVisible();
      await shot(page, `ocr-mark-${width}x${height}`);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'ocr-mark-dark-1280x800');
    await page.emulateMedia({ colorScheme: 'light' });

    // page 2 has a text layer: no mark
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByLabel('Page number')).toHaveValue('2');
    await expect(mark).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
