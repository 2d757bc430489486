/**
 * Where the API key lives. The engine reads it through this interface only;
 * it never appears in PublicSettings, events, errors or logs.
 * Implementations: memory (tests), env (CLI, browser mode: OPENAI_API_KEY,
 * overridable for the session), and in Electron main a safeStorage-encrypted
 * file (electron/main/secret-file.ts) whose value is handed to the engine host.
 */
import type { KeyOrigin } from './connection';
export interface SecretStore {
  get(): Promise<string | null>;
  set(apiKey: string): Promise<void>;
  clear(): Promise<void>;
  /** Where the current key comes from (shown in Settings; never the key). Stores without it count as "session". */
  origin?(): Promise<KeyOrigin>;
}

/**
 * Holds the key in memory only. `initialOrigin` says where the first value came
 * from (the environment, or main's keychain in the desktop app); a key set later
 * is this session's.
 */
export function memorySecretStore(initial: string | null = null, initialOrigin: KeyOrigin = { source: 'session', variable: null }): SecretStore {
  return inMemoryStore(initial, initialOrigin, { source: 'session', variable: null });
}

/** A key in memory: the first from `initialOrigin`, one set later from `setOrigin`. */
function inMemoryStore(initial: string | null, initialOrigin: KeyOrigin, setOrigin: KeyOrigin): SecretStore {
  let value = initial?.trim() || null;
  let origin: KeyOrigin = value ? initialOrigin : NO_KEY;
  return {
    async get() {
      return value;
    },
    async set(apiKey) {
      value = apiKey.trim() || null;
      origin = value ? setOrigin : NO_KEY;
    },
    async clear() {
      value = null;
      origin = NO_KEY;
    },
    async origin() {
      return origin;
    },
  };
}

const NO_KEY: KeyOrigin = { source: 'none', variable: null };

/**
 * The key from OPENAI_API_KEY (or AZURE_OPENAI_API_KEY); set/clear change it
 * for this process only (nothing is written to disk).
 */
export function envSecretStore(env: Record<string, string | undefined>): SecretStore {
  const variable = env.OPENAI_API_KEY?.trim() ? 'OPENAI_API_KEY' : env.AZURE_OPENAI_API_KEY?.trim() ? 'AZURE_OPENAI_API_KEY' : null;
  return memorySecretStore(variable ? (env[variable]?.trim() ?? null) : null, { source: 'environment', variable });
}

/**
 * A copy of a key that another process keeps (Electron main's keychain file), with that store's origin.
 * A key set later in Settings reaches it through settings.update, like any other store.
 */
export function relayedSecretStore(apiKey: string | null, origin: KeyOrigin): SecretStore {
  // the desktop app's main process writes a key set in Settings to the OS keychain
  return inMemoryStore(apiKey, origin, { source: 'keychain', variable: null });
}

/** Where a store's key comes from; a store that cannot tell has a key for this session or none. */
export async function keyOrigin(store: SecretStore): Promise<KeyOrigin> {
  if (store.origin) return store.origin();
  return (await store.get()) ? { source: 'session', variable: null } : NO_KEY;
}

/** "sk-…abcd" for display; never enough to use. */
export function maskApiKey(apiKey: string | null): string | null {
  if (!apiKey) return null;
  if (apiKey.length < 12) return '…' + '•'.repeat(4);
  const prefix = apiKey.startsWith('sk-') ? 'sk-' : apiKey.slice(0, 2);
  return `${prefix}…${apiKey.slice(-4)}`;
}
