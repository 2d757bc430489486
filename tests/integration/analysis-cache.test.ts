/** The answer cache, and faults while streaming: what the user saw is kept, never served as a cache hit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion } from '../../electron/core/analysis';
import { makeContractPdf } from '../fixtures/make-fixtures';
import { codeOf, startHarness, type Harness } from './analysis-helpers';

let h: Harness;
let docId: string;

beforeAll(async () => {
  h = await startHarness({ chunkDelayMs: 20 });
  docId = await h.ingest('cache-contract.pdf', await makeContractPdf());
});
afterAll(async () => {
  await h?.close();
});

describe('answer cache', () => {
  it('serves the same question again from the cache, without a request; --fresh asks again', async () => {
    const ctx = h.ctx();
    const first = await askQuestion(ctx, docId, 'Who insures the building?');
    expect(first.cached).toBe(false);
    const count = h.chatRequests().length;
    // same question, different case, spacing and trailing punctuation
    const again = await askQuestion(ctx, docId, '  who insures   the building ');
    expect(h.chatRequests().length).toBe(count);
    expect(again.cached).toBe(true);
    expect(again.id).toBe(first.id);
    expect(again.text).toBe(first.text);
    const fresh = await askQuestion(ctx, docId, 'Who insures the building?', { fresh: true });
    expect(h.chatRequests().length).toBe(count + 1);
    expect(fresh.cached).toBe(false);
    expect(fresh.id).not.toBe(first.id);
  });

  it('a different budget or strategy is a different cache entry', async () => {
    const ctx = h.ctx();
    await askQuestion(ctx, docId, 'What is the deposit?');
    const count = h.chatRequests().length;
    await askQuestion(ctx, docId, 'What is the deposit?', { strategy: 'focused', budgetTokens: 500 });
    expect(h.chatRequests().length).toBe(count + 1);
  });

  it('a different answer reserve is a different cache entry (it changes max_tokens and the pages that fit)', async () => {
    const question = 'Who pays for repairs?';
    await askQuestion(h.ctx(), docId, question);
    const count = h.chatRequests().length;
    const smaller = await askQuestion(h.ctx({ settings: { answerReserveTokens: 1_000 } }), docId, question);
    expect(smaller.cached).toBe(false);
    expect(h.chatRequests().length).toBe(count + 1);
    const again = await askQuestion(h.ctx({ settings: { answerReserveTokens: 1_000 } }), docId, question);
    expect(again.cached).toBe(true);
    expect(again.id).toBe(smaller.id);
  });
});

describe('faults while answering', () => {
  it('a cancelled stream is stored as incomplete and not served from the cache', async () => {
    const ctx = h.ctx();
    const question = 'Can the tenant assign this lease?';
    const controller = new AbortController();
    let seen = '';
    const code = await codeOf(
      askQuestion(ctx, docId, question, {
        signal: controller.signal,
        onDelta: (t) => {
          seen += t;
          controller.abort();
        },
      }),
    );
    expect(code).toBe('CANCELLED');
    expect(seen).not.toBe('');
    const stored = h.library.listAnswers({ docId }).find((a) => a.question === question);
    expect(stored?.status).toBe('incomplete');
    expect(stored?.text.length).toBeGreaterThan(0);
    expect(seen.startsWith(stored?.text ?? '-')).toBe(true);
    const count = h.chatRequests().length;
    const again = await askQuestion(ctx, docId, question);
    expect(again.cached).toBe(false);
    expect(again.status).toBe('complete');
    expect(h.chatRequests().length).toBe(count + 1);
  });

  it('a cut stream ends in STREAM_INTERRUPTED with the partial answer saved as incomplete', async () => {
    const ctx = h.ctx();
    const question = 'Which law governs this lease?';
    h.fake.setFault({ kind: 'cut-stream', afterChunks: 2 });
    let seen = '';
    try {
      const code = await codeOf(askQuestion(ctx, docId, question, { onDelta: (t) => (seen += t) }));
      expect(code).toBe('STREAM_INTERRUPTED');
    } finally {
      h.fake.setFault(null);
    }
    const stored = h.library.listAnswers({ docId }).find((a) => a.question === question);
    expect(stored?.status).toBe('incomplete');
    expect(stored?.errorMessage).toBeTruthy();
    expect(stored?.text).toBe(seen);
    const again = await askQuestion(ctx, docId, question);
    expect(again.cached).toBe(false);
    expect(again.status).toBe('complete');
  });

  it('a 429 with retry-after is retried and then succeeds', async () => {
    const ctx = h.ctx();
    h.fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 0, times: 1 });
    try {
      const answer = await askQuestion(ctx, docId, 'How is the rent paid?');
      expect(answer.status).toBe('complete');
      expect(answer.citations.some((c) => c.verified)).toBe(true);
    } finally {
      h.fake.setFault(null);
    }
    expect(h.fake.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('a rejected key or a provider that stays down gives a clear error and stores nothing', async () => {
    const ctx = h.ctx();
    for (const [fault, code] of [
      [{ kind: 'auth' }, 'AUTH_FAILED'],
      [{ kind: 'server-error', times: 20 }, 'PROVIDER_UNAVAILABLE'],
    ] as const) {
      const question = `What does clause ${code} say?`;
      h.fake.setFault(fault);
      try {
        expect(await codeOf(askQuestion(ctx, docId, question))).toBe(code);
      } finally {
        h.fake.setFault(null);
      }
      expect(h.library.listAnswers({ docId }).some((a) => a.question === question)).toBe(false);
      const answer = await askQuestion(ctx, docId, question);
      expect(answer.cached).toBe(false);
      expect(answer.status).toBe('complete');
    }
  });
});
