import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/api';
import { fitBadge, fitSentence, overBy, planHeadline, planWork } from './meter-words';

const plan = (over: Partial<Plan>): Plan => ({
  strategy: 'whole',
  calls: 1,
  pages: [1, 2, 3],
  promptTokens: 5_000,
  reservedOutputTokens: 4_096,
  contextWindow: 128_000,
  model: 'gpt-4o-mini',
  estimatedCostUsd: 0.001,
  documentTokens: 4_800,
  inputBudget: 123_484,
  extractive: false,
  sources: [],
  ...over,
});

describe('context meter words', () => {
  it('says how much over the request a document is, without rounding 1.05 down to 1.0', () => {
    expect(fitSentence(129_367, 123_484)).toBe('129,367 tokens; one request holds 123,484 (5% over)');
    expect(fitSentence(38, 123_484)).toBe('38 tokens; one request holds 123,484');
    expect(overBy(123_500, 123_484)).toBe('just over');
    expect(overBy(400_000, 123_484)).toBe('3.2 times as much');
  });

  it('on Summaries a long document is read in parts, on Ask it needs focusing', () => {
    expect(fitBadge('summary', false, 3)).toBe('Read in 3 parts');
    expect(fitBadge('question', false, null)).toBe('Needs focusing');
    expect(fitBadge('summary', true, null)).toBe('Fits in one request');
    expect(planHeadline(plan({ strategy: 'exhaustive', calls: 4, parts: 3 }), 'summary')).toBe('Read in 3 parts, then combined');
  });

  it('offline, the plan speaks of no requests and no prompt tokens', () => {
    const offline = plan({ extractive: true, calls: 0, promptTokens: 0 });
    const words = `${planHeadline(offline, 'question')} ${planWork(offline)}`;
    expect(words).not.toMatch(/request|prompt tokens/i);
    expect(words).toContain('No model is called');
    expect(planWork(plan({ calls: 2, promptTokens: 12_345 }))).toBe('2 requests · 12,345 prompt tokens');
  });

  it('over several documents the headline counts the documents the plan reads from', () => {
    const source = (docId: string, pages: number[]) => ({ docId, title: docId, pages, tokens: pages.length * 100, documentTokens: 900, reasons: [] });
    const sources = [source('a', [1, 2]), source('b', [4]), source('c', [])];
    expect(planHeadline(plan({ strategy: 'whole', sources: sources.slice(0, 2) }), 'question')).toBe('All of 2 documents');
    expect(planHeadline(plan({ strategy: 'focused', sources }), 'question')).toBe('Focused: 3 pages from 2 documents');
    expect(planHeadline(plan({ strategy: 'focused', pages: [1, 2], sources: [source('a', [1, 2])] }), 'question')).toBe('Focused: 2 pages');
  });
});
