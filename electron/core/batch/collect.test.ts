import { describe, expect, it } from 'vitest';
import { parseOutputFile, parseOutputLine } from './collect';

describe('batch output lines', () => {
  it('reads a 200 line as a chat result with its usage', () => {
    const line = parseOutputLine(
      JSON.stringify({
        id: 'batch_req_1',
        custom_id: 'req-0001',
        response: {
          status_code: 200,
          request_id: 'req_1',
          body: { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Rent is "4,000 dollars" [p. 1].' }, finish_reason: 'stop' }], usage: { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129, prompt_tokens_details: { cached_tokens: 0 } } },
        },
        error: null,
      }),
    );
    expect(line).toEqual({
      customId: 'req-0001',
      chat: { text: 'Rent is "4,000 dollars" [p. 1].', usage: { promptTokens: 120, completionTokens: 9, cachedTokens: 0, totalTokens: 129 }, finishReason: 'stop', usageReported: true, attempts: 1 },
      error: null,
    });
  });

  it('says why a line failed (HTTP error body, or a batch error), and skips what is not a line', () => {
    const failed = parseOutputFile(
      [
        JSON.stringify({ custom_id: 'a', response: { status_code: 400, body: { error: { message: 'Bad max_tokens.' } } }, error: null }),
        JSON.stringify({ custom_id: 'b', response: null, error: { code: 'batch_expired', message: 'Not run in time.' } }),
        'not json',
        JSON.stringify({ no: 'custom id' }),
        '',
      ].join('\n'),
    );
    expect(failed).toEqual([
      { customId: 'a', chat: null, error: 'Bad max_tokens. (HTTP 400)' },
      { customId: 'b', chat: null, error: 'Not run in time. (batch_expired)' },
    ]);
  });
});
