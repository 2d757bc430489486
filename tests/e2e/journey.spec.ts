/**
 * The analyst's whole journey in browser mode against the real engine, a real
 * SQLite library and the fake OpenAI server: ingest, open, context meter, ask
 * (streamed), citation -> highlighted quote, follow-up, stop, summary of a
 * document larger than the window, history with the provider down, export,
 * settings, bad PDFs, reload.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { makeTextPdf, TERMINATION_PAGE } from '../fixtures/make-fixtures';
import { e2eEnv, LARGE_PAGES } from './support/env';
import { api, catchFileChoosers, ingest, openApp, setFault, shot } from './support/helpers';
import { observe, recorded } from './support/observe';

const LEASE = 'Commercial Lease Agreement';
const REPORT = 'Annual Report 2025';
const QUESTION = 'How can either party terminate this lease?';

test.describe.configure({ mode: 'serial' });

let page: Page;
let pageErrors: string[] = [];
let fileChoosers: ReturnType<typeof catchFileChoosers>;

test.beforeAll(async ({ browser }) => {
  // the specs share the online library and the journey starts as a first-time user: from an empty library
  const online = e2eEnv().online;
  const { documents } = await api<{ documents: { id: string }[] }>(online, 'library.list', {});
  for (const doc of documents) await api(online, 'library.remove', { docId: doc.id });
  const { collections } = await api<{ collections: { id: string }[] }>(online, 'collection.list', {});
  for (const collection of collections) await api(online, 'collection.delete', { collection: collection.id });
  page = await browser.newPage({ acceptDownloads: true });
  fileChoosers = catchFileChoosers(page);
  pageErrors = await openApp(page);
});

test.afterAll(async () => {
  await setFault(null);
  await page.close();
});

test('a first-time user sees what to do, adds a PDF, and watches it being read', async () => {
  const env = e2eEnv();
  await expect(page.getByRole('heading', { name: 'Read long PDFs with verified citations' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open PDF…' })).toBeVisible();

  await observe(page, 'ingest', '[data-testid="ingest-progress"]');
  await ingest(page, env.fixtures.contract, LEASE);
  const progress = await recorded(page, 'ingest');
  expect(progress.length, 'the progress line was shown while the PDF was read').toBeGreaterThan(0);

  const row = page.locator('.doc-row', { hasText: LEASE });
  // the first cell is the row's select box
  await expect(row.locator('td').nth(2)).toHaveText('6');
  await expect(row.locator('td').nth(3)).toHaveText(/^\d{2,3}$/);
  await expect(row.getByText('Fits in one request')).toBeVisible();
  await expect(row.getByText(/Today/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Read long PDFs with verified citations' })).toHaveCount(0);

  // Ctrl/Cmd+O opens the file picker
  await page.keyboard.press('Control+o');
  await (await fileChoosers.next()).setFiles([]);
});

test('a long PDF shows page i of n while it is parsed', async () => {
  const env = e2eEnv();
  await observe(page, 'ingest-large', '[data-testid="ingest-progress"]');
  await ingest(page, env.fixtures.large, REPORT);
  const seen = await recorded(page, 'ingest-large');
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.join('\n')).toMatch(new RegExp(`Uploading|Reading page \\d+ of ${LARGE_PAGES}|Saving`));
  await expect(page.locator('.doc-row', { hasText: REPORT }).locator('td').nth(2)).toHaveText(String(LARGE_PAGES));
});

test('a corrupt PDF shows a clear error and leaves the library as it was', async () => {
  const env = e2eEnv();
  const before = await page.locator('.doc-row').count();
  await page.getByTestId('file-input').setInputFiles(env.fixtures.corrupt);
  const error = page.getByTestId('ingest-error');
  await expect(error).toBeVisible({ timeout: 20_000 });
  await expect(error).toContainText('Could not add “damaged-scan.pdf”');
  await expect(error).toContainText(/damaged|corrupt|not a PDF|could not be read|cannot be read|broken/i);
  await expect(page.locator('.doc-row')).toHaveCount(before);
  await shot(page, 'library-corrupt-error');
  await error.getByRole('button', { name: 'Dismiss' }).click();
});

test('an encrypted PDF asks for its password', async () => {
  const env = e2eEnv();
  await page.getByTestId('file-input').setInputFiles(env.fixtures.encrypted);
  const error = page.getByTestId('ingest-error');
  await expect(error).toContainText(/password/i, { timeout: 20_000 });
  // app users have a password field, not a command line
  await expect(error).not.toContainText('--password');
  await error.getByLabel('Password').fill('wrong-guess');
  await error.getByRole('button', { name: 'Unlock and add' }).click();
  await expect(page.getByTestId('ingest-error')).toContainText(/password/i, { timeout: 20_000 });
  await page.getByTestId('ingest-error').getByLabel('Password').fill(env.fixtures.encryptedPassword);
  await page.getByTestId('ingest-error').getByRole('button', { name: 'Unlock and add' }).click();
  await expect(page.getByTestId('ingest-done')).toContainText('Encrypted minutes', { timeout: 20_000 });
});

test('several PDFs at once: the batch ends in one line, every outcome a click away, with the batch progress', async () => {
  const env = e2eEnv();
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-batch-'));
  try {
    const fresh = join(dir, 'board-charter.pdf');
    writeFileSync(fresh, await makeTextPdf({ title: 'Board Charter', pages: ['The board meets four times a year.', 'Each director serves three years.'] }));
    // the library as the engine has it: the page's list may still be catching up with the last ingest
    const { documents: stored } = await api<{ documents: { id: string }[] }>(env.online, 'library.list', {});
    const before = stored.length;
    await expect(page.locator('.doc-row')).toHaveCount(before);
    await observe(page, 'batch', '[data-testid="ingest-progress"]');
    await page.getByTestId('file-input').setInputFiles([env.fixtures.corrupt, fresh, env.fixtures.contract]);
    // after the batch: one line, details on request
    const summary = page.getByTestId('batch-summary');
    // the lease was already there: it is not counted as added
    await expect(summary).toContainText('3 files: 1 added, 1 already in your library, 1 could not be added.', { timeout: 30_000 });
    await expect(page.getByTestId('ingest-error')).toHaveCount(0);
    await summary.getByRole('button', { name: 'Show details' }).click();
    const done = page.getByTestId('ingest-done');
    await expect(done).toHaveCount(2);
    await expect(done.filter({ hasText: 'Board Charter' })).toContainText('Added');
    await expect(done.filter({ hasText: LEASE })).toContainText('Already in your library');
    // the bad file's message is still there after the files that followed it
    const error = page.getByTestId('ingest-error');
    await expect(error).toHaveCount(1);
    await expect(error).toContainText('Could not add “damaged-scan.pdf”');
    await expect(page.locator('.doc-row')).toHaveCount(before + 1);
    expect((await recorded(page, 'batch')).join('\n')).toMatch(/file [23] of 3/);
    await shot(page, 'library-batch');
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await expect(error).toHaveCount(0);
    await summary.getByRole('button', { name: 'Dismiss these notes' }).click();
    await expect(summary).toHaveCount(0);
    await expect(done).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('opening a document shows the PDF and a context meter that follows the question', async () => {
  await page.locator('.doc-row', { hasText: LEASE }).getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.pdf-page[data-page="1"][data-rendered="true"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.pdf-page[data-page="1"] .textLayer span').first()).toBeAttached();
  const meter = page.locator('.ask-tab').getByTestId('context-meter');
  await expect(meter).toContainText('gpt-4o-mini');
  await expect(meter).toContainText('Fits in one request');
  await expect(meter.getByRole('meter')).toBeVisible();
  await expect(page.locator('.ask-tab').getByTestId('plan')).toContainText('Type a question');

  await page.locator('#question').fill(QUESTION);
  const plan = page.locator('.ask-tab').getByTestId('plan');
  await expect(plan).toContainText('Whole document');
  await expect(plan).toContainText('1 request');
  await expect(plan).toContainText(/at most \$/);
  await expect(plan).toContainText(/[\d,]+ prompt tokens/);

  // the strategy choice changes the plan
  await meter.getByText('Focused', { exact: true }).click();
  await expect(plan).toContainText('Focused: 6 pages');
  await meter.getByText('Auto', { exact: true }).click();
  await expect(plan).toContainText('Whole document');

  // zoom and page navigation
  const first = page.locator('.pdf-page[data-page="1"]');
  const width = (await first.boundingBox())?.width ?? 0;
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => (await first.boundingBox())?.width ?? 0).toBeGreaterThan(width);
  await page.getByLabel('Zoom', { exact: true }).selectOption('fit');
  await page.getByRole('textbox', { name: 'Page number' }).fill('3');
  await page.getByRole('textbox', { name: 'Page number' }).press('Enter');
  await expect(page.locator('.pdf-page[data-page="3"]')).toBeInViewport();

  // search in the document: hit list, click a hit -> that page with the word highlighted
  await page.getByLabel('Search this document').fill('deposit');
  await page.getByLabel('Search this document').press('Enter');
  const hit = page.locator('.hit').first();
  await expect(hit).toContainText('p. 4');
  await hit.click();
  await expect(page.locator('.pdf-page[data-page="4"] .textLayer .highlight').first()).toBeVisible();
  // the list folds into a bar so it does not cover the match; the bar steps through the matches
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(page.locator('.hit')).toHaveCount(0);
  await expect(results).toContainText(/1 of \d+\s*p\. 4/);
  await shot(page, 'viewer-search-bar');
  await results.getByRole('button', { name: 'All results' }).click();
  await expect(page.locator('.hit').first()).toBeVisible();
  // Escape closes the search
  await page.getByLabel('Search this document').press('Escape');
  await expect(results).toHaveCount(0);
  // an empty page box keeps the page
  await page.getByRole('textbox', { name: 'Page number' }).fill('');
  await page.getByRole('textbox', { name: 'Page number' }).press('Enter');
  await expect(page.getByRole('textbox', { name: 'Page number' })).not.toHaveValue('1');
});

test('the answer streams in and its citation shows the quote highlighted on the page', async () => {
  await observe(page, 'answer', '.turn [data-testid="answer-text"]');
  await page.locator('#question').press('Enter');
  await expect(page.locator('#question')).toHaveValue('');
  const card = page.locator('.turn').last();
  await expect(card.getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
  const seen = await recorded(page, 'answer');
  expect(seen.length, 'the answer arrived in several pieces').toBeGreaterThan(2);

  await expect(card.getByTestId('answer-text')).toContainText('terminate this lease');
  await expect(card.getByTestId('verified-badge')).toContainText('verified');
  await expect(card.locator('.answer-meta')).toContainText(/\d+ in · \d+ out/);
  await expect(card.locator('.answer-meta')).toContainText('$');
  const chip = card.locator(`.cite[data-page="${TERMINATION_PAGE}"]`).first();
  await expect(chip).toHaveAttribute('data-verified', 'verified');
  await expect(chip).toContainText(`p. ${TERMINATION_PAGE}`);

  await chip.click();
  const highlight = page.locator(`.pdf-page[data-page="${TERMINATION_PAGE}"] .textLayer .highlight`);
  await expect(highlight.first()).toBeVisible({ timeout: 15_000 });
  await expect(highlight.first()).toBeInViewport();
  expect((await highlight.allTextContents()).join(' ')).toContain('terminate this lease');
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue(String(TERMINATION_PAGE));
  await shot(page, 'journey-answer');
});

test('a follow-up question continues the same conversation', async () => {
  // between questions the meter folds to one line, so the answers get the room
  const meter = page.locator('.ask-tab').getByTestId('context-meter');
  await expect(meter.getByRole('radiogroup', { name: 'Strategy' })).toHaveCount(0);
  await shot(page, 'journey-meter-folded');
  await meter.getByRole('button', { name: 'Strategy, budget and cost…' }).click();
  await expect(meter.getByRole('radiogroup', { name: 'Strategy' })).toBeVisible();
  await page.locator('#question').fill('What happens to the deposit after the lease ends?');
  await page.getByRole('button', { name: 'Ask follow-up' }).click();
  await expect(page.locator('.turn')).toHaveCount(2);
  await expect(page.locator('.turn').last().getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.turn').last().getByTestId('answer-text')).toContainText('deposit');
  // the second request carried the first exchange
  const requests = (await (await fetch(`${e2eEnv().fakeOrigin}/__control/requests`)).json()) as { messages: { role: string; content: string }[] | null }[];
  const last = requests.filter((r) => r.messages).at(-1);
  expect(last?.messages?.some((m) => m.role === 'assistant')).toBe(true);
});

test('Stop ends an answer midway and keeps what arrived', async () => {
  await setFault({ kind: 'stall-stream', afterChunks: 2 });
  await page.locator('#question').fill('Who insures the building against fire and flood?');
  await page.locator('#question').press('Enter');
  const turn = page.locator('.turn').last();
  await expect(turn.getByTestId('answer-text')).not.toBeEmpty({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(turn).toContainText('Stopped.');
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect(turn.getByTestId('answer-text')).not.toBeEmpty();
  await shot(page, 'journey-stopped');

  // Esc stops too (the model never answers)
  await setFault({ kind: 'hang' });
  await page.locator('#question').fill('Who may assign this lease?');
  await page.locator('#question').press('Enter');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.turn').last()).toContainText('Stopped.');
  await setFault(null);
});

test('a provider error is shown where it happened, in words', async () => {
  await setFault({ kind: 'auth' });
  await page.locator('#question').fill('What law governs this lease?');
  await page.locator('#question').press('Enter');
  const error = page.locator('.turn').last().locator('.error-box');
  await expect(error).toBeVisible({ timeout: 20_000 });
  await expect(error).toContainText(/key/i);
  await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(error.getByRole('button', { name: 'Open settings' })).toBeVisible();
  await shot(page, 'journey-provider-error');
  await setFault(null);
});

test('a rate limit says why the answer waits, then the answer arrives', async () => {
  await setFault({ kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
  await observe(page, 'retry', '.turn .streaming-status');
  await page.locator('#question').fill('Who insures its own contents and equipment?');
  await page.locator('#question').press('Enter');
  await expect(page.locator('.turn').last().getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
  const seen = (await recorded(page, 'retry')).join('\n');
  // the notice counts down to the next try
  expect(seen).toMatch(/rate-limiting requests \(429\)\. Trying again in 2 s…/);
  expect(seen).toMatch(/rate-limiting requests \(429\)\. Trying again in 1 s…/);
  await setFault(null);
});

test('a connection cut mid-answer keeps the part that arrived in its card, with the error below it', async () => {
  await setFault({ kind: 'cut-stream', afterChunks: 2 });
  await page.locator('#question').fill('What happens on termination to the keys?');
  await page.locator('#question').press('Enter');
  const card = page.locator('.turn').last().locator('.answer-card[data-status="error-partial"]');
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.getByTestId('answer-text')).not.toBeEmpty();
  await expect(card.locator('.error-box')).toContainText('was cut off');
  await expect(card.locator('.error-box')).toContainText('The partial answer was kept');
  await shot(page, 'journey-cut-stream');
  await setFault(null);
});

test('settings: a small custom model window', async () => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('API key')).toHaveValue('');
  await expect(dialog.getByLabel('API key')).toHaveAttribute('type', 'password');
  // provider fields follow the choice; a missing field is explained inline
  await dialog.getByText('Azure OpenAI', { exact: true }).click();
  await expect(dialog.getByLabel('Deployment')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Azure OpenAI needs the endpoint');
  await dialog.getByText('OpenAI', { exact: true }).click();
  await expect(dialog.getByLabel('Deployment')).toHaveCount(0);
  await dialog.getByLabel('Model id').fill('test-8k');
  await dialog.getByLabel('Context window (tokens)').fill('8192');
  await dialog.getByLabel('Max output (tokens)').fill('2048');
  await dialog.getByLabel('Answer reserve (tokens)').fill('1024');
  await shot(page, 'journey-settings');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.status-pill')).toContainText('test-8k');
});

test('Whole on a document that does not fit says what to choose, and Ask waits for it', async () => {
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await page.locator('.doc-row', { hasText: REPORT }).getByRole('button', { name: 'Open' }).click();
  await page.getByRole('tab', { name: 'Ask' }).click();
  await page.locator('#question').fill('What does the board consider about resources?');
  const strategy = page.getByRole('radiogroup', { name: 'Strategy' });
  await strategy.getByText('Whole', { exact: true }).click();
  const meter = page.locator('.ask-tab').getByTestId('context-meter');
  await expect(meter).toContainText('does not fit in one request');
  await expect(meter).toContainText('Choose Focused');
  const askButton = page.getByRole('button', { name: 'Ask', exact: true });
  await expect(askButton).toBeDisabled();
  await strategy.getByText('Focused', { exact: true }).click();
  await expect(askButton).toBeEnabled();
  await strategy.getByText('Auto', { exact: true }).click();
  await page.locator('#question').fill('');
});

test('a summary of a document larger than the window, in chunks, with citations', async () => {
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await expect(page.locator('.doc-row', { hasText: REPORT }).getByText('Needs focusing')).toBeVisible();
  await page.locator('.doc-row', { hasText: REPORT }).getByRole('button', { name: 'Open' }).click();
  await page.getByRole('tab', { name: 'Summaries' }).click();
  const plan = page.locator('.summaries-tab').getByTestId('plan');
  await expect(plan).toContainText(/(\d+) requests/);
  const calls = Number((await plan.textContent())?.match(/(\d+) requests/)?.[1]);
  expect(calls).toBeGreaterThan(1);
  // a summary reads a long document in parts (never "Needs focusing", never a share rounded down)
  await expect(page.locator('.summaries-tab').getByTestId('meter-fit')).toContainText(/Read in \d+ parts/);
  await expect(page.locator('.summaries-tab').getByTestId('meter-fit')).toContainText(/[\d,]+ tokens; one request holds [\d,]+ \((\d+% over|[\d.]+ times as much|just over)\)/);

  await observe(page, 'summary', '[data-testid="summary-progress"]');
  await page.getByRole('button', { name: 'Summarize' }).click();
  const card = page.locator('.summary-result .answer-card[data-answer-id]');
  await expect(card).toBeVisible({ timeout: 60_000 });
  const seen = (await recorded(page, 'summary')).join('\n');
  expect(seen).toMatch(/chunk \d+ of \d+|\d+ chunks|Combining|Writing|Sending/i);
  await expect(card.getByTestId('verified-badge')).toBeVisible();
  const chip = card.locator('.cite').first();
  await expect(chip).toBeVisible();
  const cited = Number(await chip.getAttribute('data-page'));
  await chip.click();
  await expect(page.locator(`.pdf-page[data-page="${cited}"] .textLayer .highlight`).first()).toBeVisible({ timeout: 15_000 });
  await shot(page, 'journey-summary');
});

test('with the model unreachable, past answers are still readable in History', async () => {
  await setFault({ kind: 'server-error', times: 1_000_000 });
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await page.locator('.doc-row', { hasText: LEASE }).getByRole('button', { name: 'Open' }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  const list = page.locator('.history-list');
  await expect(list.locator('.history-item').first()).toBeVisible();
  await expect(list).toContainText(QUESTION);
  await expect(list.locator('.history-item[data-status="incomplete"]').first()).toContainText('Incomplete');

  const item = list.locator('.history-item', { hasText: QUESTION }).first();
  await item.locator('.history-row').click();
  await expect(item.getByTestId('answer-text')).toContainText('terminate this lease');
  await item.locator(`.cite[data-page="${TERMINATION_PAGE}"]`).first().click();
  await expect(page.locator(`.pdf-page[data-page="${TERMINATION_PAGE}"] .textLayer .highlight`).first()).toBeVisible();

  // search, and the toggle for all documents
  await page.getByLabel('Search history').fill('deposit');
  await expect(list.locator('.history-item')).toHaveCount(1);
  await page.getByLabel('Search history').fill('');
  await page.getByText('All documents', { exact: true }).click();
  await expect(list).toContainText(REPORT);
  await shot(page, 'journey-history');
  await page.getByText('This document', { exact: true }).click();
});

test('export an answer as Markdown', async () => {
  const item = page.locator('.history-item', { hasText: QUESTION }).first();
  await expect(item.getByTestId('answer-text')).toBeVisible();
  await item.getByText('Export', { exact: false }).first().click();
  const downloadPromise = page.waitForEvent('download');
  await item.getByRole('menuitem', { name: /Markdown/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toContain(QUESTION);
  expect(text).toContain('terminate this lease');
  expect(text).toMatch(new RegExp(`p\\. ?${TERMINATION_PAGE}`));

  // the whole document's Q&A
  await page.getByText('Export all Q&A').click();
  const allPromise = page.waitForEvent('download');
  await page.locator('.history-controls').getByRole('menuitem', { name: /Markdown/ }).click();
  const all = readFileSync(await (await allPromise).path(), 'utf8');
  expect(all).toContain(QUESTION);
  expect(all).toContain('deposit');

  // by keyboard: Enter opens the menu on its first format, arrows move, Enter exports, Escape closes
  const menuButton = page.locator('.history-controls summary');
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const formats = page.locator('.history-controls').getByRole('menuitem');
  await expect(formats.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(formats.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(formats.last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(formats.first()).toBeHidden();
  await expect(menuButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(formats.first()).toBeFocused();
  const keyed = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await keyed).suggestedFilename()).toMatch(/\.md$/);
  await expect(menuButton).toBeFocused();
  await setFault(null);
});

test('Re-run fresh asks again without the cache', async () => {
  await page.getByRole('tab', { name: 'History' }).click();
  const item = page.locator('.history-item', { hasText: QUESTION }).last();
  if ((await item.getAttribute('class'))?.includes('open') !== true) await item.locator('.history-row').click();
  await item.getByRole('button', { name: 'Re-run fresh' }).click();
  await expect(page.getByRole('tab', { name: 'Ask' })).toHaveAttribute('aria-selected', 'true');
  const turn = page.locator('.turn').last();
  await expect(turn).toContainText(QUESTION);
  await expect(turn.getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
  await expect(turn.locator('.answer-meta')).not.toContainText('Cached');
  await page.getByRole('tab', { name: 'History' }).click();
});

test('the open document and tab survive a reload', async () => {
  await page.reload();
  await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.crumb.current')).toHaveText(LEASE);
  await page.getByRole('tab', { name: 'Ask' }).click();
  await expect(page.locator('.turn').first()).toContainText(QUESTION);
  await page.keyboard.press('Control+k');
  await expect(page.locator('#question')).toBeFocused();
  expect(pageErrors).toEqual([]);
});

test.afterAll(async () => {
  // leave the shared library with the default model for the other files
  const env = e2eEnv();
  await api(env.online, 'settings.update', { model: 'gpt-4o-mini', customContextWindow: null, customMaxOutput: null, answerReserveTokens: 4096 });
});
