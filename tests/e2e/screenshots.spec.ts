/**
 * The main screens compared against committed baselines
 * (screenshots.spec.ts-snapshots/, Playwright's toHaveScreenshot with a small
 * tolerance), at 1280x800 in light and dark; 1920x1080 is saved under
 * test-results/screenshots/ to look at, not compared.
 *
 * Deterministic on purpose: a library of its own (env.screens, so what other
 * specs add never shows), a fixed locale and time zone, the fake model's fixed
 * answers, animations and the caret off (toHaveScreenshot's defaults), and
 * every date or time on screen masked. After an intended UI change, look at
 * the new screens and update the baselines:
 *   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test tests/e2e/screenshots.spec.ts --update-snapshots
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

const COMPARED = [
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
] as const;
const SAVED_ONLY = [
  { width: 1920, height: 1080, scheme: 'light' },
  { width: 1920, height: 1080, scheme: 'dark' },
] as const;

/** Anything that shows a clock time or a date (formatDate: "Today 02:31", "Yesterday 09:00", "Dec 2, 2026 02:31"). */
function clocks(page: Page): Locator {
  return page.getByText(/\b\d{1,2}:\d{2}\b|\b(?:Today|Yesterday)\b/);
}

function viewportHeight(page: Page): number {
  return page.viewportSize()?.height ?? 800;
}

async function shootAll(page: Page, name: string, settle?: () => Promise<void>): Promise<void> {
  for (const v of [...COMPARED, ...SAVED_ONLY]) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.emulateMedia({ colorScheme: v.scheme, reducedMotion: 'reduce' });
    await settle?.();
    const variant = `${name}-${v.width}x${v.height}-${v.scheme}`;
    await shot(page, variant);
    if (COMPARED.some((c) => c === v)) {
      await expect(page, `${variant} differs from its baseline`).toHaveScreenshot(`${variant}.png`, {
        maxDiffPixelRatio: 0.01,
        mask: [clocks(page)],
      });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the main screens match their baselines, light and dark', async ({ page }) => {
  test.setTimeout(180_000);
  const env = e2eEnv();
  // the library this test shows: one lease and one answer about it, nothing else
  const { document } = await api<{ document: { id: string } }>(env.screens, 'library.ingest', { source: { kind: 'path', path: env.fixtures.contract } });
  await api(env.screens, 'analysis.ask', { docId: document.id, question: 'How much notice ends the lease?', strategy: 'auto' });

  const errors = await openApp(page, env.screens);
  await expect(page.locator('.doc-row')).toHaveCount(1);
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
    await page.mouse.move(4, viewportHeight(page) - 4);
  });

  // history
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-row').first().click();
  await shootAll(page, 'document-history');

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
