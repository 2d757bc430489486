/**
 * The PDF viewer as a reader uses it: a verified quote is highlighted on its
 * page (a table whose stored text runs in another order than the text layer,
 * a word hyphenated at a line end),
 * find in the document reaches every matching page in page order with
 * "n of N", going to a page lands at its top (also past page 200 of a book
 * whose cover is another size), printed page labels in the page box, and a
 * narrow window (toolbar on one line, a splitter that is remembered).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import type { AnswerRecord, DocumentRecord, PageRecord } from '../../shared/api';
import { bestSentence } from '../fake-openai/answers';
import {
  makeSearchBookPdf,
  makeTableReportPdf,
  REPORT_TITLE,
  SEARCH_BOOK_TITLE,
  SEARCH_BOOK_WORD,
  searchBookHasWord,
  searchBookOccurrences,
} from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const BOOK_PAGES = 320;
const WORD_PAGES = Array.from({ length: BOOK_PAGES }, (_, i) => i + 1).filter(searchBookHasWord);
const TABLE_QUESTION = 'What were net sales, cost of sales, gross margin and operating income?';
const HYPHEN_QUESTION = 'Who answers questions about the figures, and within how many business days?';

let dir: string;
let report: DocumentRecord;
let book: DocumentRecord;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-viewer-'));
  const reportPath = join(dir, 'quarterly-report.pdf');
  const bookPath = join(dir, 'commons-handbook.pdf');
  writeFileSync(reportPath, await makeTableReportPdf());
  writeFileSync(bookPath, await makeSearchBookPdf(BOOK_PAGES));
  const online = e2eEnv().online;
  report = (await api<{ document: DocumentRecord }>(online, 'library.ingest', { source: { kind: 'path', path: reportPath } })).document;
  book = (await api<{ document: DocumentRecord }>(online, 'library.ingest', { source: { kind: 'path', path: bookPath } })).document;
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function openDocument(page: Page, doc: DocumentRecord, title: string): Promise<string[]> {
  const errors = await openApp(page, e2eEnv().online, `#/doc/${doc.id}/ask`);
  await expect(page.locator('.crumb.current')).toHaveText(title);
  await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
  return errors;
}

/** The words of a text, lower case, sorted: the highlight and the quote hold the same words. */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}$(),.]+/gu) ?? []).map((w) => w.replace(/[.,]+$/, '')).filter(Boolean).sort();
}

/** The highlighted text of a page, item by item (reading order is the quote's, DOM order the PDF's). */
async function highlightedWords(page: Page, pageNumber: number): Promise<string[]> {
  const texts = await page.locator(`.pdf-page[data-page="${pageNumber}"] .textLayer .highlight`).allTextContents();
  return words(texts.join(' '));
}

/** Where the top of a page is, in px below the top of the scrolling area. */
async function pageTopOffset(page: Page, pageNumber: number): Promise<number> {
  return page.locator(`.pdf-page[data-page="${pageNumber}"]`).evaluate((el) => {
    const scroller = el.closest('.viewer-scroll');
    return scroller ? Math.round(el.getBoundingClientRect().top - scroller.getBoundingClientRect().top) : -9999;
  });
}

