import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type FileChooser, type Page } from '@playwright/test';
import { createHttpClient, type OpInput, type OpName } from '../../../shared/api';
import { e2eEnv, type E2EServer } from './env';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Open the app with its token; collects page errors so tests can assert there were none. */
export async function openApp(page: Page, server: E2EServer = e2eEnv().online, hash = ''): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}${hash}`);
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
  return errors;
}

/**
 * Catch the page's file pickers from now on. Call it well before the action that opens one:
 * Playwright turns on Chromium's file-chooser interception only when a listener is added, and
 * that command can reach the browser after a key press sent right behind it, so a picker opened
 * at once goes to the (headless, invisible) native dialog and the event never comes.
 */
export function catchFileChoosers(page: Page): { next(): Promise<FileChooser> } {
  const opened: FileChooser[] = [];
  const waiting: ((chooser: FileChooser) => void)[] = [];
  page.on('filechooser', (chooser) => {
    const waiter = waiting.shift();
    if (waiter) waiter(chooser);
    else opened.push(chooser);
  });
  return {
    next: () => {
      const chooser = opened.shift();
      return chooser ? Promise.resolve(chooser) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** Ingest a file through the hidden file input and wait for the library row. */
export async function ingest(page: Page, filePath: string, title: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(filePath);
  await expect(page.getByTestId('ingest-done')).toContainText(title, { timeout: 30_000 });
  await expect(page.locator('.doc-row', { hasText: title })).toBeVisible();
}

export async function setFault(fault: unknown): Promise<void> {
  const response = await fetch(`${e2eEnv().fakeOrigin}/__control/fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`fake server refused the fault: ${response.status}`);
}

/** Call the engine directly (setup shortcuts) with the one HTTP client the renderer uses too. */
export async function api<T>(server: E2EServer, op: OpName, input: unknown): Promise<T> {
  const client = createHttpClient({ baseUrl: server.origin, token: server.token });
  // the callers pass literal inputs for many ops; the server validates them against the contract
  return (await client.call(op, input as OpInput<typeof op>)) as T;
}
