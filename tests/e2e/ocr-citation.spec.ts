/**
 * A citation to a scanned page (issue 11): the answer's quote is verified
 * against the OCR text, and clicking its chip draws highlight boxes over the
 * quoted words on the page image, from the word boxes OCR kept (a scan has no
 * pdf.js text layer to mark). Screenshots at 1024x700 and 1920x1080, light and dark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { DocumentRecord } from '../../shared/api';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';
import { apiSetup } from './support/retry';

test('clicking a citation to a scanned page boxes the quoted words on the page image', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-ocr-cite-'));
  let docId = '';
  try {
    const file = join(dir, 'Scanned lease amendment.pdf');
    writeFileSync(
      file,
      await makeScannedPdf([
        { kind: 'text', text: 'Cover letter for the amendment, typed.' },
        { kind: 'scan', lines: [...SCAN_LINES.lease] },
      ]),
    );
    const { document: doc } = await apiSetup<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path: file } });
    docId = doc.id;
    expect(doc.textlessPages).toEqual([]);

    const errors = await openApp(page, e2eEnv().online, `#/doc/${doc.id}/ask`);
    await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
    await page.locator('#question').fill('How many dollars shall the tenant pay per month?');
    await page.locator('#question').press('Enter');
    const card = page.locator('.turn').last();
    await expect(card.getByTestId('verified-badge')).toBeVisible({ timeout: 30_000 });
    await expect(card.getByTestId('answer-text')).toContainText('12,500 dollars per month');
    const chip = card.locator('.cite[data-page="2"]').first();
    await expect(chip).toHaveAttribute('data-verified', 'verified');

    await chip.click();
    await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('2');
    const boxes = page.locator('.pdf-page[data-page="2"] .ocr-highlight');
    await expect(boxes.first()).toBeVisible({ timeout: 15_000 });
    await expect(boxes.first()).toBeInViewport();
    // exactly the words of the stored quote, none of the last line
    const history = await api<{ items: { citations: { page: number; quote: string | null }[] }[] }>(e2eEnv().online, 'history.list', { docId, limit: 1 });
    const quote = history.items[0]?.citations.find((c) => c.page === 2)?.quote ?? '';
    expect(quote).toContain('The tenant shall pay 12,500 dollars per month.');
    const words = await boxes.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.word ?? ''));
    expect(words.join(' ')).toBe(quote.replace(/\s+/g, ' ').trim());
    expect(words).not.toContain('2027.');
    // each box lies on its printed line of the scan (lines drawn at 220 and 268 px of 1,650: 13% and 16% down)
    const pageBox = await page.locator('.pdf-page[data-page="2"]').boundingBox();
    const tenant = await page.locator('.pdf-page[data-page="2"] .ocr-highlight[data-word="tenant"]').boundingBox();
    const number = await page.locator('.pdf-page[data-page="2"] .ocr-highlight[data-word="12,500"]').boundingBox();
    if (!pageBox || !tenant || !number) throw new Error('no layout');
    for (const box of [tenant, number]) {
      const down = (box.y + box.height / 2 - pageBox.y) / pageBox.height;
      expect(down).toBeGreaterThan(0.14);
      expect(down).toBeLessThan(0.17);
    }
    expect(number.x).toBeGreaterThan(tenant.x + tenant.width);
    await expect(page.getByText('could not be located')).toHaveCount(0);

    for (const [width, height] of [[1024, 700], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await boxes.first().scrollIntoViewIfNeeded();
        await shot(page, `ocr-citation-${scheme}-${width}x${height}`);
      }
    }
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (docId) await api(e2eEnv().online, 'library.remove', { docId }).catch(() => undefined);
  }
});
