/**
 * Settings → Scanned pages (issue 11): the three ways to read scans in plain words, the detail only for the
 * model, the installed languages; a change persists after reopening. With "Send page images to the model",
 * a dropped scan is added without reading it, and its row opens the cost note at once: nothing reaches the
 * model before "Send". Screenshots of the section at 1280x800, light and dark (test-results/screenshots).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { makeScannedPdf, SCAN_LINES } from '../fixtures/make-scans';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';

const READ_ON_COMPUTER = 'On this computer (recommended, free, offline)';
const READ_LATER = 'Later, when I choose Run OCR';
const SEND_TO_MODEL = 'Send page images to the model (for handwriting and hard scans; costs money, you see the cost first)';

// these specs share the online library: leave its settings as they were
test.afterAll(async () => {
  await api(e2eEnv().online, 'settings.update', { ocrMode: 'auto', visionDetail: 'high', ocrLanguage: 'eng' });
});

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function chatRequests(): Promise<number> {
  const response = await fetch(`${e2eEnv().fakeOrigin}/__control/requests`);
  const requests = (await response.json()) as { path: string }[];
  return requests.filter((r) => r.path.endsWith('/chat/completions')).length;
}

test('the Scanned pages settings: plain choices, the detail only for the model, and a change persists after reopening', async ({ page }) => {
  const errors = await openApp(page, e2eEnv().online);
  let dialog = await openSettings(page);
  const section = dialog.getByTestId('scanned-pages');
  await section.scrollIntoViewIfNeeded();
  await expect(dialog.getByRole('group', { name: 'Scanned pages' })).toBeVisible();
  const modes = section.getByRole('radiogroup', { name: 'Read scanned pages' });
  await expect(modes.getByRole('radio', { name: READ_ON_COMPUTER })).toBeChecked();
  await expect(modes.getByRole('radio', { name: READ_LATER })).not.toBeChecked();
  await expect(modes.getByRole('radio', { name: SEND_TO_MODEL })).not.toBeChecked();
  await expect(section).toContainText('Nothing leaves this computer.');
  const language = section.getByLabel('Language of the scans');
  await expect(language).toHaveValue('eng');
  await expect(language.locator('option')).toHaveText(['English']);
  // the detail belongs to the model option only
  await expect(section.getByLabel('How closely the model looks')).toHaveCount(0);

  await modes.getByRole('radio', { name: SEND_TO_MODEL }).check();
  const detail = section.getByLabel('How closely the model looks');
  await expect(detail).toHaveValue('high');
  await detail.selectOption('low');
  await expect(section).toContainText('nothing is sent until you choose Send');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await section.scrollIntoViewIfNeeded();
    await shot(page, `settings-scanned-pages-1280x800-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  const saved = await api<{ ocrMode: string; visionDetail: string; ocrLanguage: string }>(e2eEnv().online, 'settings.get', {});
  expect(saved).toMatchObject({ ocrMode: 'vision', visionDetail: 'low', ocrLanguage: 'eng' });

  // reopened (after a reload too) it shows what was saved
  await page.reload();
  dialog = await openSettings(page);
  const again = dialog.getByTestId('scanned-pages');
  await expect(again.getByRole('radio', { name: SEND_TO_MODEL })).toBeChecked();
  await expect(again.getByLabel('How closely the model looks')).toHaveValue('low');
  await again.getByRole('radio', { name: READ_LATER }).check();
  await expect(again.getByLabel('How closely the model looks')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  dialog = await openSettings(page);
  await expect(dialog.getByRole('radio', { name: READ_LATER })).toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(errors).toEqual([]);
});

test('with "Send page images to the model", a dropped scan opens the cost note in its row and nothing is sent before Send', async ({ page }) => {
  test.setTimeout(120_000);
  await api(e2eEnv().online, 'settings.update', { ocrMode: 'vision', visionDetail: 'high' });
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-settings-scans-'));
  try {
    const file = join(dir, 'Faxed delivery note.pdf');
    writeFileSync(file, await makeScannedPdf([{ kind: 'scan', lines: [...SCAN_LINES.revenue] }]));
    const errors = await openApp(page, e2eEnv().online);
    const before = await chatRequests();
    await page.getByTestId('file-input').setInputFiles(file);
    const done = page.getByTestId('ingest-done').filter({ hasText: 'Faxed delivery note' });
    await expect(done).toContainText('1 scanned page can be sent to the model: its row shows the cost; nothing is sent before you choose Send.', { timeout: 30_000 });
    const row = page.locator('.doc-row', { hasText: 'Faxed delivery note' });
    const cost = row.getByTestId('ocr-vision-cost');
    await expect(cost).toContainText(/Send 1 page image to gpt-4o-mini: 25,\d{3} prompt tokens, \$0\.00\d\d/);
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'settings-scans-vision-cost-1280x800-light');
    expect(await chatRequests()).toBe(before); // the ingest and the cost sent nothing

    await cost.getByRole('button', { name: 'Send' }).click();
    await expect(row.getByTestId('ocr-row-outcome')).toContainText(/The model transcribed 1 page \(\$0\.00\d\d\)\./, { timeout: 60_000 });
    expect(await chatRequests()).toBe(before + 1);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
