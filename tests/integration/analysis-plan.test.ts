/**
 * Plans and exact token accounting against the fake OpenAI server (real
 * SQLite, real generated PDFs, the real openai SDK over HTTP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerSchema, PlanSchema, type Progress } from '../../shared/api/domain';
import { askQuestion, planQuestion, planSummary, summarize } from '../../electron/core/analysis';
import { bookPageLines, makeContractPdf, makeLargePdf, makeTextPdf, TERMINATION_PAGE, TERMINATION_SENTENCE } from '../fixtures/make-fixtures';
import { countChatTokens } from '../../electron/core/tokens';
import { DOCUMENT_HEADER, questionMessages } from '../../electron/core/analysis/prompts';
import { pagesIn, startHarness, TEST_8K, type Harness } from './analysis-helpers';

let h: Harness;
let contractId: string;
let largeId: string;
let topicalId: string;

/**
 * A fixture whose pages differ (book-like prose, no two pages alike) where
 * only WARRANTY_PAGES speak of warranty claims: a focused plan that picks the
 * wrong pages fails here (the generated report repeats one set of sentences
 * on every page, so any selection would pass on it).
 */
const TOPICAL_PAGES = 40;
const WARRANTY_PAGES = [9, 27];
const WARRANTY_QUESTION = 'Which warranty claims need a proof of purchase?';
function topicalPage(n: number): string {
  const prose = bookPageLines(n).map((line) => line.text).slice(0, 30).join('\n');
  if (!WARRANTY_PAGES.includes(n)) return prose;
  return `Warranty claims. A warranty claim must be made within twelve months of delivery. Every warranty claim needs a proof of purchase: the receipt or the invoice. Claims without a proof of purchase are refused.\n${prose}`;
}

beforeAll(async () => {
  h = await startHarness();
  contractId = await h.ingest('plan-contract.pdf', await makeContractPdf());
  largeId = await h.ingest('plan-large.pdf', await makeLargePdf(40));
  topicalId = await h.ingest('plan-topical.pdf', await makeTextPdf({ title: 'Topical pages', pages: Array.from({ length: TOPICAL_PAGES }, (_, i) => topicalPage(i + 1)) }));
});
afterAll(async () => {
  await h?.close();
});

