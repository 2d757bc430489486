// Where the desktop app may keep the API key (pure decision, from what safeStorage reports), and the
// secret file that follows it. Electron cannot run here: safeStorage is a stand-in with its shape.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyStorageStatus } from './key-storage';
import { safeStorageSecretStore, type SafeStorageLike } from './secret-file';

describe('keyStorageStatus', () => {
  it('keeps the key on disk where the OS protects it', () => {
    for (const [platform, backend] of [['darwin', null], ['win32', null], ['linux', 'gnome_libsecret'], ['linux', 'kwallet6']] as const) {
      expect(keyStorageStatus(platform, true, backend)).toEqual({ protectedByOs: true, sessionOnly: false, notice: null });
    }
  });

  it('Linux with basic_text: not protected by the OS, session only, and says what to do', () => {
    const status = keyStorageStatus('linux', true, 'basic_text');
    expect(status.protectedByOs).toBe(false);
    expect(status.sessionOnly).toBe(true);
    expect(status.notice).toMatch(/No keyring is running.*this session only.*GNOME Keyring or KWallet.*OPENAI_API_KEY/);
  });

  it('no encryption at all (or a backend not known yet): session only', () => {
    expect(keyStorageStatus('win32', false, null)).toMatchObject({ protectedByOs: false, sessionOnly: true, notice: expect.stringMatching(/no secure storage/) });
    expect(keyStorageStatus('linux', true, 'unknown')).toMatchObject({ sessionOnly: true });
  });
});

describe('safeStorageSecretStore', () => {
  let dir: string;
  let file: string;
  const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
  let reEncrypt = false;
  const safeStorage: SafeStorageLike = {
    encryptStringAsync: async (text) => xor(Buffer.from(`v2:${text}`, 'utf8')),
    decryptStringAsync: async (data) => {
      const text = xor(data).toString('utf8');
      return { result: text.replace(/^v\d:/, ''), shouldReEncrypt: reEncrypt && text.startsWith('v1:') };
    },
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-key-'));
    file = path.join(dir, 'api-key.bin');
    reEncrypt = false;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-encrypts a stored key when safeStorage says the OS key changed', async () => {
    writeFileSync(file, xor(Buffer.from('v1:sk-old-key-0000000000', 'utf8')));
    reEncrypt = true;
    const store = safeStorageSecretStore(safeStorage, file, keyStorageStatus('darwin', true, null));
    expect(await store.get()).toBe('sk-old-key-0000000000');
    expect(xor(readFileSync(file)).toString('utf8')).toBe('v2:sk-old-key-0000000000');
  });

  it('session only: a key stored earlier without protection is used this session and removed from disk', async () => {
    writeFileSync(file, xor(Buffer.from('v1:sk-old-key-0000000000', 'utf8')));
    const store = safeStorageSecretStore(safeStorage, file, keyStorageStatus('linux', true, 'basic_text'), { OPENAI_API_KEY: 'sk-env' });
    expect(await store.get()).toBe('sk-old-key-0000000000');
    expect(existsSync(file)).toBe(false);
    await store.clear();
    expect(await store.get()).toBe('sk-env');
  });
});
