/**
 * Reading aids in the document view: the PDF's bookmarks in a rail beside the
 * pages (go to a section, the current section follows the scroll, keyboard,
 * Ctrl/Cmd+B), a PDF without bookmarks, and the keyboard shortcuts help.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import type { DocumentRecord } from '../../shared/api';
import { makeTextPdf } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';

const LEASE_OUTLINE = [
  { title: 'Term and rent', page: 2 },
  { title: 'Use and repairs', page: 3 },
  { title: 'Termination', page: 4 },
  { title: 'Governing law', page: 6 },
];

async function addDocument(path: string): Promise<DocumentRecord> {
  const result = await api<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path } });
  return result.document;
}

async function openDocument(page: Page, doc: DocumentRecord): Promise<string[]> {
  const errors = await openApp(page, e2eEnv().online, `#/doc/${doc.id}/ask`);
  await expect(page.locator('.crumb.current')).toHaveText(doc.title);
  await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
  return errors;
}

test('the bookmarks rail lists the outline and goes to a section', async ({ page }) => {
  const lease = await addDocument(e2eEnv().fixtures.contract);
  const errors = await openDocument(page, lease);
  const tree = page.getByRole('tree', { name: 'Bookmarks' });
  const items = tree.getByRole('treeitem');
  await expect(items).toHaveCount(LEASE_OUTLINE.length);
  for (const [i, entry] of LEASE_OUTLINE.entries()) {
    await expect(items.nth(i).locator('.outline-title')).toHaveText(entry.title);
    await expect(items.nth(i).locator('.outline-page')).toHaveText(String(entry.page));
  }
  await expect(page.getByTestId('outline-toggle')).toHaveAttribute('aria-expanded', 'true');

  // clicking a bookmark shows its page and marks it as the current section
  const termination = tree.getByRole('treeitem', { name: /Termination/ });
  await termination.click();
  await expect(page.getByLabel('Page number')).toHaveValue('4');
  await expect(page.locator('.pdf-page[data-page="4"]')).toBeInViewport({ ratio: 0.5 });
  await expect(page.locator('.pdf-page[data-page="4"]')).toHaveAttribute('data-rendered', 'true');
  // the page starts at the top of the viewer (its first lines are not hidden under the toolbar)
  await expect
    .poll(() =>
      page.locator('.pdf-page[data-page="4"]').evaluate((el) => {
        const scroller = el.closest('.viewer-scroll');
        return scroller ? Math.round(el.getBoundingClientRect().top - scroller.getBoundingClientRect().top) : -1;
      }),
    )
    .toBeGreaterThanOrEqual(0);
  await expect(termination).toHaveAttribute('aria-current', 'location');
  await shot(page, 'outline-termination');

  // the current section follows the reader through the pages
  await page.getByLabel('Page number').fill('6');
  await page.getByLabel('Page number').press('Enter');
  await expect(tree.getByRole('treeitem', { name: /Governing law/ })).toHaveAttribute('aria-current', 'location');
  await expect(termination).not.toHaveAttribute('aria-current', 'location');
  await page.getByLabel('Page number').fill('1');
  await page.getByLabel('Page number').press('Enter');
  await expect(page.getByLabel('Page number')).toHaveValue('1');
  await expect(tree.locator('[aria-current="location"]')).toHaveCount(0);

  // keyboard: one tab stop, arrows move, Enter goes
  await items.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await expect(items.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(items.first()).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Page number')).toHaveValue('3');
  await expect(items.nth(1)).toHaveAttribute('aria-current', 'location');
  await page.keyboard.press('End');
  await expect(items.nth(3)).toBeFocused();

  // Ctrl/Cmd+B hides and shows the rail; the focus stays on the page, not lost
  await page.keyboard.press('ControlOrMeta+b');
  await expect(tree).toHaveCount(0);
  await expect(page.getByTestId('outline-toggle')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('outline-toggle')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+b');
  await expect(items).toHaveCount(LEASE_OUTLINE.length);
  // the toolbar button does the same
  await page.getByTestId('outline-toggle').click();
  await expect(tree).toHaveCount(0);
  await page.getByTestId('outline-toggle').click();
  await expect(tree).toBeVisible();
  expect(errors).toEqual([]);
});

test('nested bookmarks open and close, with the mouse and the arrow keys', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-outline-'));
  const file = join(dir, 'field-manual.pdf');
  writeFileSync(
    file,
    await makeTextPdf({
      title: 'Field Manual',
      pages: Array.from({ length: 8 }, (_, i) => `Field manual page ${i + 1}\nThe procedures on this page are numbered ${i + 1}.1 to ${i + 1}.4.`),
      outline: [
        { title: 'Part I. Setup', pageNumber: 1, children: [{ title: 'Unpacking', pageNumber: 2 }, { title: 'Power', pageNumber: 3 }] },
        { title: 'Part II. Operation', pageNumber: 4, children: [{ title: 'Daily checks', pageNumber: 5, children: [{ title: 'Pressure', pageNumber: 6 }] }] },
        { title: 'Index', pageNumber: 8 },
      ],
    }),
  );
  const manual = await addDocument(file);
  try {
    const errors = await openDocument(page, manual);
    const tree = page.getByRole('tree', { name: 'Bookmarks' });
    const item = (name: string) => tree.getByRole('treeitem', { name: new RegExp(`^${name}`) });
    await expect(tree.getByRole('treeitem')).toHaveCount(7);
    await expect(item('Pressure')).toHaveAttribute('aria-level', '3');
    await expect(item('Part II')).toHaveAttribute('aria-expanded', 'true');
    await shot(page, 'outline-nested');

    // the mouse: the arrow beside a section closes it without leaving the page
    await item('Part I\\.').locator('.outline-twisty').click();
    await expect(item('Part I\\.')).toHaveAttribute('aria-expanded', 'false');
    await expect(item('Unpacking')).toHaveCount(0);
    await expect(page.getByLabel('Page number')).toHaveValue('1');

    // the keyboard: Left closes, Right opens then enters, Left climbs to the parent
    await item('Part II').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(item('Part II')).toHaveAttribute('aria-expanded', 'false');
    await expect(item('Daily checks')).toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await expect(item('Daily checks')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(item('Daily checks')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(item('Pressure')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Page number')).toHaveValue('6');
    await expect(item('Pressure')).toHaveAttribute('aria-current', 'location');
    await page.keyboard.press('ArrowLeft');
    await expect(item('Daily checks')).toBeFocused();

    // going to a page inside a closed section opens the way to it
    await page.getByLabel('Page number').fill('3');
    await page.getByLabel('Page number').press('Enter');
    await expect(item('Power')).toHaveAttribute('aria-current', 'location');
    await expect(item('Part I\\.')).toHaveAttribute('aria-expanded', 'true');
    expect(errors).toEqual([]);
  } finally {
    await api(e2eEnv().online, 'library.remove', { docId: manual.id });
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a PDF without bookmarks shows no rail', async ({ page }) => {
  const report = await addDocument(e2eEnv().fixtures.large);
  const errors = await openDocument(page, report);
  await expect(page.getByRole('tree', { name: 'Bookmarks' })).toHaveCount(0);
  const toggle = page.getByTestId('outline-toggle');
  await expect(toggle).toHaveAttribute('aria-disabled', 'true');
  await expect(toggle).toHaveAttribute('title', 'No bookmarks in this PDF.');
  await page.locator('.viewer-scroll').focus();
  await page.keyboard.press('ControlOrMeta+b');
  await expect(page.locator('.viewer-notice')).toHaveText('No bookmarks in this PDF.');
  await expect(page.getByRole('tree', { name: 'Bookmarks' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('? opens the keyboard shortcuts and Escape closes them', async ({ page }) => {
  const lease = await addDocument(e2eEnv().fixtures.contract);
  const errors = await openDocument(page, lease);
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeHidden();

  await page.locator('.viewer-scroll').focus();
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Show or hide the bookmarks');
  await expect(dialog).toContainText('Ask a question');
  await expect(dialog).toContainText('Settings');
  await shot(page, 'shortcuts-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // typing a question mark in the question box is just typing
  await page.locator('#question').fill('');
  await page.locator('#question').press('?');
  await expect(page.locator('#question')).toHaveValue('?');
  await expect(dialog).toBeHidden();
  await page.locator('#question').fill('');

  // the header button opens it too, and its Close button closes it
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});