describe('question plans', () => {
  it('sends the whole document when it fits, and the counted prompt equals the server count', async () => {
    const ctx = h.ctx();
    const question = 'What is the notice period for termination?';
    const plan = planQuestion(ctx, contractId, question);
    expect(plan.strategy).toBe('whole');
    expect(plan.calls).toBe(1);
    expect(plan.pages).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plan.reservedOutputTokens).toBe(4096);
    expect(plan.contextWindow).toBe(128_000);
    expect(plan.estimatedCostUsd).toBeGreaterThan(0);
    expect(PlanSchema.parse(plan)).toEqual(plan);

    const before = h.chatRequests().length;
    const answer = await askQuestion(ctx, contractId, question);
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.promptTokens).toBe(plan.promptTokens);
    expect(answer.usage.promptTokens).toBe(plan.promptTokens);
    expect(answer.predictedPromptTokens).toBe(plan.promptTokens);
    expect(answer.status).toBe('complete');
    expect(answer.text).toContain(TERMINATION_SENTENCE.replace(/\.$/, ''));
    const cite = answer.citations.find((c) => c.page === TERMINATION_PAGE);
    expect(cite?.verified).toBe(true);
    expect(answer.verifiedShare).toBe(1);
    expect(answer.costUsd).toBeGreaterThan(0);
    expect(AnswerSchema.parse(answer)).toEqual(answer);
  });

  it('packs the pages that answer into a small model window (focused), in page order, and never overflows it', async () => {
    const ctx = h.ctx({ model: TEST_8K });
    const plan = planQuestion(ctx, topicalId, WARRANTY_QUESTION);
    expect(plan.strategy).toBe('focused');
    expect(plan.documentTokens).toBeGreaterThan(8192);
    // the two pages about warranty claims are chosen, and not every page is
    expect(plan.pages).toEqual(expect.arrayContaining(WARRANTY_PAGES));
    expect(plan.pages.length).toBeLessThan(TOPICAL_PAGES / 2);
    expect([...plan.pages].sort((a, b) => a - b)).toEqual(plan.pages);
    expect(plan.promptTokens + plan.reservedOutputTokens).toBeLessThanOrEqual(8192);

    const before = h.chatRequests().length;
    const answer = await askQuestion(ctx, topicalId, WARRANTY_QUESTION);
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.promptTokens).toBe(plan.promptTokens);
    expect(pagesIn(sent[0]!)).toEqual(plan.pages);
    expect(answer.status).toBe('complete');
  });

  it('with room for only two pages, a focused plan sends exactly the two that answer', () => {
    const ctx = h.ctx();
    const wide = planQuestion(ctx, topicalId, WARRANTY_QUESTION, { strategy: 'focused', budgetTokens: 100_000 });
    const overhead = countChatTokens(questionMessages(DOCUMENT_HEADER, [], WARRANTY_QUESTION));
    // room for about two and a half average pages: the two warranty pages fit, a third page does not
    const perPage = Math.ceil((wide.promptTokens - overhead) / wide.pages.length);
    const plan = planQuestion(ctx, topicalId, WARRANTY_QUESTION, { strategy: 'focused', budgetTokens: Math.round(perPage * 2.4) });
    expect(plan.pages).toEqual(WARRANTY_PAGES);
  });

  it('refuses "whole" for a document that does not fit, with an actionable message', () => {
    const ctx = h.ctx({ model: TEST_8K });
    expect(() => planQuestion(ctx, largeId, 'What is in section 3?', { strategy: 'whole' })).toThrowError(/focused|exhaustive/);
  });

  it('focused plan respects --budget 12000', async () => {
    const ctx = h.ctx();
    const whole = planQuestion(ctx, topicalId, WARRANTY_QUESTION);
    expect(whole.strategy).toBe('whole');
    const plan = planQuestion(ctx, topicalId, WARRANTY_QUESTION, { budgetTokens: 12_000 });
    expect(plan.strategy).toBe('focused');
    expect(plan.inputBudget).toBe(12_000);
    expect(plan.pages).toEqual(expect.arrayContaining(WARRANTY_PAGES));
    // the prompt without page blocks (system, document header, question, chat overhead)
    const overhead = countChatTokens(questionMessages(DOCUMENT_HEADER, [], WARRANTY_QUESTION));
    const docTokens = plan.promptTokens - overhead;
    expect(docTokens).toBeLessThanOrEqual(12_000);
    expect(docTokens).toBeGreaterThan(9_000); // the budget is used, not wasted
    // a budget smaller than any page: an error, never a question without document text
    expect(() => planQuestion(ctx, topicalId, WARRANTY_QUESTION, { budgetTokens: 50 })).toThrowError(/budget/);
  });

  it('exhaustive reads every page exactly once in budget-sized ranges, then merges', async () => {
    const ctx = h.ctx({ model: TEST_8K });
    const question = 'Which items mention the software licence?';
    const plan = planQuestion(ctx, largeId, question, { strategy: 'exhaustive' });
    expect(plan.strategy).toBe('exhaustive');
    expect(plan.calls).toBeGreaterThan(2);
    expect(plan.pages).toHaveLength(40);

    const before = h.chatRequests().length;
    const progress: Progress[] = [];
    const answer = await askQuestion(ctx, largeId, question, { strategy: 'exhaustive', onProgress: (p) => progress.push(p) });
    const sent = h.chatRequests().slice(before);
    const maps = sent.filter((r) => pagesIn(r).length > 0);
    const seen = maps.flatMap(pagesIn).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const r of sent) expect((r.promptTokens ?? 0) + 4096).toBeLessThanOrEqual(8192);
    expect(sent.length).toBeGreaterThan(maps.length); // at least one reduce request
    expect(answer.calls).toBe(sent.length);
    // the stored prediction is what was counted for the requests made: the server's own total
    expect(answer.predictedPromptTokens).toBe(sent.reduce((n, r) => n + (r.promptTokens ?? 0), 0));
    expect(answer.predictedPromptTokens).toBe(answer.usage.promptTokens);
    expect(progress.some((p) => p.stage === 'map')).toBe(true);
    expect(progress.some((p) => p.stage === 'reduce')).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c) => c.verified)).toBe(true);
  });

  it('carries earlier thread turns between the document and the question', async () => {
    const ctx = h.ctx();
    const first = await askQuestion(ctx, contractId, 'How long is the term of the lease?');
    const before = h.chatRequests().length;
    await askQuestion(ctx, contractId, 'And what is the annual rent?', { threadId: first.id });
    const req = h.chatRequests().slice(before)[0]!;
    const roles = req.messages!.map((m) => m.role);
    expect(roles).toEqual(['system', 'user', 'user', 'assistant', 'user']);
    expect(req.messages![2]!.content).toContain('How long is the term of the lease?');
    expect(req.messages![3]!.content).toBe(first.text);
    expect(req.messages![4]!.content).toMatch(/^Question: And what is the annual rent\?/);
  });
  it('drops the oldest thread turns first when they would crowd out the document', async () => {
    const ctx = h.ctx({ model: TEST_8K });
    const base = await askQuestion(ctx, contractId, 'What is the annual rent?');
    // three long follow-ups stored in the thread (as a long conversation would leave them)
    const filler = (n: number): string => `Turn ${n} answer. ` + 'The tenant keeps the interior in good repair. '.repeat(60);
    for (const n of [1, 2, 3]) {
      h.library.saveAnswer(
        { ...base, id: `turn-${n}`, threadId: base.id, question: `Follow-up question ${n}?`, text: filler(n), cached: false,
          createdAt: new Date(Date.now() + n * 1000).toISOString() },
        null,
      );
    }
    const plan = planQuestion(ctx, contractId, 'Who pays for roof repairs?', { threadId: base.id });
    expect(plan.promptTokens + plan.reservedOutputTokens).toBeLessThanOrEqual(8192);
    expect(plan.pages.length).toBeGreaterThan(0);
    const before = h.chatRequests().length;
    await askQuestion(ctx, contractId, 'Who pays for roof repairs?', { threadId: base.id });
    const req = h.chatRequests().slice(before)[0]!;
    expect(req.promptTokens).toBe(plan.promptTokens);
    const all = req.messages!.map((m) => m.content).join('\n');
    expect(all).toContain('Turn 3 answer.');
    expect(all).not.toContain('What is the annual rent?');
    expect(all).not.toContain('Turn 1 answer.');
  });
});