async function ask(page: Page, question: string): Promise<void> {
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
  await expect(page.locator('.turn').last().getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
}

async function expectedQuote(question: string): Promise<{ sentence: string; pageNumber: number }> {
  const online = e2eEnv().online;
  const pages: { pageNumber: number; label: string | null; text: string }[] = [];
  for (let n = 1; n <= report.pageCount; n++) {
    const record = await api<PageRecord>(online, 'library.page', { docId: report.id, pageNumber: n });
    pages.push({ pageNumber: n, label: record.label, text: record.text });
  }
  const best = bestSentence(pages, question);
  if (!best) throw new Error('the fake model finds no sentence for the question');
  return best;
}

test('a verified quote from a table is highlighted on its page, cell by cell', async ({ page }) => {
  const errors = await openDocument(page, report, REPORT_TITLE);
  const expected = await expectedQuote(TABLE_QUESTION);
  expect(expected.pageNumber).toBe(2);
  expect(expected.sentence).toMatch(/32,765/);
  await ask(page, TABLE_QUESTION);
  const turn = page.locator('.turn').last();
  await expect(turn.getByTestId('verified-badge')).toContainText('verified');
  const history = await api<{ items: AnswerRecord[] }>(e2eEnv().online, 'history.list', { docId: report.id, limit: 1 });
  expect(history.items[0]?.citations[0]).toMatchObject({ page: 2, verified: true });

  await turn.locator('.cite[data-page="2"]').first().click();
  const marks = page.locator('.pdf-page[data-page="2"] .textLayer .highlight');
  await expect(marks.first()).toBeVisible();
  // every word of the quote is marked, nothing else: labels and numbers from separate cells and columns
  await expect.poll(() => highlightedWords(page, 2)).toEqual(words(expected.sentence));
  expect(await marks.count()).toBeGreaterThan(6);
  await expect(marks.first()).toBeInViewport();
  await expect(page.locator('.viewer-notice')).toHaveCount(0);
  await shot(page, 'viewer-table-quote');

  // a quote over a line-end hyphen ("manage-" / "ment") on page 1
  const hyphen = await expectedQuote(HYPHEN_QUESTION);
  expect(hyphen.pageNumber).toBe(1);
  expect(hyphen.sentence).toContain('management board');
  await ask(page, HYPHEN_QUESTION);
  await page.locator('.turn').last().locator('.cite[data-page="1"]').first().click();
  await expect.poll(() => highlightedWords(page, 1)).toEqual(words(hyphen.sentence.replace('management', 'manage- ment')));
  await expect(page.locator('.pdf-page[data-page="2"] .textLayer .highlight')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('find in the document: every matching page in page order, n of N, every occurrence marked', async ({ page }) => {
  const errors = await openDocument(page, book, SEARCH_BOOK_TITLE);
  const search = page.getByRole('searchbox', { name: 'Search this document' });
  await search.fill(SEARCH_BOOK_WORD);
  await search.press('Enter');
  const total = WORD_PAGES.reduce((sum, p) => sum + searchBookOccurrences(p), 0);
  await expect(page.getByTestId('search-summary')).toHaveText(`${WORD_PAGES.length} pages match “${SEARCH_BOOK_WORD}” (${total} times)`);
  expect(WORD_PAGES.length).toBeGreaterThan(200);
  const listed = await page.locator('.hit-list .hit').evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.page)));
  expect(listed).toEqual(WORD_PAGES);

  // Enter again: the first match; then next and previous
  await search.press('Enter');
  await expect(page.getByTestId('search-count')).toHaveText(`1 of ${WORD_PAGES.length}`);
  await expect(page.getByLabel('Page number')).toHaveAttribute('data-page', String(WORD_PAGES[0]));
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('search-count')).toHaveText(`2 of ${WORD_PAGES.length}`);
  const second = WORD_PAGES[1] as number;
  await expect(page.getByLabel('Page number')).toHaveAttribute('data-page', String(second));
  await expect(page.locator(`.pdf-page[data-page="${second}"] .textLayer .highlight`)).toHaveCount(searchBookOccurrences(second));

  // a match deep in the book, from the list: the page with two occurrences has both marked
  const deep = WORD_PAGES.findIndex((p) => p > 250 && searchBookOccurrences(p) === 2);
  const deepPage = WORD_PAGES[deep] as number;
  await page.getByRole('button', { name: 'All results' }).click();
  await page.locator(`.hit-list .hit[data-page="${deepPage}"]`).click();
  await expect(page.getByTestId('search-count')).toHaveText(`${deep + 1} of ${WORD_PAGES.length}`);
  await expect(page.locator(`.pdf-page[data-page="${deepPage}"] .textLayer .highlight`)).toHaveCount(2);
  await expect(page.locator(`.pdf-page[data-page="${deepPage}"] .textLayer .highlight`).first()).toBeInViewport();
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(page.getByTestId('search-count')).toHaveText(`${deep} of ${WORD_PAGES.length}`);

  // a search with no hit clears the old marks
  await search.fill('nonexistentword');
  await search.press('Enter');
  await expect(page.getByTestId('search-summary')).toHaveText('No page matches “nonexistentword”');
  await expect(page.locator('.textLayer .highlight')).toHaveCount(0);
  expect(errors).toEqual([]);
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`go to page lands at the top of the page at ${viewport.width}x${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const errors = await openDocument(page, book, SEARCH_BOOK_TITLE);
    const box = page.getByLabel('Page number');
    for (const target of [200, 250, 299, 12]) {
      await box.fill(`pdf ${target}`);
      await box.press('Enter');
      await expect(page.locator(`.pdf-page[data-page="${target}"]`)).toHaveAttribute('data-rendered', 'true');
      // once the pages around it are drawn and measured, its top is still at the top of the view
      await expect.poll(() => pageTopOffset(page, target)).toBeGreaterThanOrEqual(0);
      await expect.poll(() => pageTopOffset(page, target)).toBeLessThanOrEqual(12);
      await page.waitForTimeout(300); // let late sizes settle: it must stay
      expect(await pageTopOffset(page, target)).toBeLessThanOrEqual(12);
      expect(await pageTopOffset(page, target)).toBeGreaterThanOrEqual(0);
      await expect(box).toHaveAttribute('data-page', String(target));
    }
    expect(errors).toEqual([]);
  });
}

test('the page box shows the printed page number and accepts one', async ({ page }) => {
  await openDocument(page, book, SEARCH_BOOK_TITLE);
  const box = page.getByLabel('Page number');
  // pages 1-4 print i-iv, page 5 prints 1: printed 22 is the file's page 26
  await box.fill('22');
  await box.press('Enter');
  await expect(box).toHaveAttribute('data-page', '26');
  await expect(box).toHaveValue('22');
  await expect(page.getByTestId('page-of')).toHaveText(`(pdf 26 of ${BOOK_PAGES})`);
  await box.fill('iii');
  await box.press('Enter');
  await expect(box).toHaveAttribute('data-page', '3');
  await expect(box).toHaveValue('iii');
  await box.fill('zz');
  await box.press('Enter');
  await expect(page.locator('.viewer-notice')).toHaveText('No page is numbered “zz”.');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.locator('.viewer-notice')).toHaveCount(0);
});

test('a narrow window: the toolbar stays on one line, the splitter resizes and is remembered', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.evaluate(() => window.localStorage.removeItem('pagewise.panel.width')).catch(() => undefined);
  await openDocument(page, report, REPORT_TITLE);
  const toolbar = page.getByRole('toolbar', { name: 'Page navigation, zoom and search' });
  const height = await toolbar.evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeLessThan(48);
  const search = page.getByRole('searchbox', { name: 'Search this document' });
  // the placeholder fits in the box
  const fits = await search.evaluate((el) => {
    const input = el as HTMLInputElement;
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return false;
    ctx.font = getComputedStyle(input).font;
    const padding = parseFloat(getComputedStyle(input).paddingLeft) + parseFloat(getComputedStyle(input).paddingRight);
    return ctx.measureText(input.placeholder).width + padding <= input.clientWidth + 1;
  });
  expect(fits).toBe(true);
  // the zoom is in the More menu
  await page.getByRole('button', { name: 'More: zoom' }).click();
  await expect(page.getByRole('group', { name: 'Zoom' }).getByLabel('Zoom', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');

  const pageWidth = (): Promise<number> => page.locator('.pdf-page[data-page="1"]').evaluate((el) => el.getBoundingClientRect().width);
  const before = await pageWidth();
  expect(before).toBeGreaterThan(300);
  const splitter = page.getByTestId('panel-splitter');
  await splitter.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(pageWidth).toBeGreaterThan(before + 60);
  const panel = await page.locator('#analysis-panel').evaluate((el) => el.getBoundingClientRect().width);
  await page.reload();
  await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
  expect(Math.abs((await page.locator('#analysis-panel').evaluate((el) => el.getBoundingClientRect().width)) - panel)).toBeLessThanOrEqual(1);
  await page.getByTestId('panel-splitter').focus();
  await page.keyboard.press('Enter'); // back to the default
  await expect.poll(pageWidth).toBeLessThan(before + 2);
});

test('at 1024x700 with the bookmarks open the page keeps a readable width', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const lease = (await api<{ document: DocumentRecord }>(e2eEnv().online, 'library.ingest', { source: { kind: 'path', path: e2eEnv().fixtures.contract } })).document;
  await openApp(page, e2eEnv().online, `#/doc/${lease.id}/ask`);
  await page.evaluate(() => window.localStorage.removeItem('pagewise.panel.width'));
  await page.reload();
  await expect(page.locator('.pdf-page[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByRole('tree', { name: 'Bookmarks' })).toBeVisible();
  const width = await page.locator('.pdf-page[data-page="1"]').evaluate((el) => el.getBoundingClientRect().width);
  expect(width).toBeGreaterThan(330);
  await shot(page, 'viewer-bookmarks-1024x700-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'viewer-bookmarks-1024x700-dark');
});

test('screenshots: a highlighted quote and find, at three sizes, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  await openDocument(page, report, REPORT_TITLE);
  await ask(page, TABLE_QUESTION);
  const chip = page.locator('.turn').last().locator('.cite[data-page="2"]').first();
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await chip.click();
      await expect(page.locator('.pdf-page[data-page="2"] .textLayer .highlight').first()).toBeInViewport();
      await shot(page, `viewer-quote-${size.width}x${size.height}-${scheme}`);
    }
  }
  await openDocument(page, book, SEARCH_BOOK_TITLE);
  const search = page.getByRole('searchbox', { name: 'Search this document' });
  await search.fill(SEARCH_BOOK_WORD);
  await search.press('Enter');
  await expect(page.getByTestId('search-summary')).toBeVisible();
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `viewer-search-list-${size.width}x${size.height}-${scheme}`);
    }
  }
  await search.press('Enter');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.locator(`.pdf-page[data-page="${WORD_PAGES[1]}"] .textLayer .highlight`).first()).toBeInViewport();
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `viewer-search-match-${size.width}x${size.height}-${scheme}`);
    }
  }
});
