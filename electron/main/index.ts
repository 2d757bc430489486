/**
 * Electron main: windows, menu, dialogs, safeStorage, and relaying the API to
 * the engine host (a utilityProcess). Kept thin on purpose: the engine, its
 * validation and its errors live in electron/core; this file only wires.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
  type MenuItemConstructorOptions,
  type UtilityProcess,
} from 'electron';
import { IPC_MENU_CHANNEL, type MenuCommand, type OpOutput } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { EngineClient } from './engine-client';
import type { HostReply } from './engine-protocol';
import { APP_ORIGIN, bindIpcApi, isAppUrl, type Backend } from './ipc-adapter';
import { memorySecretStore, type SecretStore } from '../core/settings/secrets';
import { keyStorageStatus, type KeyStorageStatus } from './key-storage';
import { safeStorageSecretStore } from './secret-file';
import { loadWindowState, saveWindowState } from './window-state';

const here = fileURLToPath(new URL('.', import.meta.url)); // dist/node/
const PRELOAD = join(here, 'preload.cjs');
const ENGINE_HOST = join(here, 'engine-host.js');
const RENDERER_DIR = resolve(app.getAppPath(), 'dist', 'renderer');

// Tests and portable setups may point the profile (library, key, window state) elsewhere.
if (process.env.PAGEWISE_USER_DATA) app.setPath('userData', process.env.PAGEWISE_USER_DATA);

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  const userData = app.getPath('userData');
  // How the key may be kept is known once the app is ready (safeStorage needs it): key-storage.ts
  let keyStorage: KeyStorageStatus | null = null;
  let secrets: SecretStore = memorySecretStore();
  async function initKeyStorage(): Promise<void> {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
    keyStorage = keyStorageStatus(process.platform, available, backend);
    secrets = safeStorageSecretStore(safeStorage, join(userData, 'api-key.bin'), keyStorage, process.env);
  }
  const withKeyStorage = (result: unknown): unknown =>
    keyStorage && result && typeof result === 'object' ? { ...result, keyStorage } : result;
  let host: UtilityProcess | null = null;
  const engine = new EngineClient({ postMessage: () => undefined });

  async function startHost(): Promise<void> {
    const child = utilityProcess.fork(ENGINE_HOST, [], { serviceName: 'Pagewise engine', stdio: 'inherit' });
    host = child;
    engine.reset({ postMessage: (message) => child.postMessage(message) }, 'The engine restarted; try again.');
    child.on('message', (message: HostReply) => {
      if (message.type === 'fatal') dialog.showErrorBox('Pagewise cannot open its library', message.message);
      engine.receive(message);
    });
    child.on('exit', (code) => {
      if (host !== child) return;
      host = null;
      engine.reset({ postMessage: () => undefined }, `The engine stopped (exit code ${code}).`);
      // Restart for the next call unless we are quitting.
      if (!quitting) void startHost();
    });
    child.postMessage({ type: 'init', libraryPath: join(userData, 'library.db'), apiKey: await secrets.get() });
  }

  // ---- the API: engine ops relayed to the host, shell ops here ----
  const engineBackend: Backend = async ({ op, input, signal, onEvent }) => {
    if (op === 'settings.update') {
      const { apiKey } = input as { apiKey?: string | null };
      // The engine validates the whole update first; only then is the key stored (encrypted in userData,
      // or for this session only where the OS would not protect it: keyStorage says which).
      const result = await engine.call(op, input, { signal, onEvent });
      if (typeof apiKey === 'string') await secrets.set(apiKey);
      else if (apiKey === null) await secrets.clear();
      return withKeyStorage(result);
    }
    if (op === 'settings.get') return withKeyStorage(await engine.call(op, input, { signal, onEvent }));
    return engine.call(op, input, { signal, onEvent });
  };

  const shellBackend: Backend = async ({ op, input }) => {
    const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
    if (op === 'shell.openPdfDialog') {
      const options = { title: 'Open PDF', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[], filters: [{ name: 'PDF documents', extensions: ['pdf'] }] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return { paths: result.canceled ? [] : result.filePaths } satisfies OpOutput<'shell.openPdfDialog'>;
    }
    if (op === 'shell.saveExport') {
      const file = (await engine.call('export.render', input)) as OpOutput<'export.render'>;
      const options = { title: 'Export', defaultPath: join(app.getPath('documents'), file.fileName) };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { saved: false, path: null } satisfies OpOutput<'shell.saveExport'>;
      await writeFile(result.filePath, Buffer.from(file.dataBase64, 'base64'));
      return { saved: true, path: result.filePath } satisfies OpOutput<'shell.saveExport'>;
    }
    throw { code: 'INVALID_INPUT', message: `"${op}" is not a shell operation.` };
  };

  // ---- app:// : the built renderer and the stored PDFs ----
  const CONTENT_TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
    '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
    '.woff2': 'font/woff2', '.wasm': 'application/wasm', '.map': 'application/json',
  };
  const securityHeaders = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };

  async function serveApp(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.host !== 'pagewise') return new Response('Not found', { status: 404 });
    const fileMatch = /^\/file\/([0-9a-f]{64})$/.exec(url.pathname);
    if (fileMatch) {
      const path = await engine.filePath(fileMatch[1]!);
      if (!path) return new Response('Not found', { status: 404, headers: securityHeaders });
      const size = (await stat(path)).size;
      const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream;
      return new Response(body, { headers: { ...securityHeaders, 'content-type': 'application/pdf', 'content-length': String(size) } });
    }
    let target = resolve(join(RENDERER_DIR, normalize(decodeURIComponent(url.pathname))));
    if (target !== RENDERER_DIR && !target.startsWith(RENDERER_DIR + sep)) return new Response('Forbidden', { status: 403 });
    const isFile = await stat(target).then((s) => s.isFile(), () => false);
    if (!isFile) {
      if (extname(target)) return new Response('Not found', { status: 404, headers: securityHeaders });
      target = join(RENDERER_DIR, 'index.html');
    }
    const data = await readFile(target);
    return new Response(data, { headers: { ...securityHeaders, 'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream' } });
  }

  // ---- window, navigation, menu ----
  function sendMenu(command: MenuCommand): void {
    const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
    win?.webContents.send(IPC_MENU_CHANNEL, command);
  }

  function buildMenu(): void {
    const isMac = process.platform === 'darwin';
    const template: MenuItemConstructorOptions[] = [
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      {
        label: 'File',
        submenu: [
          { label: 'Open PDF…', accelerator: 'CmdOrCtrl+O', click: () => sendMenu('open-file') },
          { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => sendMenu('settings') },
          { type: 'separator' },
          isMac ? { role: 'close' } : { role: 'quit' },
        ],
      },
      { role: 'editMenu' },
      {
        label: 'View',
        submenu: [
          { label: 'Find in Document', accelerator: 'CmdOrCtrl+F', click: () => sendMenu('find') },
          { label: 'Toggle Bookmarks', accelerator: 'CmdOrCtrl+B', click: () => sendMenu('toggle-panel') },
          { type: 'separator' },
          { role: 'reload' },
          { role: 'toggleDevTools' },
          { type: 'separator' },
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { type: 'separator' },
          { role: 'togglefullscreen' },
        ],
      },
      { role: 'windowMenu' },
      { role: 'help', submenu: [{ label: 'Pagewise on the web', click: () => void shell.openExternal('https://github.com/') }] },
    ];
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  function isSafeExternal(url: string): boolean {
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
    } catch {
      return false;
    }
  }

  function createWindow(): void {
    const stateFile = join(userData, 'window-state.json');
    const state = loadWindowState(stateFile);
    const win = new BrowserWindow({
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Pagewise',
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    mainWindow = win;
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    const remember = () => {
      if (win.isDestroyed()) return;
      saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    };
    win.on('close', remember);
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(`${APP_ORIGIN}/index.html`);
  }

  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
    host?.kill();
  });

  app.on('web-contents-created', (_event, contents) => {
    // No navigation away from our page; links open in the system browser after a check.
    contents.on('will-navigate', (navEvent, url) => {
      if (isAppUrl(url)) return;
      navEvent.preventDefault();
      if (isSafeExternal(url)) void shell.openExternal(url);
    });
    contents.on('will-redirect', (navEvent, url) => {
      if (!isAppUrl(url)) navEvent.preventDefault();
    });
    contents.on('will-attach-webview', (attachEvent) => attachEvent.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    protocol.handle('app', (request) => serveApp(request).catch(() => new Response('Error', { status: 500 })));
    bindIpcApi(ipcMain, { isTrustedUrl: isAppUrl, engine: engineBackend, shell: shellBackend });
    buildMenu();
    await initKeyStorage();
    await startHost();
    createWindow();
  });
}
