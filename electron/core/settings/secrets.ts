/**
 * Where the API key lives. The engine reads it through this interface only;
 * it never appears in PublicSettings, events, errors or logs.
 * Implementations: memory (tests), env (CLI, browser mode: OPENAI_API_KEY,
 * overridable for the session), and in Electron main a safeStorage-encrypted
 * file (electron/main/secret-file.ts) whose value is handed to the engine host.
 */
export interface SecretStore {
  get(): Promise<string | null>;
  set(apiKey: string): Promise<void>;
  clear(): Promise<void>;
}

/** Holds the key in memory only. */
export function memorySecretStore(initial: string | null = null): SecretStore {
  let value = initial && initial.trim() ? initial.trim() : null;
  return {
    async get() {
      return value;
    },
    async set(apiKey) {
      value = apiKey.trim() || null;
    },
    async clear() {
      value = null;
    },
  };
}

/**
 * The key from OPENAI_API_KEY (or AZURE_OPENAI_API_KEY); set/clear change it
 * for this process only (nothing is written to disk).
 */
export function envSecretStore(env: Record<string, string | undefined>): SecretStore {
  const fromEnv = env.OPENAI_API_KEY?.trim() || env.AZURE_OPENAI_API_KEY?.trim() || null;
  return memorySecretStore(fromEnv);
}

/** "sk-…abcd" for display; never enough to use. */
export function maskApiKey(apiKey: string | null): string | null {
  if (!apiKey) return null;
  if (apiKey.length < 12) return '…' + '•'.repeat(4);
  const prefix = apiKey.startsWith('sk-') ? 'sk-' : apiKey.slice(0, 2);
  return `${prefix}…${apiKey.slice(-4)}`;
}
