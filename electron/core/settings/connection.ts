/**
 * What the engine really talks to: the provider, the URL requests go to (with
 * OPENAI_BASE_URL or a setting applied), the model, and where the key came
 * from. Settings, `npm start` and `pagewise serve` all read this one answer.
 */
import type { Connection, KeySource } from '../../../shared/api/settings';
import { DEFAULT_OPENAI_BASE_URL } from '../llm/endpoints';
import type { EngineSettings } from './store';

export interface KeyOrigin {
  source: KeySource;
  /** e.g. "OPENAI_API_KEY" when source is "environment" */
  variable: string | null;
}

const LABELS: Record<EngineSettings['provider'], string> = {
  none: 'None (offline)',
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  compatible: 'OpenAI-compatible',
};

export const OFFLINE_LINE = 'offline (no key): extractive answers; set OPENAI_API_KEY or open Settings';

function withoutTrailingSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The base URL the provider's client is created with (see llm/provider.ts). */
export function providerUrl(settings: EngineSettings): string | null {
  switch (settings.provider) {
    case 'none':
      return null;
    case 'openai':
      return withoutTrailingSlash(settings.baseUrl?.trim() || DEFAULT_OPENAI_BASE_URL);
    case 'azure':
      return settings.azureEndpoint?.trim() ? `${withoutTrailingSlash(settings.azureEndpoint)}/openai` : null;
    case 'compatible':
      return settings.baseUrl?.trim() ? withoutTrailingSlash(settings.baseUrl) : null;
  }
}

function keyWords(origin: KeyOrigin): string {
  if (origin.source === 'environment') return `key from ${origin.variable ?? 'the environment'}`;
  if (origin.source === 'keychain') return 'key stored in the OS keychain';
  if (origin.source === 'session') return 'key stored for this session';
  return 'no API key';
}

export function describeConnection(settings: EngineSettings, origin: KeyOrigin, keyHint: string | null): Connection {
  const url = providerUrl(settings);
  const keyRequired = settings.provider === 'openai' || settings.provider === 'azure';
  let summary: string;
  if (settings.provider === 'none') {
    summary = origin.source === 'none' ? OFFLINE_LINE : 'offline (Settings: no provider): extractive answers; choose a provider in Settings';
  } else {
    const key = origin.source === 'none' && !keyRequired ? 'no key' : keyWords(origin);
    const missing = origin.source === 'none' && keyRequired ? '; set OPENAI_API_KEY or open Settings' : '';
    summary = `Provider: ${LABELS[settings.provider]} — ${url ?? 'no URL set'} · model ${settings.model} · ${key}${missing}`;
  }
  return {
    provider: settings.provider,
    providerLabel: LABELS[settings.provider],
    url,
    model: settings.model,
    keySource: origin.source,
    keyVariable: origin.source === 'environment' ? origin.variable : null,
    keyHint: origin.source === 'none' ? null : keyHint,
    keyRequired,
    summary,
  };
}
