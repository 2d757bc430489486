/** settings.*: provider, model, budgets. The API key goes in, never out (PublicSettings has only a hint). */
import { z } from 'zod';
import { DEFAULTS } from './defaults';
import { ProviderKindSchema, PublicSettingsSchema } from './domain';
import { EmptyInputSchema, defineOp } from './op';

const url = z.string().trim().max(2000).refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL');

/** What a settings field does, as PublicSettingsSchema describes it (one text per field). */
function about(field: keyof typeof PublicSettingsSchema.shape): string {
  return PublicSettingsSchema.shape[field].description ?? field;
}

/** Every field optional: only the given ones change. null clears a nullable field. */
export const SettingsUpdateSchema = z.strictObject({
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
  apiKey: z.string().trim().min(1).max(1000).nullable().optional().describe('A new API key; null removes the stored key; absent leaves it unchanged.'),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

export const settingsOps = {
  'settings.get': defineOp({
    summary: 'Current settings (the API key only as hasApiKey + a masked hint).',
    input: EmptyInputSchema,
    output: PublicSettingsSchema,
  }),
  'settings.update': defineOp({
    summary: 'Change settings; returns the new settings.',
    input: SettingsUpdateSchema,
    output: PublicSettingsSchema,
  }),
} as const;
