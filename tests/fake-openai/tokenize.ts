/**
 * The fake server's own token counting: gpt-tokenizer's o200k_base, a second
 * implementation independent of the app's (js-tiktoken in electron/core/tokens),
 * so that "the app's count equals the server's usage" is not circular.
 *
 * Chat format of the gpt-4o family, as the API reports usage.prompt_tokens:
 * every message costs 3 tokens (<|im_start|>, <|im_sep|>, <|im_end|>)
 * + tokens(role) + tokens(content); the reply is primed with 3 more.
 */
import { countTokens, decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

export const PER_MESSAGE = 3;
export const REPLY_PRIMING = 3;

/** Special-token strings in user text are plain text to the API, not control tokens. */
const PLAIN = { disallowedSpecial: new Set<string>() };

export interface FakeMessage {
  role: string;
  content: string;
  /** Tokens of the message's image parts (images.ts), counted by the requested model's rule. */
  imageTokens?: number;
  /** The PNG page images the message carried (size read from the data URL) and the detail asked for. */
  images?: { width: number; height: number; detail: string }[];
}

export function textTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text, PLAIN);
}

export function messageTokens(message: FakeMessage): number {
  return PER_MESSAGE + textTokens(message.role) + textTokens(message.content) + (message.imageTokens ?? 0);
}

export function chatPromptTokens(messages: readonly FakeMessage[]): number {
  let total = REPLY_PRIMING;
  for (const m of messages) total += messageTokens(m);
  return total;
}

/** The first maxTokens tokens of text (for finish_reason "length"). */
export function truncateToTokens(text: string, maxTokens: number): string {
  const tokens = encode(text, PLAIN);
  if (tokens.length <= maxTokens) return text;
  return decode(tokens.slice(0, Math.max(0, maxTokens)));
}
