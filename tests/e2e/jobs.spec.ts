/**
 * The Jobs dialog (issue 12): a batch job sent over the library shows its status, requests and cost; Cancel
 * reaches the provider and the job ends cancelled; a finished job's summaries are in history.
 */
import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { test, expect } from '@playwright/test';
import { e2eEnv } from './support/env';
import { api, openApp } from './support/helpers';

// the specs share the online library: leave it as found (the journey starts from an empty one)
test.afterAll(async () => {
  const { documents } = await api<{ documents: { id: string; fileName: string }[] }>(e2eEnv().online, 'library.list', {});
  const added = new Set(['lease-agreement.pdf', basename(e2eEnv().fixtures.security)]);
  for (const doc of documents) if (added.has(doc.fileName)) await api(e2eEnv().online, 'library.remove', { docId: doc.id });
});

async function hold(on: boolean): Promise<void> {
  const response = await fetch(`${e2eEnv().fakeOrigin}/__control/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hold: on }) });
  if (!response.ok) throw new Error(`fake server refused: ${response.status}`);
}

test('jobs dialog: status, cost, cancel, and finished results', async ({ page }) => {
  const env = e2eEnv();
  await api(env.online, 'library.ingest', { source: { kind: 'path', path: env.fixtures.contract } });
  await hold(true);
  try {
    const { job } = await api<{ job: { id: string } }>(env.online, 'jobs.summarizeEach', { scope: { all: true }, kind: 'detailed', fresh: true });
    const errors = await openApp(page, env.online);
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Batch jobs' });
    await expect(dialog).toBeVisible();
    const row = dialog.getByTestId('job-row').first();
    await expect(row).toContainText('Detailed summaries of');
    await expect(row).toContainText('Running');
    await expect(row).toContainText('at most $');
    mkdirSync('/tmp/shots-batch', { recursive: true });
    for (const [w, h] of [
      [1024, 700],
      [1920, 1080],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `/tmp/shots-batch/jobs-${w}x${h}-${scheme}.png` });
      }
    }
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toContainText('Cancelling');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    await expect(dialog.getByTestId('job-row').first()).toContainText('Cancelled');
    const after = await api<{ job: { status: string; collected: boolean } }>(env.online, 'jobs.get', { id: job.id });
    expect(after.job).toMatchObject({ status: 'cancelled', collected: true });
    expect(errors).toEqual([]);
  } finally {
    await hold(false);
  }
});

test('jobs dialog: a failed request is shown and re-run as a new batch', async ({ page }) => {
  const env = e2eEnv();
  await api(env.online, 'library.ingest', { source: { kind: 'path', path: env.fixtures.contract } });
  // the fake server fails a line carrying this directive the first time it runs it
  const { job } = await api<{ job: { id: string } }>(env.online, 'jobs.askEach', { scope: { all: true }, question: 'Who is the tenant? [fake:batch-fail-line]', fresh: true });
  const errors = await openApp(page, env.online);
  await page.getByRole('button', { name: 'Jobs', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Batch jobs' });
  // opening the dialog asks the provider once per look; reopen until the job is finished
  const row = dialog.getByTestId('job-row').filter({ hasText: 'Who is the tenant?' }).first();
  for (let i = 0; i < 5 && !(await row.getByRole('button', { name: 'Re-run failed' }).isVisible()); i++) {
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    await page.waitForTimeout(300);
  }
  await expect(row).toContainText('1 failed');
  await row.getByRole('button', { name: 'Re-run failed' }).click();
  await expect(dialog.getByTestId('job-row').first()).toContainText('Re-run of 1 failed request');
  const { jobs } = await api<{ jobs: { retryOf: string | null }[] }>(env.online, 'jobs.list', {});
  expect(jobs.some((j) => j.retryOf === job.id)).toBe(true);
  expect(errors).toEqual([]);
});

test('compare as a batch from the app: the job is in the Jobs dialog, and the normal run stays offered', async ({ page }) => {
  const env = e2eEnv();
  for (const path of [env.fixtures.contract, env.fixtures.security]) await api(env.online, 'library.ingest', { source: { kind: 'path', path } });
  const question = 'Which law governs this document?';
  await hold(true);
  try {
    const errors = await openApp(page, env.online, '#/compare');
    await expect(page.getByRole('heading', { name: 'Compare documents' })).toBeVisible();
    await page.getByLabel('Which documents').selectOption('all');
    await page.getByLabel('Question for each document').fill(question);
    const choice = page.getByTestId('batch-choice');
    await expect(choice).toBeVisible();
    await expect(choice.getByLabel(/Run now/)).toBeChecked();
    await choice.getByLabel(/Run as batch \(half price, results within 24 h\)/).check();
    await page.getByRole('button', { name: 'Send as batch' }).click();
    await expect(page.getByTestId('compare-batch-sent')).toContainText('Sent as a batch');
    mkdirSync('/tmp/shots-glue', { recursive: true });
    for (const [w, h] of [
      [1024, 700],
      [1920, 1080],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `/tmp/shots-glue/compare-batch-${w}x${h}-${scheme}.png`, fullPage: true });
      }
    }
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Batch jobs' });
    const row = dialog.getByTestId('job-row').filter({ hasText: question }).first();
    await expect(row).toContainText('Compare');
    await expect(row).toContainText('Running');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toContainText('Cancelling');
    expect(errors).toEqual([]);
  } finally {
    await hold(false);
    // the journey spec starts from a library without comparisons
    const list = await api<{ items: { id: string; question: string }[] }>(env.online, 'history.comparisons', {});
    for (const c of list.items) if (c.question === question) await api(env.online, 'history.deleteComparison', { comparisonId: c.id });
  }
});

test('compare in the app with a provider without a Batch API: one line, and the normal run stays', async ({ page }) => {
  const env = e2eEnv();
  for (const path of [env.fixtures.contract, env.fixtures.security]) await api(env.online, 'library.ingest', { source: { kind: 'path', path } });
  const off = await fetch(`${env.fakeOrigin}/__control/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
  expect(off.ok).toBe(true);
  try {
    const errors = await openApp(page, env.online, '#/compare');
    await page.getByLabel('Which documents').selectOption('all');
    await page.getByLabel('Question for each document').fill('Who signed it?');
    const choice = page.getByTestId('batch-choice');
    await choice.getByLabel(/Run as batch/).check();
    await page.getByRole('button', { name: 'Send as batch' }).click();
    await expect(page.getByRole('alert')).toContainText('no Batch API');
    await expect(choice).toContainText('This provider has no Batch API');
    await expect(choice.getByLabel(/Run as batch/)).toBeDisabled();
    await expect(choice.getByLabel(/Run now/)).toBeChecked();
    await expect(page.getByRole('button', { name: 'Compare', exact: true })).toBeEnabled();
    expect(errors).toEqual([]);
  } finally {
    await fetch(`${env.fakeOrigin}/__control/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true }) });
  }
});

test('a table as a batch from the Extract view: the job is in the Jobs dialog', async ({ page }) => {
  const env = e2eEnv();
  for (const path of [env.fixtures.contract, env.fixtures.security]) await api(env.online, 'library.ingest', { source: { kind: 'path', path } });
  await hold(true);
  try {
    const errors = await openApp(page, env.online);
    await page.getByTestId('open-extract-table').click();
    await expect(page.getByTestId('extract-view')).toBeVisible();
    await page.getByTestId('extract-scope').selectOption('all');
    await page.getByTestId('template-select').selectOption('financials');
    await expect(page.getByTestId('extract-cost')).toContainText(/at most \$/);
    const choice = page.getByTestId('batch-choice');
    await choice.getByLabel(/Run as batch \(half price, results within 24 h\)/).check();
    await page.getByTestId('extract-run').click();
    await expect(page.getByTestId('extract-batch-sent')).toContainText('Sent as a batch');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: '/tmp/shots-glue/extract-batch-1024x700-light.png', fullPage: true });
    await page.getByRole('button', { name: 'Jobs', exact: true }).click();
    const row = page.getByRole('dialog', { name: 'Batch jobs' }).getByTestId('job-row').filter({ hasText: 'financials fields of' }).first();
    await expect(row).toContainText('Running');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toContainText('Cancelling');
    expect(errors).toEqual([]);
  } finally {
    await hold(false);
  }
});
