/**
 * Compare in Chromium against the real engine (browser mode, the fake OpenAI server): two documents asked the
 * same question, the cost shown first, two rows with verified citation chips, a chip that opens its document at
 * that page, and the table exported as CSV (the downloaded file's content checked).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { makeTextPdf } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { api, ingest, openApp, setFault, shot } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const DOCS = [
  { title: 'Compare Lease 2019', pages: ['Lease 2019 between Harbor Properties and Acme.', 'The tenant shall pay rent of 4,000 dollars each month to the landlord.'] },
  { title: 'Compare Amendment 2021', pages: ['First amendment to the lease of 2019.', 'From January 2021 the tenant shall pay rent of 4,400 dollars each month.'] },
];
const QUESTION = 'How much rent does the tenant pay each month?';
const STOPPED_QUESTION = 'Who is the landlord?';

let page: Page;
let dir: string;
const docIds: string[] = [];
const comparisonIds: string[] = [];

test.beforeAll(async ({ browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'pw-e2e-compare-'));
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  await openApp(page);
  for (const [i, doc] of DOCS.entries()) {
    const file = join(dir, `compare-${i}.pdf`);
    writeFileSync(file, await makeTextPdf({ title: doc.title, pages: doc.pages }));
    await ingest(page, file, doc.title);
  }
  const docs = await api<{ documents: { id: string; title: string }[] }>(e2eEnv().online, 'library.list', {});
  for (const doc of DOCS) docIds.push(docs.documents.find((d) => d.title === doc.title)?.id ?? '');
});

test.afterAll(async () => {
  await page.context().close();
  rmSync(dir, { recursive: true, force: true });
  // the specs share the online library, and the journey starts from an empty one
  const list = await api<{ items: { id: string; question: string }[] }>(e2eEnv().online, 'history.comparisons', {});
  for (const c of list.items) if (c.question === QUESTION || c.question === STOPPED_QUESTION) comparisonIds.push(c.id);
  for (const id of new Set(comparisonIds)) await api(e2eEnv().online, 'history.deleteComparison', { comparisonId: id });
  for (const docId of docIds) if (docId) await api(e2eEnv().online, 'library.remove', { docId });
});

test('compares two documents: the cost first, then one row each with verified chips; exports CSV', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'compare-library-entry-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Compare documents…' }).click();
  await expect(page).toHaveURL(/#\/compare$/);
  await expect(page.getByRole('heading', { name: 'Compare documents' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Choose the documents to compare' });
  for (const doc of DOCS) await list.getByLabel(doc.title).check();
  await page.getByLabel('Question for each document').fill(QUESTION);

  // the cost before anything is sent
  const cost = page.getByTestId('compare-cost');
  await expect(cost).toContainText(/At most \$/);
  await expect(cost).toContainText('2 requests');
  await expect(cost).toContainText('2 of 2 documents can be asked');
  await page.setViewportSize({ width: 1024, height: 700 });
  await shot(page, 'compare-plan-1024');

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const rows = page.getByTestId('compare-row');
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  await expect(rows.nth(0).getByRole('rowheader')).toHaveText(DOCS[0]?.title ?? '');
  await expect(rows.nth(1).getByRole('rowheader')).toHaveText(DOCS[1]?.title ?? '');
  await expect(rows.nth(0)).toContainText('4,000 dollars');
  await expect(rows.nth(1)).toContainText('4,400 dollars');
  for (const i of [0, 1]) {
    const chips = rows.nth(i).locator('.cite');
    await expect(chips.first()).toHaveAttribute('data-verified', 'verified');
    await expect(chips.first()).toHaveAttribute('data-page', '2');
    await expect(rows.nth(i).getByTestId('verified-badge')).toContainText('verified');
  }
  await expect(page.getByTestId('compare-total')).toContainText('2 of 2 answered');
  await shot(page, 'compare-result-1024');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'compare-result-1920');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'compare-result-1920-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // export the table as CSV through the download path
  const result = page.getByRole('region', { name: 'Answers side by side' });
  await result.locator('summary', { hasText: 'Export' }).click();
  const downloadPromise = page.waitForEvent('download');
  await result.getByRole('menuitem', { name: /CSV/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^comparison-how-much-rent-.*\.csv$/);
  const csv = readFileSync((await download.path()) ?? '', 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('document,doc_id,status,answer,citations,verified_citations,total_citations,prompt_tokens,completion_tokens,cached_tokens,cost_usd,error');
  expect(csv).toContain(`${DOCS[0]?.title},${docIds[0]},answered,`);
  expect(csv).toContain(`${DOCS[1]?.title},${docIds[1]},answered,`);
  expect(csv).toMatch(/p\. 2 ✓ “[^”]*4,400 dollars each month/);
});

test('a citation chip opens its document at that page', async () => {
  const second = page.getByTestId('compare-row').nth(1);
  await second.locator('.cite').first().click();
  await expect(page).toHaveURL(new RegExp(`#/doc/${docIds[1]}/`));
  await expect(page.locator('.pdf-page[data-page="2"][data-rendered="true"]')).toBeVisible({ timeout: 20_000 });
});

test('the comparison is kept: Past comparisons opens it again with its rows', async () => {
  await page.goBack();
  await expect(page).toHaveURL(/#\/compare$/);
  const past = page.getByRole('region', { name: 'Past comparisons' });
  await past.getByRole('button', { name: QUESTION }).first().click();
  const rows = page.getByTestId('compare-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).locator('.cite').first()).toHaveAttribute('data-verified', 'verified');
  await shot(page, 'compare-past-1280');
});

test('progress per document while it runs; a rate limit waits and the rows still complete', async () => {
  // the first request is refused once: the run waits, and the screen says where each document is
  await setFault({ kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
  try {
    await page.getByRole('button', { name: 'Re-run fresh' }).click();
    const list = page.getByTestId('compare-progress-list');
    await expect(list).toBeVisible();
    await expect(list.locator('li')).toHaveCount(2);
    await expect(list).toContainText('asking…');
    await shot(page, 'compare-progress-1280');
    const rows = page.getByTestId('compare-row');
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    await expect(list).toBeHidden();
    for (const i of [0, 1]) await expect(rows.nth(i).locator('.cite').first()).toHaveAttribute('data-verified', 'verified');
  } finally {
    await setFault(null);
  }
});

test('Esc stops a comparison; the document already answered is kept', async () => {
  // one request waits 5 s on a rate limit: the other document is answered meanwhile, then Esc stops the run
  await setFault({ kind: 'rate-limit', retryAfterSeconds: 5, times: 1 });
  try {
    await page.getByLabel('Question for each document').fill(STOPPED_QUESTION);
    await expect(page.getByTestId('compare-cost')).toContainText('2 requests');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const list = page.getByTestId('compare-progress-list');
    await expect(list.locator('li[data-state="answered"]')).toHaveCount(1, { timeout: 20_000 });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('alert')).toContainText('Stopped. The documents already answered are kept');
    const past = page.getByRole('region', { name: 'Past comparisons' });
    await expect(past.locator('li', { hasText: STOPPED_QUESTION })).toContainText('1 of 2 documents answered');
  } finally {
    await setFault(null);
  }
});
