/** How a document fits one request of the current model: the same numbers a summary plan uses (library.info shows them). */
import type { DocumentFit } from '../../../shared/api';
import { inputBudget } from '../tokens';
import { planSummary } from './plan';
import type { AnalysisContext } from './types';

export function documentFit(ctx: AnalysisContext, docId: string, documentTokens: number): DocumentFit {
  let budget: number;
  let tokens = documentTokens;
  try {
    const plan = planSummary(ctx, docId, 'brief');
    budget = plan.inputBudget;
    tokens = plan.documentTokens;
  } catch {
    // No text or a plan that cannot be built: fall back to the window minus the reserve and a typical prompt overhead.
    budget = inputBudget(ctx.model, ctx.settings.answerReserveTokens, 1000);
    if (ctx.settings.budgetTokens != null) budget = Math.min(budget, ctx.settings.budgetTokens);
  }
  budget = Math.max(0, budget);
  return {
    model: ctx.model.id,
    contextWindow: ctx.model.contextWindow,
    inputBudget: budget,
    documentTokens: tokens,
    fitsWhole: tokens <= budget,
    fillRatio: budget > 0 ? tokens / budget : tokens > 0 ? Number.MAX_SAFE_INTEGER : 0,
  };
}
