/**
 * The model table: context window, max output, prices, tokenizer. Nothing else in the code hard-codes
 * a model's numbers (docs/ARCHITECTURE.md). Prices are US dollars per million tokens.
 */
import { DEFAULTS } from '../../../shared/api/defaults';
import { PagewiseError } from '../errors';

export interface ModelInfo {
  id: string;
  label: string;
  /** input + output tokens */
  contextWindow: number;
  maxOutput: number;
  inputPerMillion: number;
  cachedInputPerMillion: number;
  outputPerMillion: number;
  /** Share of the normal price a Batch API request costs (OpenAI: half); absent = no batch discount known. */
  batchPriceFactor?: number;
  encoding: 'o200k_base';
  /**
   * How the provider bills an input image (vision transcription of scanned pages): a fixed cost per
   * image, plus per 512 px tile at high detail after the image is scaled to fit 2048 x 2048 and its
   * short side to 768. Absent: the model takes no images here.
   */
  image?: { baseTokens: number; tileTokens: number };
}

export const MODELS: readonly ModelInfo[] = Object.freeze([
  Object.freeze<ModelInfo>({
    id: 'gpt-4o-mini',
    label: 'GPT-4o mini',
    contextWindow: 128_000,
    maxOutput: 16_384,
    inputPerMillion: 0.15,
    cachedInputPerMillion: 0.075,
    outputPerMillion: 0.6,
    batchPriceFactor: 0.5,
    encoding: 'o200k_base',
    // priced so an image costs what it does on gpt-4o: many more tokens at a lower price
    image: { baseTokens: 2_833, tileTokens: 5_667 },
  }),
  Object.freeze<ModelInfo>({
    id: 'gpt-4o',
    label: 'GPT-4o',
    contextWindow: 128_000,
    maxOutput: 16_384,
    inputPerMillion: 2.5,
    cachedInputPerMillion: 1.25,
    outputPerMillion: 10,
    batchPriceFactor: 0.5,
    encoding: 'o200k_base',
    image: { baseTokens: 85, tileTokens: 170 },
  }),
  Object.freeze<ModelInfo>({
    id: 'gpt-4.1-mini',
    label: 'GPT-4.1 mini',
    contextWindow: 1_047_576,
    maxOutput: 32_768,
    inputPerMillion: 0.4,
    cachedInputPerMillion: 0.1,
    outputPerMillion: 1.6,
    batchPriceFactor: 0.5,
    encoding: 'o200k_base',
  }),
]);

export const DEFAULT_MODEL_ID = DEFAULTS.model;

/** Default max output for a custom model whose row does not say: 4,096, at most half its window. */
function defaultMaxOutput(contextWindow: number): number {
  return Math.max(1, Math.min(4_096, Math.floor(contextWindow / 2)));
}

function checkCount(id: string, field: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || (field === 'contextWindow' || field === 'maxOutput' ? !Number.isInteger(value) : false)) {
    throw new PagewiseError('INVALID_INPUT', `Model "${id}": ${field} must be a ${min > 0 ? 'positive whole number' : 'number >= 0'} (got ${String(value)}).`);
  }
}

/** Keep only the fields of `custom` that are set (undefined never overrides a table value). */
function definedFields(custom: Partial<Omit<ModelInfo, 'id'>>): Partial<Omit<ModelInfo, 'id'>> {
  return Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== undefined)) as Partial<Omit<ModelInfo, 'id'>>;
}

/** The table row for `id`; a dated snapshot id ("gpt-4o-mini-2024-07-18") maps to its base row. */
function findRow(id: string): ModelInfo | undefined {
  const exact = MODELS.find((m) => m.id === id);
  if (exact) return exact;
  const snapshot = /^(.*)-\d{4}-\d{2}-\d{2}$/.exec(id);
  return snapshot ? MODELS.find((m) => m.id === snapshot[1]) : undefined;
}

/**
 * The model info for `id`. A known id (or a dated snapshot of one) gives its table row, with any fields
 * set in `custom` overriding it. An unknown id (a local model behind an OpenAI-compatible server, say)
 * needs `custom.contextWindow`; its other fields default to: label = id, maxOutput = min(4,096, window / 2),
 * prices 0 (unknown; cached input at the input price when only that is given), encoding o200k_base. Without it: PagewiseError MODEL_NOT_FOUND.
 */
export function resolveModel(id: string, custom?: Partial<Omit<ModelInfo, 'id'>>): ModelInfo {
  const overrides = custom ? definedFields(custom) : {};
  checkCount(id, 'contextWindow', overrides.contextWindow, 1);
  checkCount(id, 'maxOutput', overrides.maxOutput, 1);
  checkCount(id, 'inputPerMillion', overrides.inputPerMillion, 0);
  checkCount(id, 'cachedInputPerMillion', overrides.cachedInputPerMillion, 0);
  checkCount(id, 'outputPerMillion', overrides.outputPerMillion, 0);
  const row = findRow(id);
  if (row) return { ...row, ...overrides, id, encoding: 'o200k_base' };
  if (overrides.contextWindow === undefined) {
    const known = MODELS.map((m) => m.id).join(', ');
    throw new PagewiseError(
      'MODEL_NOT_FOUND',
      `Unknown model "${id}". Known models: ${known}. For another model (e.g. a local server), set its context window: in the app under Settings > Model, for the CLI as "customContextWindow" (and "customMaxOutput") in the config file.`,
    );
  }
  const contextWindow = overrides.contextWindow;
  return {
    label: id,
    maxOutput: defaultMaxOutput(contextWindow),
    inputPerMillion: 0,
    // No known discount for cached input: bill it like the rest of the prompt rather than free.
    cachedInputPerMillion: overrides.inputPerMillion ?? 0,
    outputPerMillion: 0,
    ...overrides,
    id,
    contextWindow,
    encoding: 'o200k_base',
  };
}

/**
 * Cost in USD of a finished request from its usage: cached prompt tokens at the cached-input rate, the
 * rest of the prompt at the input rate, completion tokens at the output rate.
 */
export function costUsd(model: ModelInfo, usage: { promptTokens: number; completionTokens: number; cachedTokens: number }): number {
  const prompt = Math.max(0, usage.promptTokens);
  const cached = Math.min(prompt, Math.max(0, usage.cachedTokens));
  const completion = Math.max(0, usage.completionTokens);
  return ((prompt - cached) * model.inputPerMillion + cached * model.cachedInputPerMillion + completion * model.outputPerMillion) / 1_000_000;
}

/** Estimated cost in USD before a request: no cache hits assumed (an upper bound for the prompt). */
export function estimateCostUsd(model: ModelInfo, promptTokens: number, outputTokens: number): number {
  return (Math.max(0, promptTokens) * model.inputPerMillion + Math.max(0, outputTokens) * model.outputPerMillion) / 1_000_000;
}

/** The Batch API's price factor for this model (1 when the table knows no discount). */
export function batchPriceFactor(model: ModelInfo): number {
  const f = model.batchPriceFactor;
  return typeof f === 'number' && Number.isFinite(f) && f > 0 ? f : 1;
}

/** Cost in USD of a request run through the Batch API: costUsd at the batch price factor. */
export function batchCostUsd(model: ModelInfo, usage: { promptTokens: number; completionTokens: number; cachedTokens: number }): number {
  return costUsd(model, usage) * batchPriceFactor(model);
}
