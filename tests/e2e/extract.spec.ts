/**
 * Extraction as an analyst uses it, in Chromium against the real engine and the fake model's structured
 * outputs: a table over a collection of two contracts, the cost before sending, every cell with its page and
 * verified mark, and a click on a cell that opens that document at the page with the quote highlighted;
 * then the field list beside the viewer. Cleans up the documents and the collection it adds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { makeTextPdf } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { api, ingest, openApp } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const LEASE = 'Harbor Lease 2019';
const SUPPLY = 'Borealis Supply Agreement';
const COLLECTION = 'Extraction e2e contracts';
const SHOTS = '/tmp/shots-extract';

const LEASE_PAGES = [
  'LEASE AGREEMENT\nThis lease is made between Harbor Properties Ltd and Northwind Analytics LLC for offices at 42 Quay Street.',
  'The term of this lease is five years from the first day of March 2019.\nThe annual rent is one hundred and twenty thousand dollars, payable monthly.',
  'Either party may terminate this lease by giving ninety days written notice.\nThis lease is governed by the laws of the State of New York.',
];
const SUPPLY_PAGES = [
  'SUPPLY AGREEMENT\nThis supply agreement is made between Acme Components Inc and Borealis Tools GmbH.',
  'Invoices are payable within thirty days of receipt.\nThe liability of each party is limited to the fees paid in the preceding twelve months.',
  'Each party keeps the other party information confidential for five years.\nThis agreement is governed by the laws of Germany.',
];

let page: Page;
let dir: string;
const docIds: string[] = [];

test.beforeAll(async ({ browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'pw-e2e-extract-'));
  const lease = join(dir, 'harbor-lease.pdf');
  const supply = join(dir, 'borealis-supply.pdf');
  writeFileSync(lease, await makeTextPdf({ title: LEASE, pages: LEASE_PAGES }));
  writeFileSync(supply, await makeTextPdf({ title: SUPPLY, pages: SUPPLY_PAGES }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await openApp(page);
  await ingest(page, lease, LEASE);
  await ingest(page, supply, SUPPLY);
  const docs = await api<{ documents: { id: string; title: string }[] }>(e2eEnv().online, 'library.list', {});
  for (const title of [LEASE, SUPPLY]) docIds.push(docs.documents.find((d) => d.title === title)?.id ?? '');
  await api(e2eEnv().online, 'collection.create', { name: COLLECTION, docIds });
});

test.afterAll(async () => {
  await page.context().close();
  rmSync(dir, { recursive: true, force: true });
  // the specs share the online library, and the journey starts from an empty one
  await api(e2eEnv().online, 'collection.delete', { collection: COLLECTION }).catch(() => undefined);
  for (const docId of docIds) if (docId) await api(e2eEnv().online, 'library.remove', { docId }).catch(() => undefined);
});

async function shots(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [
    [1024, 700],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `${name}-${w}x${h}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a table over a collection: cost first, then every cell with its page and mark; a click opens the page with the quote highlighted', async () => {
  await page.getByTestId('open-extract-table').click();
  await expect(page.getByTestId('extract-view')).toBeVisible();
  await page.getByTestId('extract-scope').selectOption({ label: `${COLLECTION} (2)` });
  await page.getByTestId('template-select').selectOption('contract');
  // the cost is shown before anything is sent
  await expect(page.getByTestId('extract-cost')).toContainText(/2 documents · 2 requests · [\d,]+ prompt tokens · at most \$/);
  await page.getByTestId('extract-run').click();
  const table = page.getByTestId('extract-table');
  await expect(table.locator('tbody tr')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('extract-summary')).toContainText(/verified/);

  const supplyRow = table.locator('tbody tr', { hasText: SUPPLY });
  const lawCell = supplyRow.locator('[data-testid="extract-cell"][data-field="Governing law"]');
  await expect(lawCell).toContainText('governed by the laws of Germany');
  await expect(lawCell).toHaveAttribute('data-verified', 'verified');
  await expect(lawCell).toHaveAttribute('data-page', '3');
  await expect(lawCell).toContainText('p. 3 ✓');
  await shots('table');

  await lawCell.click();
  // the supply agreement opens at page 3 with the quote highlighted, on the Extract tab
  await expect(page.locator('.crumb.current')).toHaveText(SUPPLY);
  await expect(page.locator('.pdf-page[data-page="3"][data-rendered="true"]')).toBeVisible({ timeout: 20_000 });
  const marks = page.locator('.pdf-page[data-page="3"] .textLayer .highlight');
  await expect(marks.first()).toBeVisible({ timeout: 10_000 });
  expect((await marks.allTextContents()).join(' ')).toContain('Germany');
  // found on the page: the viewer does not say it could not locate it
  await expect(page.locator('.viewer-notice')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Extract' })).toHaveAttribute('aria-selected', 'true');
  // the field list beside the viewer shows the stored extraction of this document
  const field = page.locator('[data-testid="extract-field"][data-field="Governing law"]');
  await expect(field).toHaveAttribute('data-verified', 'verified');
  await expect(field.locator('.xf-quote')).toContainText('governed by the laws of Germany');
  await shots('field-list');
});

test('the field list: a page chip shows that page with its quote highlighted; the template editor adds a field', async () => {
  const parties = page.locator('[data-testid="extract-field"][data-field="Payment terms"]');
  await parties.getByRole('button').click();
  await expect(page.locator('.pdf-page[data-page="2"] .textLayer .highlight').first()).toBeVisible({ timeout: 10_000 });

  await page.getByRole('button', { name: 'Copy and edit…' }).click();
  const editor = page.getByTestId('template-editor');
  await expect(editor).toBeVisible();
  await editor.getByLabel('Template name').fill('E2E contracts');
  await editor.getByRole('button', { name: '+ Add field' }).click();
  const count = await editor.locator('.template-field').count();
  await editor.getByLabel(`Field ${count} name`).fill('Supplier country');
  await editor.getByLabel(`Field ${count} description`).fill('The country whose laws govern the agreement');
  await shots('template-editor');
  await editor.getByRole('button', { name: 'Save template' }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId('template-select')).toContainText('E2E contracts · 12 fields');
  const saved = await api<{ templates: { id: string; name: string }[] }>(e2eEnv().online, 'template.list', {});
  const mine = saved.templates.find((t) => t.name === 'E2E contracts');
  expect(mine).toBeTruthy();
  if (mine) await api(e2eEnv().online, 'template.delete', { template: mine.id });
});
