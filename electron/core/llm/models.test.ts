import { describe, expect, it } from 'vitest';
import { PagewiseError } from '../errors';
import { costUsd, DEFAULT_MODEL_ID, estimateCostUsd, MODELS, resolveModel } from './models';

describe('model table', () => {
  it('has the published limits and prices, gpt-4o-mini by default', () => {
    expect(DEFAULT_MODEL_ID).toBe('gpt-4o-mini');
    const mini = resolveModel(DEFAULT_MODEL_ID);
    expect(mini).toMatchObject({ contextWindow: 128_000, maxOutput: 16_384, inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6, encoding: 'o200k_base' });
    expect(resolveModel('gpt-4o')).toMatchObject({ contextWindow: 128_000, maxOutput: 16_384, inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10 });
    expect(resolveModel('gpt-4.1-mini')).toMatchObject({ contextWindow: 1_047_576, maxOutput: 32_768, inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6 });
    expect(new Set(MODELS.map((m) => m.id)).size).toBe(MODELS.length);
  });

  it('maps a dated snapshot to its base row and applies custom overrides', () => {
    expect(resolveModel('gpt-4o-mini-2024-07-18')).toMatchObject({ id: 'gpt-4o-mini-2024-07-18', contextWindow: 128_000, inputPerMillion: 0.15 });
    expect(resolveModel('gpt-4o', { outputPerMillion: 12, label: undefined })).toMatchObject({ id: 'gpt-4o', label: 'GPT-4o', outputPerMillion: 12 });
  });

  it('needs a context window for an unknown model', () => {
    expect(() => resolveModel('llama-3-8b')).toThrow(PagewiseError);
    try {
      resolveModel('llama-3-8b');
    } catch (error) {
      expect((error as PagewiseError).code).toBe('MODEL_NOT_FOUND');
      expect((error as PagewiseError).message).toContain('llama-3-8b');
    }
    const local = resolveModel('llama-3-8b', { contextWindow: 8192 });
    expect(local).toEqual({ id: 'llama-3-8b', label: 'llama-3-8b', contextWindow: 8192, maxOutput: 4096, inputPerMillion: 0, cachedInputPerMillion: 0, outputPerMillion: 0, encoding: 'o200k_base' });
    expect(resolveModel('tiny', { contextWindow: 2048, maxOutput: 512 }).maxOutput).toBe(512);
    expect(() => resolveModel('bad', { contextWindow: -5 })).toThrow(/context/i);
  });
});

describe('cost', () => {
  const mini = resolveModel('gpt-4o-mini');
  const gpt4o = resolveModel('gpt-4o');

  it('bills cached prompt tokens at the cached rate and the rest at the input rate', () => {
    // 100,000 prompt tokens of which 40,000 cached, 2,000 completion tokens on gpt-4o-mini:
    // 60,000 x 0.15 + 40,000 x 0.075 + 2,000 x 0.60 per million = 0.009 + 0.003 + 0.0012
    expect(costUsd(mini, { promptTokens: 100_000, completionTokens: 2_000, cachedTokens: 40_000 })).toBeCloseTo(0.0132, 10);
    // 1M prompt, nothing cached, 1M completion on gpt-4o = 2.50 + 10.00
    expect(costUsd(gpt4o, { promptTokens: 1_000_000, completionTokens: 1_000_000, cachedTokens: 0 })).toBeCloseTo(12.5, 10);
    // all cached
    expect(costUsd(gpt4o, { promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 1_000_000 })).toBeCloseTo(1.25, 10);
    // cached can never exceed the prompt
    expect(costUsd(mini, { promptTokens: 1000, completionTokens: 0, cachedTokens: 5000 })).toBeCloseTo(1000 * 0.075 / 1e6, 12);
    expect(costUsd(mini, { promptTokens: 0, completionTokens: 0, cachedTokens: 0 })).toBe(0);
  });

  it('bills cached tokens of a priced custom model at its input price, not for free', () => {
    const hosted = resolveModel('my-hosted-model', { contextWindow: 32_000, inputPerMillion: 1, outputPerMillion: 2 });
    expect(hosted.cachedInputPerMillion).toBe(1);
    expect(costUsd(hosted, { promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 1_000_000 })).toBeCloseTo(1, 10);
    expect(resolveModel('discounted', { contextWindow: 32_000, inputPerMillion: 1, cachedInputPerMillion: 0.5 }).cachedInputPerMillion).toBe(0.5);
  });

  it('estimates before a request with no cache hits', () => {
    expect(estimateCostUsd(mini, 120_000, 4_096)).toBeCloseTo(120_000 * 0.15 / 1e6 + 4_096 * 0.6 / 1e6, 12);
    expect(estimateCostUsd(resolveModel('gpt-4.1-mini'), 1_000_000, 1_000_000)).toBeCloseTo(2.0, 10);
    expect(estimateCostUsd(mini, 1000, 0)).toBe(costUsd(mini, { promptTokens: 1000, completionTokens: 0, cachedTokens: 0 }));
  });
});
