/**
 * The engine: one open library, the settings, the API key (through a
 * SecretStore; it never leaves this side), and factories for what the
 * analysis modules need. CLI, HTTP server and the Electron engine host each
 * create one and call it through service.dispatch. Imports no electron.
 * Browser-mode uploads are the server's (electron/server/uploads.ts); handler types are in service.ts.
 */
import packageJson from '../../package.json';
import type { Connection, PublicSettings, SettingsUpdate } from '../../shared/api';
import type { AnalysisContext } from './analysis';
import { PagewiseError } from './errors';
import type { ChatProvider } from './llm/types';
import { resolveModel, type ModelInfo } from './llm/models';
import { requireOcrLanguage } from './ocr/languages';
import { openLibrary, type Library } from './store';
import { describeConnection } from './settings/connection';
import { envSecretStore, keyOrigin, maskApiKey, type SecretStore } from './settings/secrets';
import {
  SETTINGS_KEY,
  applyUpdate,
  defaultSettings,
  mergeSettings,
  parseStoredSettings,
  type EngineSettings,
  type StoredSettings,
} from './settings/store';

export type { SecretStore } from './settings/secrets';
export type { EngineSettings } from './settings/store';

export interface EngineOptions {
  /** The SQLite library file (created with its folder when missing). */
  libraryPath: string;
  /** Where the API key lives; default: OPENAI_API_KEY from env, changes kept in memory. */
  secrets?: SecretStore;
  /** Environment for default settings (provider, base URL, model); default process.env. */
  env?: Record<string, string | undefined>;
  /** Per-session settings on top of the stored ones (CLI flags); never persisted. */
  overrides?: StoredSettings;
}

export interface Engine {
  readonly library: Library;
  readonly libraryPath: string;
  readonly version: string;
  /** Effective settings (stored over env defaults, overrides on top). No key. */
  settings(): EngineSettings;
  publicSettings(): Promise<PublicSettings>;
  /** The provider, URL and model in use, and where the key comes from (never the key). */
  connection(): Promise<Connection>;
  /** Persist an update; apiKey: string sets the key, null clears it (in the SecretStore). */
  updateSettings(update: SettingsUpdate): Promise<PublicSettings>;
  /** Session-only settings (CLI flags); merged over the stored ones, never written. */
  setOverrides(overrides: StoredSettings): void;
  /** The model row for the current settings (custom fields for unknown models). */
  model(): ModelInfo;
  /** True when no provider is configured: answers are extractive. */
  offline(): boolean;
  /**
   * What analysis needs. withProvider false (plans, fit): provider null, so a
   * missing key does not stop planning. Throws NO_PROVIDER when a provider is
   * configured but its key is missing.
   */
  analysisContext(options?: { withProvider?: boolean }): Promise<AnalysisContext>;
  close(): void;
}

export const APP_VERSION: string = packageJson.version;

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const env = options.env ?? process.env;
  const secrets = options.secrets ?? envSecretStore(env);
  const library = openLibrary(options.libraryPath);
  const defaults = defaultSettings(env);
  let stored = parseStoredSettings(library.getSetting(SETTINGS_KEY));
  let overrides: StoredSettings = options.overrides ?? {};
  let providerCache: { key: string; provider: ChatProvider | null } | null = null;
  let closed = false;

  const settings = (): EngineSettings => mergeSettings(defaults, stored, overrides);

  const model = (): ModelInfo => {
    const s = settings();
    const custom: Partial<Omit<ModelInfo, 'id'>> = {};
    if (s.customContextWindow != null) custom.contextWindow = s.customContextWindow;
    if (s.customMaxOutput != null) custom.maxOutput = s.customMaxOutput;
    if (s.customInputPricePerM != null) custom.inputPerMillion = s.customInputPricePerM;
    if (s.customOutputPricePerM != null) custom.outputPerMillion = s.customOutputPricePerM;
    return resolveModel(s.model, Object.keys(custom).length > 0 ? custom : undefined);
  };

  const publicSettings = async (): Promise<PublicSettings> => {
    const key = await secrets.get();
    return { ...settings(), hasApiKey: key !== null, apiKeyHint: maskApiKey(key) };
  };

  const provider = async (): Promise<ChatProvider | null> => {
    const s = settings();
    if (s.provider === 'none') return null;
    const apiKey = await secrets.get();
    const cacheKey = JSON.stringify([s.provider, s.model, s.baseUrl, s.azureEndpoint, s.azureDeployment, s.azureApiVersion, apiKey]);
    if (providerCache?.key === cacheKey) return providerCache.provider;
    // The openai SDK takes ~200 ms to load: only a run that calls a model pays for it.
    const { createProvider } = await import('./llm/provider');
    const created = createProvider({
      provider: s.provider,
      apiKey,
      model: s.model,
      baseUrl: s.baseUrl,
      azureEndpoint: s.azureEndpoint,
      azureDeployment: s.azureDeployment,
      azureApiVersion: s.azureApiVersion,
    });
    providerCache = { key: cacheKey, provider: created };
    return created;
  };

  const ensureOpen = () => {
    if (closed) throw new PagewiseError('INTERNAL', 'The library is closed.');
  };

  const engine: Engine = {
    library,
    libraryPath: library.path,
    version: APP_VERSION,
    settings,
    publicSettings,
    async connection() {
      const key = await secrets.get();
      return describeConnection(settings(), await keyOrigin(secrets), maskApiKey(key));
    },
    async updateSettings(update) {
      ensureOpen();
      const next = applyUpdate(stored, update);
      // Validate the combination before persisting (an unknown model needs a context window, a language its data).
      const previous = stored;
      stored = next;
      try {
        model();
        // a language is offered only when its data is installed; refuse another naming its package
        if (update.ocrLanguage !== undefined) requireOcrLanguage(update.ocrLanguage);
      } catch (error) {
        stored = previous;
        throw error;
      }
      library.setSetting(SETTINGS_KEY, JSON.stringify(stored));
      if (update.apiKey === null) await secrets.clear();
      else if (typeof update.apiKey === 'string') await secrets.set(update.apiKey);
      providerCache = null;
      return publicSettings();
    },
    setOverrides(next) {
      overrides = { ...next };
      providerCache = null;
    },
    model,
    offline: () => settings().provider === 'none',
    async analysisContext(opts) {
      ensureOpen();
      const s = settings();
      return {
        library,
        provider: opts?.withProvider === false ? null : await provider(),
        model: model(),
        settings: { answerReserveTokens: s.answerReserveTokens, budgetTokens: s.budgetTokens, concurrency: s.concurrency },
      };
    },
    close() {
      if (closed) return;
      closed = true;
      library.close();
    },
  };
  return engine;
}
