/**
 * The app shell in a real Chromium against browser mode: a PDF dropped on an
 * open document is added (the page never navigates to the file), Ctrl+O opens
 * the file picker from a document, a document can be renamed from its library
 * row and from its header, Remove asks in the app's own dialog, and the notes
 * about added files can be dismissed.
 */
import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { makeTextPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { catchFileChoosers, ingest, openApp, shot } from './support/helpers';

async function uniquePdf(title: string): Promise<string> {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const bytes = await makeTextPdf({
    title,
    pages: [`${title.toUpperCase()}\n\nReference ${stamp}. This memo records the harbour works schedule.`, `Second page\nThe harbour works finish in May.`],
  });
  return writeTempFixture(`${title.toLowerCase().replace(/\W+/g, '-')}-${stamp}.pdf`, bytes);
}

/** Drop a file on an element the way a user's drag from the desktop does (DataTransfer with the file's bytes). */
async function dropFile(page: Page, selector: string, filePath: string): Promise<{ dragoverPrevented: boolean; dropPrevented: boolean }> {
  const base64 = readFileSync(filePath).toString('base64');
  const name = filePath.split('/').pop() ?? 'file.pdf';
  return page.evaluate(
    ({ selector, base64, name }) => {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
      const target = document.querySelector(selector);
      if (!target) throw new Error(`nothing matches ${selector}`);
      const fire = (type: string): boolean => {
        const event = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer });
        target.dispatchEvent(event);
        return event.defaultPrevented;
      };
      fire('dragenter');
      const dragoverPrevented = fire('dragover');
      const dropPrevented = fire('drop');
      return { dragoverPrevented, dropPrevented };
    },
    { selector, base64, name },
  );
}

