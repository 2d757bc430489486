// Faults through the real openai SDK over real HTTP: retries, error codes and messages a person can act on.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProvider, type ChatMessage, type ChatRequest, type ProviderSettings } from '../../electron/core/llm';
import { PagewiseError } from '../../electron/core/errors';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 5, wordsPerChunk: 1, models: { 'tiny-model': { contextWindow: 2_000 } } });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const messages: ChatMessage[] = [
  { role: 'system', content: 'Answer from the document.' },
  {
    role: 'user',
    content:
      '<page number="7">The warranty lasts for twenty four months from the date of delivery and covers all parts and labour except wear items such as belts and filters.</page>',
  },
  { role: 'user', content: 'Question: How long does the warranty last?' },
];

function settings(extra: Partial<ProviderSettings> = {}): ProviderSettings {
  return { provider: 'openai', apiKey: 'sk-live-SECRET-42', model: 'gpt-4o-mini', baseUrl: fake.baseUrl, maxRetries: 2, retryBaseDelayMs: 20, maxRetryDelayMs: 2_000, ...extra };
}

async function failure(extra: Partial<ProviderSettings>, request: Partial<ChatRequest> = {}): Promise<PagewiseError> {
  const provider = createProvider(settings(extra))!;
  const err = await provider.chat({ messages, maxOutputTokens: 200, ...request }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PagewiseError);
  return err as PagewiseError;
}

function chatRequests(): number {
  return fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
}

describe('retries', () => {
  it('waits out two 429s (retry-after 1 s) and then succeeds', async () => {
    fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 1, times: 2 });
    const retries: number[] = [];
    const result = await createProvider(settings())!.chat({ messages, maxOutputTokens: 200, onDelta: () => {}, onRetry: (r) => retries.push(r.delayMs) });
    expect(result.text).toContain('[p. 7]');
    expect(result.attempts).toBe(3);
    expect(chatRequests()).toBe(3);
    // The server's retry-after was honoured, not the 20 ms backoff.
    for (const d of retries) expect(d).toBeGreaterThanOrEqual(1000);
  });

  it('429 forever -> RATE_LIMITED telling the user to wait or lower concurrency', async () => {
    fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 0.05, times: 1_000 });
    const err = await failure({});
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.message).toMatch(/wait/i);
    expect(err.message).toMatch(/concurrency/i);
    expect(chatRequests()).toBe(3);
  });

  it('a retry-after longer than the cap is not waited for; the message says how long to wait', async () => {
    fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 30, times: 1_000 });
    const err = await failure({ maxRetryDelayMs: 1_000 });
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.message).toMatch(/30 s/);
    expect(chatRequests()).toBe(1);
  });

  it('500s -> retries, then PROVIDER_UNAVAILABLE naming the host', async () => {
    fake.setFault({ kind: 'server-error', times: 1_000 });
    const err = await failure({});
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.message).toContain(`127.0.0.1:${fake.port}`);
    expect(chatRequests()).toBe(3);
  });

  it('one 500 then success', async () => {
    fake.setFault({ kind: 'server-error', times: 1 });
    const result = await createProvider(settings())!.chat({ messages, maxOutputTokens: 200 });
    expect(result.text).toContain('[p. 7]');
    expect(chatRequests()).toBe(2);
  });

  it('server down (closed port) -> PROVIDER_UNAVAILABLE naming host and port', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await failure({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 });
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('never retries after the caller aborted during a retry wait', async () => {
    fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 1.5, times: 1_000 });
    const controller = new AbortController();
    const err = await failure({}, { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 50) });
    expect(err.code).toBe('CANCELLED');
    expect(chatRequests()).toBe(1);
  });
});

