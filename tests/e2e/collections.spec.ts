/**
 * Collections in Chromium against the real engine: select two documents in the library (a checkbox, then
 * Shift+click), make a collection from them (an empty name is refused in words), see it beside the library
 * with its count, ask it, see chips naming both documents, and open the second document's chip: that
 * document opens at the cited page with the quote highlighted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import type { CollectionRecord, Plan } from '../../shared/api';
import { makeTextPdf } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { api, openApp } from './support/helpers';
import { observe, recorded } from './support/observe';

const SHOTS = '/tmp/shots-collections-ui';
const NAME = 'Acme lease set';
const FIRST = { title: 'Acme Lease 2019', file: 'acme-lease-2019.pdf' };
const SECOND = { title: 'Acme Lease Amendment 2021', file: 'acme-amendment-2021.pdf' };

test.describe.configure({ mode: 'serial' });

let page: Page;
let dir: string;
const docIds: string[] = [];

test.beforeAll(async ({ browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'pw-e2e-collections-'));
  const lease = Array.from({ length: 6 }, (_, i) =>
    i === 3
      ? 'Rent\nThe tenant pays a yearly rent of 48,000 dollars to the landlord in monthly parts.'
      : `Lease section ${i + 1}\nThe original lease between Acme and the landlord sets term number ${i + 1}.`,
  );
  const amendment = Array.from({ length: 5 }, (_, i) =>
    i === 2
      ? 'Rent change\nFrom 2021 the yearly rent rises to 52,000 dollars, paid in monthly parts.'
      : `Amendment clause ${i + 1}\nThe amendment changes term number ${i + 1} of the Acme lease.`,
  );
  for (const [doc, pages] of [
    [FIRST, lease],
    [SECOND, amendment],
  ] as const) {
    const path = join(dir, doc.file);
    writeFileSync(path, await makeTextPdf({ title: doc.title, pages: [...pages] }));
    const { document } = await api<{ document: { id: string } }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path } });
    docIds.push(document.id);
  }
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await openApp(page);
});

test.afterAll(async () => {
  await page.context().close();
  rmSync(dir, { recursive: true, force: true });
  // the specs share the online library, and the journey starts from an empty one
  const { collections } = await api<{ collections: CollectionRecord[] }>(e2eEnv().online, 'collection.list', {});
  for (const c of collections) await api(e2eEnv().online, 'collection.delete', { collection: c.id });
  for (const docId of docIds) await api(e2eEnv().online, 'library.remove', { docId });
});

async function shots(name: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}-${scheme}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('select two documents and make a collection of them', async () => {
  const row = (title: string) => page.locator('.doc-row', { hasText: title });
  await expect(row(FIRST.title)).toBeVisible();
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
  // the keyboard: Space on a box selects its row, Esc clears the selection
  await row(FIRST.title).getByRole('checkbox').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selection-bar')).toContainText('1 selected:');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
  await row(FIRST.title).getByRole('checkbox').check();
  // Shift+click the other one: both (and any row between) are selected
  await row(SECOND.title).getByRole('checkbox').click({ modifiers: ['Shift'] });
  await expect(row(FIRST.title)).toHaveClass(/selected/);
  await expect(row(SECOND.title)).toHaveClass(/selected/);
  const bar = page.getByTestId('selection-bar');
  await expect(bar).toContainText('2 selected:');
  await shots('library-selection');

  await bar.getByRole('button', { name: 'Make a collection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make a collection' });
  await expect(dialog).toBeVisible();
  // no name: refused in words, nothing made
  await dialog.getByRole('button', { name: 'Make collection' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Type a name for the collection.');
  await dialog.getByLabel('Name').fill(NAME);
  await dialog.getByRole('button', { name: 'Make collection' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('collection-note')).toContainText(`Made “${NAME}” with 2 documents.`);
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);

  const nav = page.getByRole('navigation', { name: 'Collections' });
  await expect(nav.getByRole('button').first()).toContainText('All documents');
  await expect(nav.getByRole('button', { name: new RegExp(NAME) })).toContainText('2');
  const { collections } = await api<{ collections: CollectionRecord[] }>(e2eEnv().online, 'collection.list', {});
  expect(collections.find((c) => c.name === NAME)?.docIds.sort()).toEqual([...docIds].sort());
  await shots('library-collections');

  // Add to collection: a document already in it stays once, and the note says so
  await row(FIRST.title).getByRole('checkbox').check();
  await page.getByTestId('selection-bar').getByText('Add to collection').click();
  await page.getByRole('menu', { name: 'Collections' }).getByRole('menuitem', { name: new RegExp(NAME) }).click();
  await expect(page.getByTestId('collection-note')).toContainText(`Those documents were already in “${NAME}”.`);
  await expect(nav.getByRole('button', { name: new RegExp(NAME) })).toContainText('2');

  await nav.getByRole('button', { name: new RegExp(NAME) }).click();
  await expect(page.getByRole('heading', { name: NAME })).toBeVisible();
  await expect(page.getByTestId('collection-summary')).toContainText('2 documents · 11 pages');
  await expect(page.locator('.collection-table .doc-row')).toHaveCount(2);
});

test('ask the collection: the meter lists both documents, chips name them, the second opens at its page with the quote highlighted', async () => {
  const panel = page.getByRole('complementary', { name: 'Ask these documents' });
  await expect(panel.getByRole('heading', { name: 'Ask these documents' })).toBeVisible();
  await panel.locator('#question').fill('What is the yearly rent?');
  // before sending: each document and its tokens against the budget, the strategy and the cost
  const sources = panel.getByTestId('meter-sources');
  await expect(sources.locator('.source-row')).toHaveCount(2);
  await expect(sources).toContainText(FIRST.title);
  await expect(sources).toContainText(SECOND.title);
  // the tokens each document sends, as the engine plans them
  const plan = await api<Plan>(e2eEnv().online, 'analysis.plan', { scope: { collection: NAME }, question: 'What is the yearly rent?', strategy: 'auto' });
  expect(plan.sources.map((s) => s.docId).sort()).toEqual([...docIds].sort());
  for (const source of plan.sources) {
    await expect(sources.locator(`.source-row[data-doc-id="${source.docId}"]`)).toContainText(`${source.title}`);
    await expect(sources.locator(`.source-row[data-doc-id="${source.docId}"]`)).toContainText(`${source.tokens.toLocaleString('en-US')} tokens`);
  }
  await expect(panel.getByTestId('plan')).toContainText('All of 2 documents');
  await expect(panel.getByTestId('plan')).toContainText(/at most \$\d/);
  await shots('collection-plan');

  await observe(page, 'pending-chips', '.turn .cite[data-verified="pending"]');
  await panel.locator('#question').press('Enter');
  const turn = panel.locator('.turn').last();
  await expect(turn.getByTestId('verified-badge')).toBeVisible({ timeout: 30_000 });
  // while the answer streamed, its chips already named their documents (from the plan's D1, D2, ...)
  const pending = await recorded(page, 'pending-chips');
  expect(pending.some((text) => text.includes(`${FIRST.title} · p.`) || text.includes(`${SECOND.title} · p.`)), pending.join(' | ')).toBe(true);
  const chips = turn.locator('[data-testid="answer-text"] .cite');
  await expect(chips.filter({ hasText: `${FIRST.title} · p. 4` })).toHaveCount(1);
  const second = chips.filter({ hasText: `${SECOND.title} · p. 3` });
  await expect(second).toHaveCount(1);
  await expect(second).toHaveAttribute('data-verified', 'verified');
  await expect(second).toContainText('✓');
  // the answer is in the collection's past answers
  await expect(page.getByTestId('collection-history').locator('.history-item')).toHaveCount(1);
  await expect(page.getByTestId('collection-history')).toContainText('What is the yearly rent?');
  await shots('collection-answer');

  await second.click();
  // the second document opens at page 3 with the quote highlighted
  await expect(page.locator('.crumb.current')).toHaveText(SECOND.title);
  await expect(page).toHaveURL(new RegExp(`#/doc/${docIds[1]}`));
  const highlight = page.locator('.pdf-page[data-page="3"] .textLayer .highlight').first();
  await expect(highlight).toBeVisible({ timeout: 20_000 });
  await expect(highlight).toBeInViewport();
  await expect(page.locator('.pdf-page[data-page="3"] .textLayer .highlight')).toContainText(['52,000']);
  // found, so no "could not be located" note
  await expect(page.locator('.viewer-notice')).toHaveCount(0);
  await shots('collection-citation-opened');
});

test('ask the whole library: All documents lists every document and keeps its own past answers', async () => {
  await page.getByRole('button', { name: 'Pagewise library' }).click();
  await page.getByRole('button', { name: 'Ask all documents' }).click();
  await expect(page.getByRole('heading', { name: 'All documents', level: 1 })).toBeVisible();
  await expect(page.locator('.crumb.current')).toHaveText('All documents');
  // nothing to rename or delete: it is the library
  await expect(page.getByRole('button', { name: 'Rename', exact: true })).toHaveCount(0);
  const panel = page.getByRole('complementary', { name: 'Ask these documents' });
  await panel.locator('#question').fill('What does the amendment change about the rent?');
  const sources = panel.getByTestId('meter-sources');
  await expect(sources).toContainText(FIRST.title);
  await expect(sources).toContainText(SECOND.title);
  await panel.locator('#question').press('Enter');
  await expect(panel.locator('.turn').last().getByTestId('verified-badge')).toBeVisible({ timeout: 30_000 });
  await expect(panel.locator('.turn').last().locator('.cite').filter({ hasText: SECOND.title })).not.toHaveCount(0);
  await expect(page.getByTestId('collection-history')).toContainText('What does the amendment change about the rent?');
});

test('rename the collection, then delete it: its documents stay in the library', async () => {
  await page.getByRole('button', { name: 'Pagewise library' }).click();
  const nav = page.getByRole('navigation', { name: 'Collections' });
  await nav.getByRole('button', { name: new RegExp(NAME) }).click();
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename the collection' });
  await dialog.getByLabel('Name').fill('Acme leases');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'Acme leases' })).toBeVisible();
  await expect(page.locator('.crumb.current')).toHaveText('Acme leases');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete this collection?' });
  await confirm.getByRole('button', { name: 'Delete collection' }).click();
  // back in the library: the collection is gone, both documents are still there
  await expect(nav.getByRole('button', { name: /Acme leases/ })).toHaveCount(0);
  await expect(page.locator('.doc-row', { hasText: FIRST.title })).toBeVisible();
  await expect(page.locator('.doc-row', { hasText: SECOND.title })).toBeVisible();
});