test('a PDF dropped on an open document is added, and the page stays the app', async ({ page }) => {
  const env = e2eEnv();
  const errors = await openApp(page, env.online);
  const first = await uniquePdf('Harbour Works Memo');
  await ingest(page, first, 'Harbour Works Memo');
  await page.locator('.doc-row', { hasText: 'Harbour Works Memo' }).first().getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.pdf-page').first()).toBeVisible();
  const appUrl = page.url();

  const second = await uniquePdf('Quay Wall Survey');
  const outcome = await dropFile(page, '.pdf-page', second);
  // preventDefault on both is what stops a browser (and Electron) from opening the file instead of the app
  expect(outcome).toEqual({ dragoverPrevented: true, dropPrevented: true });
  await expect(page.getByTestId('ingest-done')).toContainText('Quay Wall Survey', { timeout: 30_000 });
  await expect(page.locator('.doc-row', { hasText: 'Quay Wall Survey' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(appUrl).origin);

  // the note goes away when dismissed
  await page.getByRole('button', { name: 'Dismiss the note about Quay Wall Survey' }).click();
  await expect(page.getByTestId('ingest-done')).toHaveCount(0);

  // a second drop on the same screen (the library this time) is added too
  const third = await uniquePdf('Mooring Inspection');
  expect(await dropFile(page, '.doc-table', third)).toEqual({ dragoverPrevented: true, dropPrevented: true });
  await expect(page.getByTestId('ingest-done')).toContainText('Mooring Inspection', { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('Ctrl+O opens the file picker from an open document', async ({ page }) => {
  const env = e2eEnv();
  const fileChoosers = catchFileChoosers(page);
  await openApp(page, env.online);
  const file = await uniquePdf('Dredging Permit');
  await ingest(page, file, 'Dredging Permit');
  await page.locator('.doc-row', { hasText: 'Dredging Permit' }).first().getByRole('button', { name: 'Open' }).click();
  await page.locator('#question').click();

  const another = await uniquePdf('Berth Allocation Plan');
  await page.keyboard.press('Control+o');
  await (await fileChoosers.next()).setFiles(another);
  await expect(page.getByTestId('ingest-done')).toContainText('Berth Allocation Plan', { timeout: 30_000 });
});

test('rename a document from its library row and from its header; Esc keeps the title', async ({ page }) => {
  const env = e2eEnv();
  const errors = await openApp(page, env.online);
  const file = await uniquePdf('Harbour Draft Notes');
  await ingest(page, file, 'Harbour Draft Notes');
  const row = page.locator('.doc-row', { hasText: 'Harbour Draft Notes' }).first();
  const docId = await row.getAttribute('data-doc-id');

  await row.getByRole('button', { name: 'Rename Harbour Draft Notes' }).click();
  const field = page.getByRole('textbox', { name: 'Document title' });
  await expect(field).toBeFocused();
  await field.fill('Harbour Authority — yearly review');
  await field.press('Enter');
  const renamedRow = page.locator(`.doc-row[data-doc-id="${docId}"]`);
  await expect(renamedRow.locator('.doc-title')).toHaveText('Harbour Authority — yearly review');

  // the engine stored it: a reload shows the new title
  await page.reload();
  await expect(page.locator(`.doc-row[data-doc-id="${docId}"] .doc-title`)).toHaveText('Harbour Authority — yearly review');

  // F2 on a focused title starts a rename; Esc leaves the title as it was
  await page.locator(`.doc-row[data-doc-id="${docId}"] .doc-title`).focus();
  await page.keyboard.press('F2');
  await page.getByRole('textbox', { name: 'Document title' }).fill('Something else');
  await page.keyboard.press('Escape');
  await expect(page.locator(`.doc-row[data-doc-id="${docId}"] .doc-title`)).toHaveText('Harbour Authority — yearly review');

  // in the document: the header names it, and renames it
  await page.locator(`.doc-row[data-doc-id="${docId}"]`).getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.crumb.current')).toHaveText('Harbour Authority — yearly review');
  await page.getByRole('button', { name: 'Rename “Harbour Authority — yearly review”' }).click();
  await page.getByRole('textbox', { name: 'Document title' }).fill('Harbour Authority yearly review, edition two');
  for (const [w, h] of [
    [1024, 700],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `shell-rename-header-${w}x${h}-${scheme}`);
    }
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('.crumb.current')).toHaveText('Harbour Authority yearly review, edition two');
  await expect(page).toHaveTitle('Harbour Authority yearly review, edition two — Pagewise');
  expect(errors).toEqual([]);
});

test('Remove asks in the app’s own dialog; Esc and Cancel keep the document, the keyboard can confirm', async ({ page }) => {
  const env = e2eEnv();
  await openApp(page, env.online);
  page.on('dialog', () => {
    throw new Error('a browser dialog (window.confirm) was shown');
  });
  const file = await uniquePdf('Pilotage Tariff');
  await ingest(page, file, 'Pilotage Tariff');
  const row = page.locator('.doc-row', { hasText: 'Pilotage Tariff' }).first();

  await row.getByRole('button', { name: 'Remove Pilotage Tariff' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Remove from the library?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Pilotage Tariff');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  for (const [w, h] of [
    [1024, 700],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `shell-remove-dialog-${w}x${h}-${scheme}`);
    }
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: 'Remove Pilotage Tariff' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Remove' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.doc-row', { hasText: 'Pilotage Tariff' })).toHaveCount(0);
});

test('without its session token the page shows one error and no buttons that cannot work', async ({ page }) => {
  const env = e2eEnv();
  await page.goto(`${env.online.origin}/`);
  const error = page.getByTestId('start-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('session token');
  await expect(page.getByRole('alert')).toHaveCount(1);
  // nothing that needs the engine: no Open, no Settings, no library
  await expect(page.getByRole('button', { name: 'Open PDF…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  for (const [w, h] of [
    [1024, 700],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `shell-no-token-${w}x${h}-${scheme}`);
    }
  }
});

test('Settings opened before the app has loaded its settings fills in when they come', async ({ page }) => {
  const env = e2eEnv();
  // hold back the app's first settings.get until the dialog is open
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/settings.get', async (route) => {
    await held;
    await route.continue();
  });
  await openApp(page, env.online);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByText('Loading settings…')).toBeVisible();
  release();
  await expect(dialog.getByText('Loading settings…')).toHaveCount(0);
  await expect(dialog.getByRole('group', { name: 'Model provider' })).toBeVisible();
});

test('Settings says what is really used: the base URL from the environment and where the key comes from', async ({ page }) => {
  const env = e2eEnv();
  await openApp(page, env.online);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const inUse = dialog.getByTestId('connection');
  // the e2e server runs with OPENAI_BASE_URL pointing at the fake server and OPENAI_API_KEY set
  await expect(inUse).toContainText(`OpenAI — ${env.fakeOrigin}/v1`);
  await expect(inUse).not.toContainText('api.openai.com');
  await expect(inUse).toContainText('From the environment variable OPENAI_API_KEY');
  await expect(dialog.getByTestId('key-help')).toContainText('comes from OPENAI_API_KEY');
  await expect(dialog.getByText('A key is stored')).toHaveCount(0);
  for (const [w, h] of [
    [1024, 700],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `shell-settings-${w}x${h}-${scheme}`);
    }
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // offline: no provider, no key
  await openApp(page, env.offline);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByTestId('connection')).toContainText('Offline: extractive answers');
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByTestId('connection')).toContainText('None yet');
});

