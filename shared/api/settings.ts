/** settings.*: provider, model, budgets. The API key goes in, never out (PublicSettings has only a hint). */
import * as z from 'zod';
import { DEFAULTS } from './defaults';
import { OcrLanguageSchema, OcrModeSchema, ProviderKindSchema, PublicSettingsSchema, VisionDetailSchema } from './domain';
import { EmptyInputSchema, defineOp } from './op';

const url = z.lazy(() => z.string().trim().max(2000).refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL'));

/** What a settings field does, as PublicSettingsSchema describes it (one text per field). */
function about(field: keyof ReturnType<typeof PublicSettingsSchema.unwrap>['shape']): string {
  return PublicSettingsSchema.unwrap().shape[field].description ?? field;
}

/** Every field optional: only the given ones change. null clears a nullable field. */
export const SettingsUpdateSchema = z.lazy(() => z.strictObject({
  provider: ProviderKindSchema.optional().describe(about('provider')),
  model: z.string().trim().min(1).max(200).optional().describe(about('model')),
  baseUrl: url.nullable().optional().describe(about('baseUrl')),
  azureEndpoint: url.nullable().optional().describe(about('azureEndpoint')),
  azureDeployment: z.string().trim().min(1).max(200).nullable().optional().describe(about('azureDeployment')),
  azureApiVersion: z.string().trim().min(1).max(100).nullable().optional().describe(about('azureApiVersion')),
  customContextWindow: z.number().int().positive().max(100_000_000).nullable().optional().describe(about('customContextWindow')),
  customMaxOutput: z.number().int().positive().max(10_000_000).nullable().optional().describe(about('customMaxOutput')),
  customInputPricePerM: z.number().nonnegative().max(100_000).nullable().optional().describe(about('customInputPricePerM')),
  customOutputPricePerM: z.number().nonnegative().max(100_000).nullable().optional().describe(about('customOutputPricePerM')),
  answerReserveTokens: z.number().int().min(256).max(1_000_000).optional().describe(about('answerReserveTokens')),
  budgetTokens: z.number().int().positive().max(100_000_000).nullable().optional().describe(about('budgetTokens')),
  concurrency: z.number().int().min(1).max(DEFAULTS.maxConcurrency).optional().describe(about('concurrency')),
  ocrMode: OcrModeSchema.optional().describe(about('ocrMode')),
  visionDetail: VisionDetailSchema.optional().describe(about('visionDetail')),
  ocrLanguage: OcrLanguageSchema.optional().describe(about('ocrLanguage')),
  apiKey: z.string().trim().min(1).max(1000).nullable().optional().describe('A new API key; null removes the stored key; absent leaves it unchanged.'),
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
  url: z.string().nullable(),
  model: z.string(),
  keySource: KeySourceSchema,
  /** The environment variable the key was read from, when keySource is "environment". */
  keyVariable: z.string().nullable(),
  /** Masked key, e.g. "sk-…abcd"; null when there is none. */
  keyHint: z.string().nullable(),
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
