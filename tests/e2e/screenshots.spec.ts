/**
 * Screenshots of each main screen at 1280x800 and 1920x1080, light and dark,
 * saved under test-results/screenshots/ (look at them after UI changes).
 */
import { test, expect, type Page } from '@playwright/test';
import { e2eEnv } from './support/env';
import { openApp, shot } from './support/helpers';

const VARIANTS = [
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
  { width: 1920, height: 1080, scheme: 'light' },
  { width: 1920, height: 1080, scheme: 'dark' },
] as const;

function viewportHeight(page: Page): number {
  return page.viewportSize()?.height ?? 800;
}

async function shootAll(page: Page, name: string, settle?: () => Promise<void>): Promise<void> {
  for (const v of VARIANTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.emulateMedia({ colorScheme: v.scheme });
    await settle?.();
    await shot(page, `${name}-${v.width}x${v.height}-${v.scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('screens at two sizes, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  const env = e2eEnv();
  const errors = await openApp(page, env.online);
  await expect(page.locator('.doc-row').first()).toBeVisible();
  // the fit badges and the recent answers load after the rows
  await expect(page.locator('.doc-row').first().locator('.badge')).toBeVisible();
  await expect(page.getByTestId('recent-answers')).toBeVisible();
  await shootAll(page, 'library');

  // document view with a fresh answer and its highlighted citation
  await page.locator('.doc-row', { hasText: 'Commercial Lease Agreement' }).getByRole('button', { name: 'Open' }).click();
  await page.locator('#question').fill('What is the annual rent and when is it payable?');
  await expect(page.locator('.ask-tab').getByTestId('plan')).toContainText('prompt tokens');
  await page.locator('#question').press('Enter');
  const turn = page.locator('.turn').last();
  await expect(turn.getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
  await page.locator('#question').fill('Who is responsible for the roof?');
  await expect(page.locator('.ask-tab').getByTestId('plan')).toContainText('prompt tokens');
  const chip = turn.locator('.cite').first();
  const cited = await chip.getAttribute('data-page');
  await chip.click();
  const highlight = page.locator(`.pdf-page[data-page="${cited}"] .textLayer .highlight`).first();
  await expect(highlight).toBeVisible();
  // the bookmarks rail sits beside the pages with the cited page's section marked
  await expect(page.getByRole('tree', { name: 'Bookmarks' }).locator('[aria-current="location"]')).toHaveCount(1);
  await shootAll(page, 'document-answer', async () => {
    await page.waitForTimeout(300);
    await chip.click();
    await expect(highlight).toBeInViewport();
    await page.mouse.move(4, viewportHeight(page) - 4);
  });

  // summary
  await page.getByRole('tab', { name: 'Summaries' }).click();
  await page.getByRole('button', { name: 'Summarize' }).click();
  const summary = page.locator('.summary-result .answer-card[data-answer-id]');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await summary.locator('.cite').nth(1).click();
  await shootAll(page, 'document-summary', async () => {
    await page.waitForTimeout(300);
    await page.mouse.move(4, viewportHeight(page) - 4);
  });

  // history
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-row').first().click();
  await shootAll(page, 'document-history', async () => {
    await page.waitForTimeout(200);
  });

  // settings
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await shootAll(page, 'settings');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // keyboard shortcuts help
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shootAll(page, 'shortcuts');
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});
