/**
 * Citations as the reader sees them, in Chromium against the real engine: a scripted answer that cites in
 * every form the grammar accepts becomes exactly one chip per stored citation, each chip names the printed
 * page (the fixture has /PageLabels), an unverified citation looks different and says so, and "Copy"
 * gives a reference a reader can look up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import type { AnswerRecord } from '../../shared/api';
import { formatPageRef } from '../../shared/text/page-labels';
import { makeTextPdf } from '../fixtures/make-fixtures';
import { INVENTED_SENTENCE } from '../fake-openai/behaviours';
import { e2eEnv } from './support/env';
import { api, ingest, openApp, shot } from './support/helpers';

const TITLE = 'Citation Forms Handbook';
const PAGES = 16;
/** Physical pages 1-2 print i, ii; from page 3 the book counts 1, 2, ... (page 14 prints "12"). */
const LABEL_OF = (n: number): string => (n === 1 ? 'i' : n === 2 ? 'ii' : String(n - 2));

test.describe.configure({ mode: 'serial' });

let page: Page;
let dir: string;
let docId: string;

test.beforeAll(async ({ browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'pw-e2e-citations-'));
  const file = join(dir, 'citation-forms.pdf');
  const pages = Array.from(
    { length: PAGES },
    (_, i) => `Part ${i + 1}\nThe clause on this sheet sets rule number ${i + 1} for the tenant and the landlord. Other words follow here.`,
  );
  writeFileSync(file, await makeTextPdf({ title: TITLE, pages, pageLabels: [{ startPage: 1, style: 'r' }, { startPage: 3, style: 'D' }] }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2eEnv().online.origin });
  page = await context.newPage();
  await openApp(page);
  await ingest(page, file, TITLE);
  const docs = await api<{ documents: { id: string; title: string }[] }>(e2eEnv().online, 'library.list', {});
  docId = docs.documents.find((d) => d.title === TITLE)?.id ?? '';
  await page.locator('.doc-row', { hasText: TITLE }).getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.pdf-page[data-page="1"][data-rendered="true"]')).toBeVisible({ timeout: 20_000 });
});

test.afterAll(async () => {
  await page.context().close();
  rmSync(dir, { recursive: true, force: true });
  // the specs share the online library, and the journey starts from an empty one
  if (docId) await api(e2eEnv().online, 'library.remove', { docId });
});

async function askAndWait(question: string): Promise<{ card: ReturnType<Page['locator']>; record: AnswerRecord }> {
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
  const card = page.locator('.turn').last();
  await expect(card.getByTestId('verified-badge')).toBeVisible({ timeout: 30_000 });
  const history = await api<{ items: AnswerRecord[] }>(e2eEnv().online, 'history.list', { docId, limit: 1 });
  const record = history.items[0];
  if (!record) throw new Error('the answer was not stored');
  return { card, record };
}

test('every citation form is exactly one chip, and each chip names the printed page', async () => {
  const { card, record } = await askAndWait('Which rules does the handbook set? [fake:every-form]');
  // the scripted answer used every form; the engine stored one citation per page reference
  expect(record.text).toContain('[pg. ');
  expect(record.text).toMatch(/\(p\. \d+\)/);
  expect(record.text).toMatch(/\[p \d+\]/);
  expect(record.text).toMatch(/\[pages \d+ and \d+\]/);
  expect(record.text).toMatch(/\[p\. \d+; p\. \d+\]/);
  expect(record.text).toMatch(/\[pp\. 10-1\]/); // shortened: 10-11
  expect(record.citations).toHaveLength(11);
  expect(record.citations.filter((c) => !c.verified)).toEqual([]);
  expect(record.citations.find((c) => c.page === 10)).toMatchObject({ pageEnd: 11, pageLabel: '8', pageEndLabel: '9' });

  const chips = card.locator('[data-testid="answer-text"] .cite');
  await expect(chips).toHaveCount(record.citations.length);
  await expect(card.locator('[data-testid="answer-text"] .cite[data-verified="verified"]')).toHaveCount(record.citations.length);
  // no reference was left as plain text
  await expect(card.getByTestId('answer-text')).not.toContainText(/\[(pg|p|pp|pages?)\.? ?\d/);
  for (const [i, citation] of record.citations.entries()) {
    expect(citation.pageLabel).toBe(LABEL_OF(citation.page));
    await expect(chips.nth(i)).toHaveAttribute('data-page', String(citation.page));
    await expect(chips.nth(i)).toContainText(formatPageRef(citation));
  }
  // a page whose printed number differs reads "p. 12 (pdf 14)"-style; the range shows both ends
  await expect(chips.filter({ hasText: 'p. i (pdf 1)' })).toHaveCount(1);
  await expect(chips.filter({ hasText: 'pp. 8–9 (pdf 10–11)' })).toHaveCount(1);
  await expect(card.getByTestId('verified-badge')).toContainText('All 11 citations verified');
  await shot(page, 'citations-every-form');
});

test('Copy gives a reference a reader can look up: title, printed page, quote', async () => {
  const card = page.locator('.turn').last();
  const wrap = card.locator('.cite-wrap').filter({ has: page.locator('.cite[data-page="3"]') }).first();
  await wrap.locator('.cite').hover();
  const copy = wrap.getByTestId('copy-citation');
  await expect(copy).toBeVisible();
  await copy.click();
  await expect(copy).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${TITLE}, p. 1 (pdf 3): \u201CPart 3 The clause on this sheet sets rule number 3 for the tenant and the landlord.\u201D`);
});

test('Copy shows on hover and keyboard focus, not over the text after a click on the chip', async () => {
  const card = page.locator('.turn').last();
  const wrap = card.locator('.cite-wrap').filter({ has: page.locator('.cite[data-page="3"]') }).first();
  const copy = wrap.getByTestId('copy-citation');
  const opacity = (): Promise<string> => copy.evaluate((element) => getComputedStyle(element).opacity);
  await wrap.locator('.cite').click();
  await page.mouse.move(5, 5);
  await expect.poll(opacity).toBe('0');
  await wrap.locator('.cite').press('Tab'); // from the chip to its Copy button, by keyboard
  await expect(copy).toBeFocused();
  await expect.poll(opacity).toBe('1');
});

test('an unverified citation looks different and says so', async () => {
  const { card, record } = await askAndWait('What rule covers the tenant? [fake:misquote-invented]');
  expect(record.citations.map((c) => c.verified)).toEqual([true, false]);
  const bad = card.locator('[data-testid="answer-text"] .cite[data-verified="unverified"]');
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('not verified');
  await expect(bad).toHaveAttribute('aria-label', /not verified/);
  await expect(bad).toHaveAttribute('title', /Not verified: Pagewise could not find this quote/);
  await expect(bad).toHaveClass(/cite-unverified/);
  await expect(card.getByTestId('answer-text')).toContainText(INVENTED_SENTENCE);
  await expect(card.locator('[data-testid="answer-text"] .cite[data-verified="verified"]')).toHaveCount(1);
  await expect(card.getByTestId('verified-badge')).toContainText('1 of 2 citations verified');
  // the two chips do not look alike
  const look = (l: ReturnType<Page['locator']>) => l.evaluate((el) => `${getComputedStyle(el).borderStyle} ${getComputedStyle(el).backgroundColor}`);
  expect(await look(bad)).not.toBe(await look(card.locator('.cite[data-verified="verified"]').first()));
  await shot(page, 'citations-unverified');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'citations-unverified-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(bad).toBeVisible();
  await shot(page, 'citations-unverified-1024');
  await page.setViewportSize({ width: 1280, height: 800 });
});
