/**
 * The context meter's sentences, as plain functions so their words can be
 * tested: how a document compares with what one request holds, and what a
 * plan will do, in words that do not talk about requests when none is made.
 */
import type { Plan } from '../../../shared/api';
import { formatInt, plural } from './format';

/** "129,367 tokens; one request holds 123,484 (5% over)". */
export function fitSentence(documentTokens: number, inputBudget: number): string {
  const base = `${formatInt(documentTokens)} tokens; one request holds ${formatInt(inputBudget)}`;
  if (documentTokens <= inputBudget) return base;
  return `${base} (${overBy(documentTokens, inputBudget)})`;
}

/** "5% over", "just over", "3.2 times as much": never rounded down to "1.0×". */
export function overBy(documentTokens: number, inputBudget: number): string {
  if (inputBudget <= 0) return 'no room for document text';
  const ratio = documentTokens / inputBudget;
  if (ratio >= 2) return `${(Math.floor(ratio * 10) / 10).toFixed(1)} times as much`;
  const percent = Math.round((ratio - 1) * 100);
  return percent < 1 ? 'just over' : `${percent}% over`;
}

/** The badge beside the sentence. Summaries of a long document read it in parts; questions send the best pages. */
export function fitBadge(kind: 'question' | 'summary', fits: boolean, parts: number | null): string {
  if (fits) return 'Fits in one request';
  if (kind === 'summary') return parts !== null && parts > 1 ? `Read in ${formatInt(parts)} parts` : 'Read in parts';
  return 'Needs focusing';
}

/** Offline nothing is sent: the meter only says how long the document is. */
export function offlineSentence(documentTokens: number): string {
  return `${formatInt(documentTokens)} tokens; offline, nothing is sent to a model`;
}

/** The plan's first line: what is read. */
export function planHeadline(plan: Plan, kind: 'question' | 'summary'): string {
  if (plan.extractive) return kind === 'summary' ? 'Offline (extractive): picks key sentences' : 'Offline (extractive): quotes the best-matching sentences';
  // over several documents the plan's sources say what is read from each
  const sent = plan.sources.filter((s) => s.pages.length > 0);
  if (plan.sources.length > 1) {
    if (plan.strategy === 'whole') return `All of ${plural(sent.length, 'document')}`;
    if (plan.strategy === 'focused') {
      return `Focused: ${plural(sent.reduce((n, s) => n + s.pages.length, 0), 'page')} from ${plural(sent.length, 'document')}`;
    }
  }
  if (plan.strategy === 'whole') return 'Whole document';
  if (plan.strategy === 'focused') return `Focused: ${plural(plan.pages.length, 'page')}`;
  if (kind === 'summary' && plan.parts !== undefined) return `Read in ${formatInt(plan.parts)} parts, then combined`;
  return `Exhaustive: ${plural(plan.calls, 'request')}`;
}

/** The plan's second line without the cost: requests and prompt tokens, or, offline, that no model is called. */
export function planWork(plan: Plan): string {
  if (plan.extractive) return 'No model is called and nothing leaves this computer';
  return `${plural(plan.calls, 'request')} · ${formatInt(plan.promptTokens)} prompt tokens`;
}
