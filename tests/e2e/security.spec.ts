/**
 * Security in browser mode: model output is rendered as text (never HTML), the
 * page carries a strict CSP, and the API refuses requests without the session
 * token or with a payload that fails the contract's schema.
 */
import { test, expect } from '@playwright/test';
import { e2eEnv, XSS_QUESTION } from './support/env';
import { ingest, openApp } from './support/helpers';

test('an answer containing <img onerror> renders as text and runs nothing', async ({ page }) => {
  const env = e2eEnv();
  await openApp(page);
  await ingest(page, env.fixtures.security, 'Vendor Portal Notes');
  await page.locator('.doc-row', { hasText: 'Vendor Portal Notes' }).getByRole('button', { name: 'Open' }).click();
  await page.locator('#question').fill(XSS_QUESTION);
  await page.locator('#question').press('Enter');
  const answer = page.locator('.turn').last().getByTestId('answer-text');
  await expect(page.locator('.turn').last().getByTestId('verified-badge')).toBeVisible({ timeout: 20_000 });
  await expect(answer).toContainText('<img src=x onerror=window.__pwned=1>');
  await expect(page.locator('.panel img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

  // the same markup in search snippets and history stays text too
  await page.getByLabel('Search this document').fill('banner');
  await page.getByLabel('Search this document').press('Enter');
  await expect(page.locator('.hit').first()).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-row').first().click();
  await expect(page.locator('.history-body').getByTestId('answer-text')).toContainText('<img src=x');
  await expect(page.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
});

test('the page carries a strict Content-Security-Policy', async ({ page }) => {
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  const env = e2eEnv();
  // `pagewise serve` also sends the policy as a header
  const response = await page.request.get(`${env.online.origin}/`);
  expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
  // an inline script injected at runtime is blocked by the policy
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    return (window as unknown as { __inline?: number }).__inline;
  });
  expect(ran).toBeUndefined();
});

test('requests without the session token are refused', async ({ page, request }) => {
  const env = e2eEnv();
  const noToken = await request.post(`${env.online.origin}/api/library.list`, { data: {} });
  expect(noToken.status()).toBeGreaterThanOrEqual(400);
  expect(await noToken.text()).not.toContain('"documents"');
  const wrongToken = await request.post(`${env.online.origin}/api/library.list`, { data: {}, headers: { 'x-pagewise-token': 'not-the-token' } });
  expect(wrongToken.status()).toBeGreaterThanOrEqual(400);
  const file = await request.get(`${env.online.origin}/api/file/${'0'.repeat(64)}`);
  expect(file.status()).toBeGreaterThanOrEqual(400);
  const upload = await request.post(`${env.online.origin}/api/upload`, { data: Buffer.from('%PDF-1.7'), headers: { 'x-file-name': 'a.pdf' } });
  expect(upload.status()).toBeGreaterThanOrEqual(400);

  // the page opened without its token says what to do
  await page.goto(`${env.online.origin}/`);
  await expect(page.getByRole('alert').first()).toContainText(/token|address/i);
});

test('the session token leaves the address bar on first load; the page reaches the API by its cookie alone', async ({ page, context }) => {
  const env = e2eEnv();
  await openApp(page);
  // the address (and so the history entry) has no token
  expect(page.url()).not.toContain(env.online.token);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  // the token went into a cookie scripts cannot read, sent only to /api and never cross-site
  const session = (await context.cookies()).find((c) => c.name.startsWith('pagewise_session_'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
  expect(await page.evaluate(() => document.cookie)).not.toContain(env.online.token);
  // the app works, also after a reload
  await page.reload();
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  const listStatus = () => page.evaluate(async () => (await fetch('/api/library.list', { method: 'POST', body: '{}' })).status);
  expect(await listStatus()).toBe(200);
  // without the cookie (and no header) the same call is refused
  await context.clearCookies();
  expect(await listStatus()).toBe(401);
});

test('a payload that fails the schema is rejected', async ({ request }) => {
  const env = e2eEnv();
  const response = await request.post(`${env.online.origin}/api/library.search`, {
    data: { docId: 42, query: '', sneaky: true },
    headers: { 'x-pagewise-token': env.online.token },
  });
  const body = await response.text();
  expect(body).toContain('INVALID_INPUT');
  expect(body).not.toContain('"hits"');
});
