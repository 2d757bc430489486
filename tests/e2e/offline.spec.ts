/**
 * No provider configured (no API key): the header says so, and answers are
 * extractive — quoted from the document with verified citations, no model.
 */
import { test, expect } from '@playwright/test';
import { TERMINATION_PAGE } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { ingest, openApp, shot } from './support/helpers';

test('offline: empty library, extractive answers with verified citations', async ({ page }) => {
  const env = e2eEnv();
  const errors = await openApp(page, env.offline);
  await expect(page.getByTestId('offline-indicator')).toContainText('Offline');
  await expect(page.getByRole('heading', { name: 'Read long PDFs with verified citations' })).toBeVisible();
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `library-empty-${w}x${h}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });

  await ingest(page, env.fixtures.contract, 'Commercial Lease Agreement');
  await page.locator('.doc-row').first().getByRole('button', { name: 'Open' }).click();
  await page.locator('#question').fill('How can either party terminate this lease?');
  await expect(page.locator('.ask-tab').getByTestId('plan')).toContainText('extractive');
  await page.locator('#question').press('Enter');
  const turn = page.locator('.turn').last();
  await expect(turn.getByText('Extractive (no model used)')).toBeVisible({ timeout: 20_000 });
  await expect(turn.getByTestId('answer-text')).toContainText('terminate this lease');
  const chip = turn.locator(`.cite[data-page="${TERMINATION_PAGE}"]`).first();
  await expect(chip).toHaveAttribute('data-verified', 'verified');
  await chip.click();
  await expect(page.locator(`.pdf-page[data-page="${TERMINATION_PAGE}"] .textLayer .highlight`).first()).toBeVisible();
  await shot(page, 'offline-answer');

  // offline summaries work too
  await page.getByRole('tab', { name: 'Summaries' }).click();
  await page.getByRole('button', { name: 'Summarize' }).click();
  await expect(page.locator('.summary-result .answer-card[data-answer-id]')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.summary-result').getByText('Extractive (no model used)')).toBeVisible();
  expect(errors).toEqual([]);
});
