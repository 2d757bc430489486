/**
 * Token counting for GPT-4o-family models (o200k_base): exact, and fast on any input.
 * See encoder.ts for how counts are kept identical to js-tiktoken.
 */
import type { ModelInfo } from '../llm/models';
import { countO200k, encodeO200k } from './encoder';

/** Number of o200k_base tokens in `text`; equals js-tiktoken `encode(text, [], []).length`. Never throws. */
export function countTokens(text: string): number {
  return countO200k(text);
}

/** o200k_base token ids of `text`; identical to js-tiktoken `encode(text, [], [])`. */
export function encodeTokens(text: string): number[] {
  return encodeO200k(text);
}

/** A page image sent with a message (vision transcription): a data URL, the detail asked for, its size. */
export interface ChatImage {
  url: string;
  detail: 'low' | 'high';
  width: number;
  height: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Sent after the text as image_url content parts; their tokens are counted by the model's image rule (ocr/vision.ts). */
  images?: ChatImage[];
}

/** Each message costs <|im_start|>, <|im_sep|> (after the role) and <|im_end|>. */
export const CHAT_TOKENS_PER_MESSAGE = 3;
/** Every reply is primed with <|im_start|>assistant<|im_sep|>. */
export const CHAT_REPLY_PRIMING_TOKENS = 3;

/**
 * What the OpenAI API reports as usage.prompt_tokens for a gpt-4o-family chat request with these
 * messages: sum over messages of (3 + tokens(role) + tokens(content)) + 3 for reply priming.
 */
export function countChatTokens(messages: ChatMessage[]): number {
  let total = CHAT_REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += CHAT_TOKENS_PER_MESSAGE + countO200k(message.role) + countO200k(message.content);
  }
  return total;
}

/**
 * Tokens left for document text: context window - reserved output - overhead (every other prompt token,
 * chat-format overhead included). Never negative: 0 means nothing fits.
 */
export function inputBudget(model: ModelInfo, reservedOutput: number, overheadTokens: number): number {
  const budget = model.contextWindow - Math.max(0, reservedOutput) - Math.max(0, overheadTokens);
  return Number.isFinite(budget) ? Math.max(0, Math.floor(budget)) : 0;
}