test('the context meter says how far over a request a document is, and Summaries reads it in parts', async ({ page }) => {
  const env = e2eEnv();
  await openApp(page, env.online);
  await ingest(page, env.fixtures.large, 'Annual Report 2025');
  await page.locator('.doc-row', { hasText: 'Annual Report 2025' }).first().getByRole('button', { name: 'Open' }).click();
  await page.getByRole('tab', { name: 'Summaries' }).click();
  const meter = page.locator('.summaries-tab').getByTestId('context-meter');
  await meter.locator('select').selectOption('2000');
  const fit = meter.getByTestId('meter-fit');
  await expect(fit).toContainText(/^[\d,]+ tokens; one request holds [\d,]+ \((\d+% over|[\d.]+ times as much)\)/);
  await expect(fit).toContainText(/Read in \d+ parts/);
  await expect(fit).not.toContainText('Needs focusing');
  await expect(fit).not.toContainText('×');
  await expect(meter.getByTestId('plan')).toContainText(/Read in \d+ parts, then combined/);
  for (const [w, h] of [
    [1024, 700],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `shell-meter-summaries-${w}x${h}-${scheme}`);
    }
  }
});

test('offline, the plan speaks of no requests and no prompt tokens', async ({ page }) => {
  const env = e2eEnv();
  await openApp(page, env.offline);
  const file = await uniquePdf('Offline Berth Rules');
  await ingest(page, file, 'Offline Berth Rules');
  await page.locator('.doc-row', { hasText: 'Offline Berth Rules' }).first().getByRole('button', { name: 'Open' }).click();
  await page.locator('#question').fill('When do the harbour works finish?');
  const meter = page.locator('.ask-tab').getByTestId('context-meter');
  const plan = meter.getByTestId('plan');
  await expect(plan).toContainText('No model is called');
  await expect(meter).not.toContainText(/request|prompt tokens/i);
  await expect(meter.getByTestId('meter-fit')).toContainText(/[\d,]+ tokens; offline, nothing is sent to a model/);
  await page.getByRole('tab', { name: 'Summaries' }).click();
  const summaryMeter = page.locator('.summaries-tab').getByTestId('context-meter');
  await expect(summaryMeter.getByTestId('plan')).toContainText('No model is called');
  await expect(summaryMeter).not.toContainText(/request|prompt tokens/i);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `shell-meter-offline-1280x800-${scheme}`);
  }
});

test('a batch ends in one line that can be opened or dismissed; the library row renames inline', async ({ page }) => {
  const env = e2eEnv();
  await openApp(page, env.online);
  const files = [await uniquePdf('Tug Fleet Register'), await uniquePdf('Crane Load Tests')];
  const notPdf = writeTempFixture(`notes-${Date.now()}.txt`, new TextEncoder().encode('plain text'));
  await page.getByTestId('file-input').setInputFiles([...files, notPdf]);
  const summary = page.getByTestId('batch-summary');
  await expect(summary).toContainText('3 files: 2 added, 1 could not be added.', { timeout: 30_000 });
  await expect(page.getByTestId('ingest-done')).toHaveCount(0);
  const row = page.locator('.doc-row', { hasText: 'Tug Fleet Register' }).first();
  await row.getByRole('button', { name: 'Rename Tug Fleet Register' }).click();
  for (const [w, h] of [
    [1024, 700],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `shell-library-batch-rename-${w}x${h}-${scheme}`);
    }
  }
  await page.keyboard.press('Escape');
  await summary.getByRole('button', { name: 'Show details' }).click();
  await expect(page.getByTestId('ingest-done')).toHaveCount(2);
  await expect(page.getByTestId('ingest-error')).toContainText('is not a PDF');
  await summary.getByRole('button', { name: 'Dismiss these notes' }).click();
  await expect(page.getByTestId('ingest-done')).toHaveCount(0);
  await expect(page.getByTestId('ingest-error')).toHaveCount(0);
});
