/**
 * Launches the real desktop app where an Electron binary exists (not on this
 * build machine: it cannot be downloaded here) and checks the window, the
 * locked-down renderer and the IPC round trip. Skips with a clear reason otherwise.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..', '..');

function electronBinary(): { path: string | null; why: string } {
  try {
    const pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
    const pathTxt = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathTxt)) return { path: null, why: 'the Electron binary is not installed (node_modules/electron/path.txt missing)' };
    const bin = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(bin) ? { path: bin, why: '' } : { path: null, why: `the Electron binary is missing at ${bin}` };
  } catch {
    return { path: null, why: 'the electron package is not installed' };
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

if (!binary.path || noDisplay) {
  // The list reporter does not print skip reasons: say it once, plainly.
  console.log(`Electron launch test skipped: ${binary.path ? 'no display (DISPLAY / WAYLAND_DISPLAY unset)' : binary.why}.`);
}

test('the desktop app opens a locked-down window that talks to the engine over IPC', async () => {
  test.skip(!binary.path, `Electron launch test skipped: ${binary.why}.`);
  test.skip(noDisplay, 'Electron launch test skipped: no display (DISPLAY / WAYLAND_DISPLAY unset).');
  const userData = mkdtempSync(path.join(tmpdir(), 'pw-electron-'));
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [root],
    env: { ...process.env, PAGEWISE_USER_DATA: userData },
  });
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/Pagewise/);
    const shape = await window.evaluate(() => ({
      hasBridge: typeof (window as unknown as { pagewise?: { call?: unknown } }).pagewise?.call === 'function',
      hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
      hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
    }));
    expect(shape).toEqual({ hasBridge: true, hasRequire: false, hasProcess: false });
    const info = await window.evaluate(() =>
      (window as unknown as { pagewise: { call(op: string, input: unknown): Promise<{ transport: string }> } }).pagewise.call('app.info', {}),
    );
    expect(info.transport).toBe('ipc');
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
