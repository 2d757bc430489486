import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
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

/** Call the engine directly (setup shortcuts), the same way the renderer does. */
export async function api<T>(server: E2EServer, op: string, input: unknown): Promise<T> {
  const response = await fetch(`${server.origin}/api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pagewise-token': server.token },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  const result = /event: result\ndata: (.*)\n/.exec(text);
  if (!result) throw new Error(`${op} failed: ${text.slice(0, 500)}`);
  return JSON.parse(result[1] as string) as T;
}
