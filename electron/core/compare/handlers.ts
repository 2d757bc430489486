/** Compare's operations (contract: shared/api/compare.ts): plan, run, the kept comparisons, their export. */
import type { HandlerMap } from '../service';
import { resolveScope } from '../collections/scope';
import { planCompare, runCompare } from './compare';
import { renderComparisonFile } from '../export/comparison-file';

export const compareHandlers = {
  async 'analysis.planCompare'(engine, input) {
    const ctx = await engine.analysisContext({ withProvider: false });
    const scope = resolveScope(engine.library, input.scope);
    return planCompare(ctx, scope, input.question, engine.offline(), {
      ...(input.strategy !== undefined ? { strategy: input.strategy } : {}),
      ...(input.budgetTokens !== undefined ? { budgetTokens: input.budgetTokens } : {}),
    });
  },

  async 'analysis.compare'(engine, input, { signal, emit }) {
    const scope = resolveScope(engine.library, input.scope);
    const ctx = await engine.analysisContext();
    return runCompare(ctx, scope, input.question, {
      ...(input.strategy !== undefined ? { strategy: input.strategy } : {}),
      ...(input.budgetTokens !== undefined ? { budgetTokens: input.budgetTokens } : {}),
      ...(input.fresh !== undefined ? { fresh: input.fresh } : {}),
      signal,
      onProgress: (progress) => emit({ type: 'progress', progress }),
    });
  },

  'history.comparisons'(engine, input) {
    return { items: engine.library.comparisons.list({ ...(input.collectionId ? { collectionId: input.collectionId } : {}), ...(input.limit ? { limit: input.limit } : {}) }) };
  },

  'history.comparison'(engine, { comparisonId }) {
    return engine.library.comparisons.resolve(comparisonId);
  },

  'history.deleteComparison'(engine, { comparisonId }) {
    const found = engine.library.comparisons.resolve(comparisonId);
    return { deleted: engine.library.comparisons.delete(found.id) };
  },

  async 'export.comparison'(engine, { comparisonId, format }) {
    return renderComparisonFile(engine, comparisonId, format);
  },
} satisfies HandlerMap<
  'analysis.planCompare' | 'analysis.compare' | 'history.comparisons' | 'history.comparison' | 'history.deleteComparison' | 'export.comparison'
>;
