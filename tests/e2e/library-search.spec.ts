/**
 * Searching the whole library from the library screen: page text across
 * documents and past answers, offline-capable (FTS5 in the local library).
 * A page hit opens its document at that page with the term highlighted; an
 * answer opens in its document's History.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { AnswerRecord, DocumentRecord } from '../../shared/api';
import { makeTextPdf } from '../fixtures/make-fixtures';
import { e2eEnv } from './support/env';
import { api, openApp, shot } from './support/helpers';

const HANGAR_TITLE = 'Airship Hangar Licence';
const HANGAR_PAGE = 3;
const QUESTION = 'Where must the zeppelin be moored overnight?';

test('search every page and past answer from the library, and open what it finds', async ({ page }) => {
  const env = e2eEnv();
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-e2e-search-'));
  try {
    const hangarPath = join(dir, 'hangar-licence.pdf');
    writeFileSync(
      hangarPath,
      await makeTextPdf({
        title: HANGAR_TITLE,
        pages: [
          'AIRSHIP HANGAR LICENCE\nThis licence is granted by Skyport Estates to Northwind Aviation.',
          '1. Fees\nThe licence fee is four thousand dollars per quarter, payable in advance.',
          '2. Mooring\nThe zeppelin must be moored overnight at mast B of the north hangar. Mooring elsewhere needs written consent.',
          '3. Insurance\nThe Licensee insures the airship against fire and storm damage.',
        ],
      }),
    );
    const hangar = (await api<{ document: DocumentRecord }>(env.online, 'library.ingest', { source: { kind: 'path', path: hangarPath } })).document;
    // the suite's own lease (the same bytes, so the same document as the other specs')
    await api(env.online, 'library.ingest', { source: { kind: 'path', path: env.fixtures.contract } });
    const answer = await api<AnswerRecord>(env.online, 'analysis.ask', { docId: hangar.id, question: QUESTION, strategy: 'auto', fresh: true });
    expect(answer.text).toContain('zeppelin');

    const errors = await openApp(page);
    // the latest work is listed under the documents
    const recent = page.getByTestId('recent-answers');
    await expect(recent.locator('.answer-result').first()).toContainText(QUESTION);
    await expect(recent.locator('.answer-result').first()).toContainText(HANGAR_TITLE);
    // "/" (and Ctrl/Cmd+F) focus the library search
    await page.locator('body').press('/');
    const search = page.getByRole('searchbox', { name: 'Search the library' });
    await expect(search).toBeFocused();
    await search.fill('zeppelin');
    const results = page.getByTestId('library-results');
    const pageHit = results.locator(`.result-doc[data-doc-id="${hangar.id}"] .hit`).first();
    await expect(pageHit).toContainText(`p. ${HANGAR_PAGE}`);
    await expect(pageHit.locator('mark').first()).toHaveText(/zeppelin/i);
    await expect(results.locator('.result-doc-title', { hasText: HANGAR_TITLE })).toBeVisible();
    const answerHit = results.locator('.answer-result', { hasText: QUESTION });
    await expect(answerHit).toContainText(HANGAR_TITLE);
    // a word only the lease has finds the lease, not the hangar licence
    await search.fill('Quay Street');
    await expect(results.locator('.result-doc-title')).toHaveText(['Commercial Lease Agreement']);
    await search.fill('zeppelin');
    await expect(pageHit).toBeVisible();
    await shot(page, 'library-search');

    // a page hit opens the document at that page with the word highlighted
    await pageHit.click();
    await expect(page.locator('.crumb.current')).toHaveText(HANGAR_TITLE);
    await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue(String(HANGAR_PAGE));
    const highlight = page.locator(`.pdf-page[data-page="${HANGAR_PAGE}"] .textLayer .highlight`);
    await expect(highlight.first()).toBeVisible({ timeout: 15_000 });
    expect((await highlight.allTextContents()).join(' ').toLowerCase()).toContain('zeppelin');

    // back in the library the search is still there; an answer opens in its document's History
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await expect(search).toHaveValue('zeppelin');
    await answerHit.click();
    await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    const opened = page.locator(`.history-item[data-answer-id="${answer.id}"]`);
    await expect(opened.locator('.history-row')).toHaveAttribute('aria-expanded', 'true');
    await expect(opened.getByTestId('answer-text')).toContainText('zeppelin');
    await expect(opened).toBeInViewport();

    // a recent answer opens the same way
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await search.fill('');
    await recent.locator('.answer-result', { hasText: QUESTION }).click();
    await expect(page.locator(`.history-item[data-answer-id="${answer.id}"] .history-row`)).toHaveAttribute('aria-expanded', 'true');

    // nothing found says so; Escape clears the search
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await search.fill('xylophonist');
    await expect(results).toContainText('Nothing in your library matches “xylophonist”');
    await search.press('Escape');
    await expect(search).toHaveValue('');
    await expect(results).toHaveCount(0);
    expect(errors).toEqual([]);

    // an address with the short id the CLI prints opens the document too
    await page.goto(`${env.online.url}#/doc/${hangar.id.slice(0, 12)}/ask`);
    await expect(page.locator('.crumb.current')).toHaveText(HANGAR_TITLE);
    // (it reopens at the page last shown, page 3)
    await expect(page.locator('.pdf-page[data-rendered="true"]').first()).toBeVisible();
    expect(page.url()).toContain(`#/doc/${hangar.id}/ask`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
