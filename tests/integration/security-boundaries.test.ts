/**
 * Security boundaries of the desktop shell and browser mode that are not
 * covered by the server and IPC tests: the engine imports no window code, the
 * preload exposes one object, the window's webPreferences stay locked, the
 * server binds loopback only, the token check, the API key at rest.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/core/engine';
import { memorySecretStore } from '../../electron/core/settings/secrets';
import { keyStorageStatus } from '../../electron/main/key-storage';
import { safeStorageSecretStore, type SafeStorageLike } from '../../electron/main/secret-file';
import { startServer } from '../../electron/server';
import { CONTENT_SECURITY_POLICY, hostAllowed, originAllowed, tokensEqual } from '../../electron/server/security';

const root = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-security-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('layers', () => {
  it('the engine (electron/core) imports neither electron, React, the server nor the shell', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(root, 'electron', 'core'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = match[1]!;
        if (/^electron(\/|$)|^react(-dom)?(\/|$)|\/(server|main|preload|cli|renderer)(\/|$)/.test(spec)) offenders.push(`${path.relative(root, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('desktop shell', () => {
  it('the preload exposes exactly one object, window.pagewise, and never ipcRenderer itself', () => {
    const source = readFileSync(path.join(root, 'electron', 'preload', 'index.ts'), 'utf8');
    const exposures = [...source.matchAll(/exposeInMainWorld\(\s*['"]([^'"]+)['"]\s*,\s*(\w+)/g)];
    expect(exposures.map((m) => m[1])).toEqual(['pagewise']);
    expect(exposures[0]![2]).toBe('bridge');
    const bridge = source.slice(source.indexOf('const bridge = {'));
    expect(bridge).not.toMatch(/ipcRenderer\s*[,}]/);
    expect(bridge).not.toMatch(/\brequire\b|process\./);
    // The built preload is one CommonJS file with only electron external (sandbox requirement).
    const built = path.join(root, 'dist', 'node', 'preload.cjs');
    if (existsSync(built)) {
      const requires = [...readFileSync(built, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      expect(new Set(requires)).toEqual(new Set(['electron']));
    }
  });

  it('the window keeps contextIsolation, sandbox and webSecurity on and Node off; navigation and popups are denied', () => {
    const main = readFileSync(path.join(root, 'electron', 'main', 'index.ts'), 'utf8');
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', 'webviewTag: false']) {
      expect(main).toContain(setting);
    }
    expect(main).toContain("return { action: 'deny' }");
    expect(main).toMatch(/will-navigate[\s\S]*preventDefault/);
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toContain('utilityProcess.fork');
  });

  it('the renderer page carries the CSP as a meta tag too', () => {
    const html = readFileSync(path.join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("script-src 'self'");
    expect(meta).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('stores the API key encrypted (safeStorage), and only in memory where the OS would not protect it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'api-key.bin');
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const safeStorage: SafeStorageLike = {
      encryptStringAsync: async (text) => xor(Buffer.from(text, 'utf8')),
      decryptStringAsync: async (data) => ({ result: xor(data).toString('utf8'), shouldReEncrypt: false }),
    };
    const store = safeStorageSecretStore(safeStorage, file, keyStorageStatus('darwin', true, null));
    await store.set('sk-live-secret-1234567890');
    expect(readFileSync(file).toString('utf8')).not.toContain('sk-live');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(await store.get()).toBe('sk-live-secret-1234567890');
    await store.clear();
    expect(await store.get()).toBeNull();

    // Linux without a keyring (basic_text): kept for the session, never written
    const other = path.join(dir, 'other.bin');
    const plain = safeStorageSecretStore(safeStorage, other, keyStorageStatus('linux', true, 'basic_text'));
    await plain.set('sk-live-secret-1234567890');
    expect(await plain.get()).toBe('sk-live-secret-1234567890');
    expect(existsSync(other)).toBe(false);
  });
});

describe('browser mode', () => {
  it('listens on the loopback interface only', async () => {
    const dir = tempDir();
    const engine = await createEngine({ libraryPath: path.join(dir, 'library.db'), secrets: memorySecretStore(), env: {} });
    try {
      await expect(startServer({ engine, host: '0.0.0.0', port: 0, staticDir: dir })).rejects.toThrow(/loopback/);
      const server = await startServer({ engine, port: 0, staticDir: dir });
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      await server.close();
    } finally {
      engine.close();
    }
  });

  it('compares tokens exactly and checks Host and Origin', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4001', 4000)).toBe(false);
    expect(hostAllowed('127.0.0.1.evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed(undefined, 4000)).toBe(false);
    expect(originAllowed(undefined, 4000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(originAllowed('null', 4000)).toBe(false);
    expect(originAllowed('https://evil.example', 4000)).toBe(false);
  });
});
