// The fake OpenAI server itself, over plain HTTP: shapes, control API, deterministic answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { answerFor, NO_ANSWER } from '../fake-openai/answers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 1 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const auth = { authorization: 'Bearer sk-test', 'content-type': 'application/json' };

async function post(path: string, body: unknown, headers: Record<string, string> = auth): Promise<Response> {
  return fetch(`${fake.origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('HTTP surface', () => {
  it('lists models and requires a key', async () => {
    const ok = await fetch(`${fake.baseUrl}/models`, { headers: auth });
    const list = (await ok.json()) as { object: string; data: { id: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining(['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini']));
    const res = await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string } };
    expect(body.error.type).toBe('invalid_request_error');
  });

  it('returns the real context_length_exceeded error shape', async () => {
    const res = await post('/v1/chat/completions', { model: 'gpt-4o-mini', max_tokens: 128_000, messages: [{ role: 'user', content: 'hello there' }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' });
    expect(String(body.error.message)).toMatch(/maximum context length is 128000 tokens/);
  });

  it('controls faults over HTTP and records requests without credentials', async () => {
    const set = await fetch(`${fake.origin}/__control/fault`, { method: 'POST', body: JSON.stringify({ kind: 'server-error', times: 1 }) });
    expect(set.status).toBe(200);
    const bad = await fetch(`${fake.origin}/__control/fault`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
    expect(bad.status).toBe(400);
    expect((await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(500);
    expect((await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    const recorded = (await (await fetch(`${fake.origin}/__control/requests`)).json()) as { path: string; status: number; headers: Record<string, string>; auth: string; messages: unknown[] }[];
    expect(recorded.map((r) => r.status)).toEqual([500, 200]);
    expect(recorded[1]).toMatchObject({ path: '/v1/chat/completions', auth: 'bearer', messages: [{ role: 'user', content: 'hi' }] });
    expect(JSON.stringify(recorded)).not.toContain('sk-test');
    await fetch(`${fake.origin}/__control/reset`, { method: 'POST' });
    expect(await (await fetch(`${fake.origin}/__control/requests`)).json()).toEqual([]);
  });

  it('streams the real chunk shapes with a final usage chunk and [DONE]', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: '<page number="2">Payment is due in thirty days. Late fees apply.</page>\nQuestion: When is payment due?' }],
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { object: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; usage: unknown });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: expect.any(Number), prompt_tokens_details: { cached_tokens: 0 } });
    const text = chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).join('');
    expect(text).toBe('The document says: "Payment is due in thirty days." [p. 2]');
  });
});

describe('deterministic answers', () => {
  const doc =
    '<page number="4" label="2">Section 9. Termination.\nEither party may terminate this\nagreement with ninety days written notice. The "Effective Date" is 1 May 2024.</page>\n' +
    '<page number="5" label="3">Payment terms are net thirty days. Invoices are sent monthly.</page>';

  it('quotes the best-overlap sentence verbatim (whitespace collapsed) with its page', () => {
    const a = answerFor([{ role: 'user', content: doc }, { role: 'user', content: 'Question: How can the agreement be terminated?' }]);
    expect(a).toBe('The document says: "Either party may terminate this agreement with ninety days written notice." [p. 4]');
  });

  it('says so when nothing matches', () => {
    expect(answerFor([{ role: 'user', content: doc }, { role: 'user', content: 'Question: zebra?' }])).toBe(NO_ANSWER);
  });

  it('summaries: first sentence of up to 6 pages as cited bullets; reduce repeats cited bullets', () => {
    const many = Array.from({ length: 10 }, (_, i) => `<page number="${i + 1}">Point ${i + 1} is made here. More text.</page>`).join('\n');
    const summary = answerFor([{ role: 'user', content: many }, { role: 'user', content: 'Task: summarize the pages.' }]);
    const lines = summary.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('- "Point 1 is made here." [p. 1]');
    expect(lines.at(-1)).toBe('- "Point 10 is made here." [p. 10]');
    const reduced = answerFor([{ role: 'user', content: `Partial summaries:\n${summary}\nnot cited line` }, { role: 'user', content: 'Task: merge.' }]);
    expect(reduced).toBe(summary);
  });
});
