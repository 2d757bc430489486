/**
 * The API key encrypted with Electron safeStorage (OS keychain / DPAPI /
 * libsecret) in a file under userData, through the asynchronous safeStorage API
 * (the synchronous one is deprecated in Electron 45). When the key would not be
 * protected by the OS (key-storage.ts: no encryption, or Linux's basic_text
 * backend) it is kept in memory for this session only and nothing is written.
 * Lives in main only; the engine host receives the key over its private
 * channel, the renderer never does.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from '../core/settings/secrets';
import type { KeyStorageStatus } from './key-storage';

/** The part of Electron's safeStorage used here (tests pass their own). */
export interface SafeStorageLike {
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export function safeStorageSecretStore(
  safeStorage: SafeStorageLike,
  file: string,
  status: KeyStorageStatus,
  env: Record<string, string | undefined> = {},
): SecretStore {
  const fromEnv = env.OPENAI_API_KEY?.trim() || null;
  let sessionKey: string | null = null;

  const write = async (apiKey: string): Promise<void> => {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    writeFileSync(temp, await safeStorage.encryptStringAsync(apiKey), { mode: 0o600 });
    renameSync(temp, file);
    chmodSync(file, 0o600);
  };

  return {
    async get() {
      if (sessionKey) return sessionKey;
      if (!existsSync(file)) return fromEnv;
      if (status.sessionOnly) {
        // stored earlier without the OS's protection: use it this session, and leave no copy on disk
        sessionKey = await safeStorage.decryptStringAsync(readFileSync(file)).then((d) => d.result || null, () => null);
        rmSync(file, { force: true });
        return sessionKey ?? fromEnv;
      }
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(readFileSync(file));
        // the OS rotated its key (or offers a better one): store the key again under it
        if (result && shouldReEncrypt) await write(result).catch(() => undefined);
        return result || fromEnv;
      } catch {
        return fromEnv;
      }
    },
    async set(apiKey) {
      const key = apiKey.trim();
      if (status.sessionOnly) {
        sessionKey = key || null;
        // a copy stored earlier without the OS's protection goes: this key replaces it
        rmSync(file, { force: true });
        return;
      }
      await write(key);
    },
    async clear() {
      sessionKey = null;
      rmSync(file, { force: true });
    },
  };
}
