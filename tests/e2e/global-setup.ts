/**
 * Starts what the end-to-end suite drives: the fake OpenAI server, browser
 * mode (`pagewise serve`) twice — online against the fake, and offline (no
 * provider) — each with its own temporary library, and writes the fixture
 * PDFs. Hands URLs and paths to the tests through PAGEWISE_E2E.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { startFakeOpenAI } from '../fake-openai/server';
import { makeContractPdf, makeEncryptedPdf, makeLargePdf, makeTextPdf } from '../fixtures/make-fixtures';
import { ENV_KEY, LARGE_PAGES, XSS_SENTENCE, type E2EEnv, type E2EServer } from './support/env';

const ROOT = resolve(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const index = join(ROOT, 'dist', 'renderer', 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'renderer', 'src')),
    newestMtime(join(ROOT, 'shared')),
    statSync(join(ROOT, 'renderer', 'index.html')).mtimeMs,
    statSync(join(ROOT, 'renderer', 'vite.config.ts')).mtimeMs,
  );
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  // esbuild: about a second; keeps dist/node (the `pagewise` CLI) in step with the sources
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('OPENAI_') || key.startsWith('PAGEWISE_') || key.startsWith('AZURE_')) delete env[key];
  return env;
}

async function spawnServe(command: string[], dbPath: string, env: Record<string, string | undefined>, children: ChildProcess[]): Promise<E2EServer> {
  const child = spawn(process.execPath, [...command, '--db', dbPath], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`pagewise serve printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /Pagewise is running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pagewise serve exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const parsed = new URL(url);
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', dbPath };
}

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  buildIfNeeded();
  const tmp = join(ROOT, 'tests', '.tmp', `e2e-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });

  // Fixtures
  const fixtures = {
    contract: join(tmp, 'lease-agreement.pdf'),
    security: join(tmp, 'vendor-notes.pdf'),
    large: join(tmp, 'annual-report.pdf'),
    corrupt: join(tmp, 'damaged-scan.pdf'),
    encrypted: join(tmp, 'board-minutes.pdf'),
    encryptedPassword: 'open-sesame',
  };
  writeFileSync(fixtures.contract, await makeContractPdf());
  writeFileSync(
    fixtures.security,
    await makeTextPdf({
      title: 'Vendor Portal Notes',
      pages: [
        'VENDOR PORTAL NOTES\n\nThese notes record how the supplier portal behaves for external vendors.',
        `Banner field\n${XSS_SENTENCE} The field is stored as entered.`,
      ],
    }),
  );
  writeFileSync(fixtures.large, await makeLargePdf(LARGE_PAGES, { title: 'Annual Report 2025' }));
  // A PDF header followed by garbage: no xref, no objects.
  writeFileSync(fixtures.corrupt, Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nthis is not a pdf body\n', 'latin1'));
  writeFileSync(fixtures.encrypted, await makeEncryptedPdf(fixtures.encryptedPassword));

  const fake = await startFakeOpenAI({
    chunkDelayMs: 25,
    models: { 'test-8k': { contextWindow: 8192, maxOutput: 2048 } },
  });

  const children: ChildProcess[] = [];
  const onlineEnv = { ...baseEnv(), OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl };
  const offlineEnv = baseEnv();
  const onlineDb = join(tmp, 'online', 'library.db');
  const offlineDb = join(tmp, 'offline', 'library.db');
  const cli = [join(ROOT, 'dist', 'node', 'pagewise.cjs'), 'serve', '--port', '0'];
  let online: E2EServer;
  let offline: E2EServer;
  let screens: E2EServer;
  try {
    online = await spawnServe(cli, onlineDb, onlineEnv, children);
    offline = await spawnServe(cli, offlineDb, offlineEnv, children);
    screens = await spawnServe(cli, join(tmp, 'screens', 'library.db'), onlineEnv, children);
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await fake.close().catch(() => undefined);
    throw error;
  }

  const env: E2EEnv = { online, offline, screens, fakeOrigin: fake.origin, fixtures };
  process.env[ENV_KEY] = JSON.stringify(env);
  writeFileSync(join(tmp, 'e2e-env.json'), JSON.stringify(env, null, 2));

  return async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              done();
            }, 5_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await fake.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  };
}
