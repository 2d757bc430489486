/** settings.*: provider, model, budgets. The API key goes in, never out (PublicSettings has only a hint). */
import * as z from './zod';
import { DEFAULTS } from './defaults';
import { OcrLanguageSchema, OcrModeSchema, ProviderKindSchema, PublicSettingsSchema, VisionDetailSchema } from './domain';
import { EmptyInputSchema, defineOp } from './op';

const url = z.lazy(() => z.string().check(
  z.trim(),
  z.maxLength(2000),
  z.refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL'),
));

/** What a settings field does, as PublicSettingsSchema describes it (one text per field). */
function about(field: keyof z.infer<typeof PublicSettingsSchema>): string {
  return z.descriptionOf(z.unwrapLazy(PublicSettingsSchema).shape[field]) ?? field;
}

/** Every field optional: only the given ones change. null clears a nullable field. */
export const SettingsUpdateSchema = z.lazy(() => z.strictObject({
  provider: z.described(z.optional(ProviderKindSchema), about('provider')),
  model: z.described(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))), about('model')),
  baseUrl: z.described(z.optional(z.nullable(url)), about('baseUrl')),
  azureEndpoint: z.described(z.optional(z.nullable(url)), about('azureEndpoint')),
  azureDeployment: z.described(z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))), about('azureDeployment')),
  azureApiVersion: z.described(z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)))), about('azureApiVersion')),
  customContextWindow: z.described(z.optional(z.nullable(z.int().check(z.positive(), z.lte(100_000_000)))), about('customContextWindow')),
  customMaxOutput: z.described(z.optional(z.nullable(z.int().check(z.positive(), z.lte(10_000_000)))), about('customMaxOutput')),
  customInputPricePerM: z.described(z.optional(z.nullable(z.number().check(z.nonnegative(), z.lte(100_000)))), about('customInputPricePerM')),
  customOutputPricePerM: z.described(z.optional(z.nullable(z.number().check(z.nonnegative(), z.lte(100_000)))), about('customOutputPricePerM')),
  answerReserveTokens: z.described(z.optional(z.int().check(z.gte(256), z.lte(1_000_000))), about('answerReserveTokens')),
  budgetTokens: z.described(z.optional(z.nullable(z.int().check(z.positive(), z.lte(100_000_000)))), about('budgetTokens')),
  concurrency: z.described(z.optional(z.int().check(z.gte(1), z.lte(DEFAULTS.maxConcurrency))), about('concurrency')),
  ocrMode: z.described(z.optional(OcrModeSchema), about('ocrMode')),
  visionDetail: z.described(z.optional(VisionDetailSchema), about('visionDetail')),
  ocrLanguage: z.described(z.optional(OcrLanguageSchema), about('ocrLanguage')),
  apiKey: z.described(z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)))), 'A new API key; null removes the stored key; absent leaves it unchanged.'),
}));
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

/** Where the API key in use comes from (the key itself never crosses). */
export const KeySourceSchema = z.lazy(() => z.enum(['environment', 'keychain', 'session', 'none']));
export type KeySource = z.infer<typeof KeySourceSchema>;

/** What the engine actually uses right now: provider, URL, model and the key's origin. */
export const ConnectionSchema = z.lazy(() => z.object({
  provider: ProviderKindSchema,
  /** "OpenAI", "Azure OpenAI", "OpenAI-compatible" or "None (offline)". */
  providerLabel: z.string(),
  /** The base URL requests go to (OPENAI_BASE_URL or the setting included); null offline. */
  url: z.nullable(z.string()),
  model: z.string(),
  keySource: KeySourceSchema,
  /** The environment variable the key was read from, when keySource is "environment". */
  keyVariable: z.nullable(z.string()),
  /** Masked key, e.g. "sk-…abcd"; null when there is none. */
  keyHint: z.nullable(z.string()),
  /** False for OpenAI-compatible servers, which often need none. */
  keyRequired: z.boolean(),
  /** One line for a terminal: what `npm start` and `pagewise serve` print. */
  summary: z.string(),
}));
export type Connection = z.infer<typeof ConnectionSchema>;

export const settingsOps = {
  'settings.get': defineOp({
    summary: 'Current settings (the API key only as hasApiKey + a masked hint).',
    input: () => EmptyInputSchema,
    output: () => PublicSettingsSchema,
  }),
  'settings.connection': defineOp({
    summary: 'The provider, URL and model in use and where the API key comes from (never the key).',
    input: () => EmptyInputSchema,
    output: () => ConnectionSchema,
  }),
  'settings.update': defineOp({
    summary: 'Change settings; returns the new settings.',
    input: () => SettingsUpdateSchema,
    output: () => PublicSettingsSchema,
  }),
} as const;