describe('errors that are not retried', () => {
  it('401 -> AUTH_FAILED and the key is not in the message', async () => {
    const err = await failure({ apiKey: 'sk-bad' });
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toContain('The API key was rejected (401)');
    expect(err.message).not.toContain('sk-bad');
    expect(JSON.stringify(err.toJSON())).not.toContain('sk-bad');
    expect(chatRequests()).toBe(1);
  });

  it("the 'auth' fault rejects a good key; its secret never appears", async () => {
    fake.setFault({ kind: 'auth' });
    const err = await failure({}, { onDelta: () => {} });
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).not.toContain('SECRET');
    expect(String((err.cause as Error | undefined)?.message ?? '')).not.toContain('SECRET');
  });

  it('unknown model -> MODEL_NOT_FOUND naming the model', async () => {
    const err = await failure({ model: 'gpt-9-imaginary' });
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toContain('gpt-9-imaginary');
  });

  it('over-long prompt -> CONTEXT_TOO_LONG, flagged as a bug on our side', async () => {
    const long: ChatMessage[] = [{ role: 'user', content: 'The quick brown fox jumps over the lazy dog. '.repeat(400) }];
    const provider = createProvider(settings({ model: 'tiny-model' }))!;
    const err = (await provider.chat({ messages: long, maxOutputTokens: 100 }).catch((e: unknown) => e)) as PagewiseError;
    expect(err.code).toBe('CONTEXT_TOO_LONG');
    expect(err.message).toMatch(/bug in Pagewise/);
    // prompt + requested output over the window (gpt-4o-mini: 128,000) is refused too.
    const err2 = await failure({}, { maxOutputTokens: 128_000 });
    expect(err2.code).toBe('CONTEXT_TOO_LONG');
  });
});

describe('streams, timeouts and cancellation', () => {
  it('cut stream -> STREAM_INTERRUPTED after the partial text was delivered, not retried', async () => {
    const full = await createProvider(settings())!.chat({ messages, maxOutputTokens: 200 });
    fake.reset();
    fake.setFault({ kind: 'cut-stream', afterChunks: 4 });
    const deltas: string[] = [];
    const err = await failure({}, { onDelta: (t) => deltas.push(t) });
    expect(err.code).toBe('STREAM_INTERRUPTED');
    expect(err.message).toMatch(/was cut off/);
    // the provider cannot know whether the caller keeps the partial text: it must not say so
    expect(err.message).not.toMatch(/kept/);
    expect(deltas.length).toBe(4);
    expect(full.text.startsWith(deltas.join(''))).toBe(true);
    expect(chatRequests()).toBe(1);
  });

  it('a stream cut before any text is retried', async () => {
    fake.setFault({ kind: 'cut-stream', afterChunks: 0 });
    const err = await failure({}, { onDelta: () => {} });
    expect(err.code).toBe('STREAM_INTERRUPTED');
    expect(chatRequests()).toBe(3);
  });

  it('hang -> TIMEOUT with a short timeout', async () => {
    fake.setFault({ kind: 'hang' });
    const err = await failure({ timeoutMs: 300 }, { onDelta: () => {} });
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain(`127.0.0.1:${fake.port}`);
    const err2 = await failure({ timeoutMs: 300 });
    expect(err2.code).toBe('TIMEOUT');
  });

  it('a stream that stalls after some text -> STREAM_INTERRUPTED by the idle timeout, partial text kept', async () => {
    fake.setFault({ kind: 'stall-stream', afterChunks: 2 });
    const deltas: string[] = [];
    const err = await failure({ timeoutMs: 400 }, { onDelta: (t) => deltas.push(t) });
    expect(err.code).toBe('STREAM_INTERRUPTED');
    expect(deltas.length).toBe(2);
  });

  it('abort midway -> CANCELLED, the rest of the answer is not delivered', async () => {
    const slow = await startFakeOpenAI({ chunkDelayMs: 200, wordsPerChunk: 1 });
    try {
      const controller = new AbortController();
      const deltas: string[] = [];
      const provider = createProvider(settings({ baseUrl: slow.baseUrl }))!;
      const err = (await provider
        .chat({
          messages,
          maxOutputTokens: 200,
          signal: controller.signal,
          onDelta: (t) => {
            deltas.push(t);
            if (deltas.length === 2) controller.abort();
          },
        })
        .catch((e: unknown) => e)) as PagewiseError;
      expect(err).toBeInstanceOf(PagewiseError);
      expect(err.code).toBe('CANCELLED');
      expect(deltas.length).toBe(2);
      expect(slow.requests.length).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('an already aborted signal sends nothing', async () => {
    const err = await failure({}, { signal: AbortSignal.abort() });
    expect(err.code).toBe('CANCELLED');
    expect(chatRequests()).toBe(0);
  });
});
