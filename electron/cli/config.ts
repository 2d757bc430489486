/**
 * CLI settings for one run: the config file (JSON, same fields as the app's
 * settings) and then flags on top. Neither is saved to the library.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '../../shared/api/defaults';
import { PagewiseError } from '../core/errors';
import { homeDirectory } from '../core/runtime/builtins';
import { parseStoredSettings, type StoredSettings } from '../core/settings/store';
import { intOption, type OptionValues, stringOption } from './command';

export function defaultConfigPath(env: Record<string, string | undefined>): string {
  if (env.PAGEWISE_CONFIG) return env.PAGEWISE_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homeDirectory(), '.config');
  return join(base, 'pagewise', 'config.json');
}

export function settingsOverrides(options: OptionValues, env: Record<string, string | undefined>): StoredSettings {
  const explicit = stringOption(options, 'config');
  const path = explicit ?? defaultConfigPath(env);
  let fromFile: StoredSettings = {};
  if (existsSync(path)) {
    const raw = readFileSync(path, 'utf8');
    try {
      JSON.parse(raw);
    } catch {
      throw new PagewiseError('INVALID_INPUT', `The config file ${path} is not valid JSON.`);
    }
    fromFile = parseStoredSettings(raw);
  } else if (explicit) {
    throw new PagewiseError('INVALID_INPUT', `The config file ${path} does not exist.`);
  }
  const flags: StoredSettings = {};
  const model = stringOption(options, 'model');
  if (model) flags.model = model;
  const provider = stringOption(options, 'provider');
  if (provider) {
    if (!['none', 'openai', 'azure', 'compatible'].includes(provider)) {
      throw new PagewiseError('INVALID_INPUT', `--provider must be none, openai, azure or compatible, got "${provider}".`);
    }
    flags.provider = provider as StoredSettings['provider'];
  }
  const baseUrl = stringOption(options, 'base-url');
  if (baseUrl) {
    flags.baseUrl = baseUrl;
    flags.provider ??= 'compatible';
  }
  const reserve = intOption(options, 'reserve', 256);
  if (reserve !== undefined) flags.answerReserveTokens = reserve;
  const concurrency = intOption(options, 'concurrency', 1);
  if (concurrency !== undefined) flags.concurrency = Math.min(DEFAULTS.maxConcurrency, concurrency);
  return { ...fromFile, ...flags };
}
