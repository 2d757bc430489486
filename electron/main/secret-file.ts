/**
 * The API key encrypted with Electron safeStorage (OS keychain / DPAPI /
 * libsecret) in a file under userData. Lives in main only; the engine host
 * receives the key over its private channel, the renderer never does.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PagewiseError } from '../core/errors';
import type { SecretStore } from '../core/settings/secrets';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageSecretStore(safeStorage: SafeStorageLike, file: string, env: Record<string, string | undefined> = {}): SecretStore {
  const fromEnv = env.OPENAI_API_KEY?.trim() || null;
  return {
    async get() {
      if (!existsSync(file)) return fromEnv;
      try {
        if (!safeStorage.isEncryptionAvailable()) return fromEnv;
        return safeStorage.decryptString(readFileSync(file)) || null;
      } catch {
        return fromEnv;
      }
    },
    async set(apiKey) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new PagewiseError(
          'INVALID_INPUT',
          'This system offers no secure storage for the API key (no keychain / libsecret). Set OPENAI_API_KEY in the environment instead.',
        );
      }
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.tmp`;
      writeFileSync(temp, safeStorage.encryptString(apiKey.trim()), { mode: 0o600 });
      renameSync(temp, file);
      chmodSync(file, 0o600);
    },
    async clear() {
      rmSync(file, { force: true });
    },
    async origin() {
      // the same order as get(): the keychain file first, then the environment
      if (existsSync(file) && safeStorage.isEncryptionAvailable()) {
        try {
          if (safeStorage.decryptString(readFileSync(file))) return { source: 'keychain', variable: null };
        } catch {
          // unreadable: get() falls back to the environment too
        }
      }
      return fromEnv ? { source: 'environment', variable: 'OPENAI_API_KEY' } : { source: 'none', variable: null };
    },
  };
}
