/**
 * Settings persisted in the library's settings table (key "settings"), as a
 * partial object over defaults derived from the environment. Only fields the
 * user changed are stored, so a new env default still applies to the rest.
 */
import * as z from '../../../shared/api/zod';
import { DEFAULTS } from '../../../shared/api/defaults';
import { PublicSettingsSchema, type PublicSettings } from '../../../shared/api/domain';
import type { SettingsUpdate } from '../../../shared/api/settings';

export type EngineSettings = Omit<PublicSettings, 'hasApiKey' | 'apiKeyHint'>;
export type StoredSettings = Partial<EngineSettings>;

export const SETTINGS_KEY = 'settings';

// The persisted fields are the public settings minus what describes the key. Built on first use:
// a library with nothing stored (and every CLI start) never needs it.
let storedSettingsSchema: ReturnType<typeof buildStoredSettingsSchema> | undefined;
function buildStoredSettingsSchema() {
  const persisted = z.omit(z.unwrapLazy(PublicSettingsSchema), { hasApiKey: true, apiKeyHint: true });
  return z.partial(z.extend(persisted, { model: z.string().check(z.minLength(1)) }));
}

/**
 * Defaults: OPENAI_API_KEY set -> provider 'openai' (OPENAI_BASE_URL as its base URL);
 * only OPENAI_BASE_URL set -> 'compatible' (local servers need no key); neither -> 'none'
 * (offline extractive). PAGEWISE_MODEL / OPENAI_MODEL choose the model.
 */
export function defaultSettings(env: Record<string, string | undefined>): EngineSettings {
  const key = env.OPENAI_API_KEY?.trim();
  const baseUrl = env.OPENAI_BASE_URL?.trim() || null;
  const provider = key ? 'openai' : baseUrl ? 'compatible' : 'none';
  return {
    provider,
    model: env.PAGEWISE_MODEL?.trim() || env.OPENAI_MODEL?.trim() || DEFAULTS.model,
    baseUrl,
    azureEndpoint: null,
    azureDeployment: null,
    azureApiVersion: null,
    customContextWindow: null,
    customMaxOutput: null,
    customInputPricePerM: null,
    customOutputPricePerM: null,
    answerReserveTokens: DEFAULTS.answerReserveTokens,
    budgetTokens: null,
    concurrency: DEFAULTS.concurrency,
    ocrMode: DEFAULTS.ocrMode,
    visionDetail: DEFAULTS.visionDetail,
    ocrLanguage: DEFAULTS.ocrLanguage,
  };
}

/** Parse what is stored; a corrupt value is ignored field by field (never blocks the app). */
export function parseStoredSettings(raw: string | null): StoredSettings {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null) return {};
  const out: Record<string, unknown> = {};
  const shape = (storedSettingsSchema ??= buildStoredSettingsSchema()).shape;
  for (const [field, value] of Object.entries(json)) {
    if (!(field in shape)) continue;
    const schema = shape[field as keyof typeof shape];
    const parsed = schema.safeParse(value);
    if (parsed.success && parsed.data !== undefined) out[field] = parsed.data;
  }
  return out as StoredSettings;
}

/** Apply an update (without the key) to what is stored; undefined fields stay. */
export function applyUpdate(stored: StoredSettings, update: SettingsUpdate): StoredSettings {
  const next: Record<string, unknown> = { ...stored };
  for (const [field, value] of Object.entries(update)) {
    if (field === 'apiKey' || value === undefined) continue;
    next[field] = value;
  }
  return next as StoredSettings;
}

export function mergeSettings(...layers: StoredSettings[]): EngineSettings {
  const [base, ...rest] = layers;
  const out: Record<string, unknown> = { ...base };
  for (const layer of rest) for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  return out as EngineSettings;
}