describe('summaries', () => {
  it('summarizes a document that fits in one request', async () => {
    const ctx = h.ctx();
    const plan = planSummary(ctx, contractId, 'brief');
    expect(plan.calls).toBe(1);
    const before = h.chatRequests().length;
    const summary = await summarize(ctx, contractId, 'brief');
    const sent = h.chatRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.promptTokens).toBe(plan.promptTokens);
    expect(summary.kind).toBe('summary');
    expect(summary.citations.length).toBeGreaterThan(0);
    expect(summary.citations.every((c) => c.verified)).toBe(true);
  });

  it('map-reduces a document over budget: every page in exactly one map chunk, citations kept', async () => {
    const ctx = h.ctx({ model: TEST_8K, settings: { concurrency: 2 } });
    const plan = planSummary(ctx, largeId, 'detailed');
    expect(plan.strategy).toBe('exhaustive');
    expect(plan.calls).toBeGreaterThan(1);
    const before = h.chatRequests().length;
    const progress: Progress[] = [];
    const summary = await summarize(ctx, largeId, 'detailed', { onProgress: (p) => progress.push(p) });
    const sent = h.chatRequests().slice(before);
    const maps = sent.filter((r) => pagesIn(r).length > 0);
    expect(maps.length).toBeGreaterThan(1);
    expect(maps.flatMap(pagesIn).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const r of sent) expect((r.promptTokens ?? 0) + 4096).toBeLessThanOrEqual(8192);
    expect(summary.calls).toBe(sent.length);
    expect(summary.calls).toBeGreaterThan(1);
    const mapProgress = progress.filter((p) => p.stage === 'map');
    expect(mapProgress.at(-1)).toMatchObject({ done: maps.length, total: maps.length });
    expect(progress.at(-1)?.stage).toBe('reduce');
    expect(summary.text).toMatch(/\[p\. \d+\]/);
    expect(summary.citations.length).toBeGreaterThan(0);
    expect(summary.citations.every((c) => c.verified)).toBe(true);
  });
});
