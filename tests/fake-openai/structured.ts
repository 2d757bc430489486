/**
 * The fake model's Structured Outputs (`response_format: {type: "json_schema", json_schema: {schema}}`), as
 * Pagewise's extraction sends them (electron/core/extract/schema.ts): an object with one property per field,
 * each `{value, quote, page}`. The fake answers with JSON that fits the schema: for each field, the page
 * sentence with the best word overlap with the field's description (answers.ts bestSentence), quoted
 * verbatim with its page; the value is taken from that sentence by the value's type (first number, first
 * date, yes, the sentence). No overlap: all null ("not stated").
 *
 * Prompt tokens: the API bills the schema too. The fake counts it as tokens(JSON of the schema without the
 * `required`, `additionalProperties` and `$schema` keywords) + 9 (the rule measured against the API,
 * openai/openai-cookbook issue #2140), with its own tokenizer (tokenize.ts), independently of the app.
 *
 * Directives inside a field's description (the app sends them in the schema):
 * - `[fake:invalid-json]`: the reply is not JSON (a model that ignores the format);
 * - `[fake:wrong-shape]`: valid JSON that misses a field;
 * - `[fake:misquote]`: that field's quote is a sentence that is on no page (must not verify).
 */
import { bestSentence, parsePages } from './answers';
import { textTokens, type FakeMessage } from './tokenize';

export const RESPONSE_FORMAT_OVERHEAD = 9;
export const MISQUOTE_SENTENCE = 'The parties agree that this sentence appears on no page of the document';
const UNCOUNTED = new Set(['required', 'additionalProperties', '$schema']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonSchemaFormat {
  type: 'json_schema';
  json_schema: { name?: unknown; strict?: unknown; schema?: unknown };
}

export function isJsonSchemaFormat(value: unknown): value is JsonSchemaFormat {
  if (!value || typeof value !== 'object') return false;
  const v = value as { type?: unknown; json_schema?: unknown };
  return v.type === 'json_schema' && !!v.json_schema && typeof v.json_schema === 'object';
}

function strip(node: unknown, inProperties: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => strip(n, false));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inProperties && UNCOUNTED.has(key)) continue;
    out[key] = strip(value, !inProperties && key === 'properties');
  }
  return out;
}

/** Prompt tokens the response format adds. */
export function responseFormatTokens(format: JsonSchemaFormat): number {
  return textTokens(JSON.stringify(strip(format.json_schema.schema ?? {}, false))) + RESPONSE_FORMAT_OVERHEAD;
}

type ValueKind = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'money' | 'date';

function valueKind(schema: Record<string, unknown> | undefined): ValueKind {
  if (!schema) return 'string';
  if (Array.isArray(schema.anyOf)) return 'money';
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('number')) return 'number';
  if (types.includes('integer')) return 'integer';
  if (types.includes('array')) return 'array';
  if (typeof schema.description === 'string' && /YYYY-MM-DD/.test(schema.description)) return 'date';
  return 'string';
}

const NUMBER = /\(?-?\$?\s?\d[\d,]*(?:\.\d+)?\)?/;
const DATE = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/;

function numberIn(sentence: string): number | null {
  const m = NUMBER.exec(sentence);
  if (!m) return null;
  const negative = m[0].includes('(') || m[0].includes('-');
  const n = Number(m[0].replace(/[^\d.]/g, ''));
  return Number.isFinite(n) ? (negative ? -n : n) : null;
}

function valueFrom(kind: ValueKind, sentence: string): Json {
  switch (kind) {
    case 'boolean':
      return true;
    case 'number':
      return numberIn(sentence);
    case 'integer': {
      const n = numberIn(sentence);
      return n === null ? null : Math.round(n);
    }
    case 'array':
      return [sentence];
    case 'money': {
      const n = numberIn(sentence);
      return n === null ? null : { amount: n, currency: /€|\bEUR\b/.test(sentence) ? 'EUR' : 'USD' };
    }
    case 'date':
      return DATE.exec(sentence)?.[0] ?? sentence;
    case 'string':
      return sentence;
  }
}

/** The reply text for a structured request. */
export function structuredAnswer(messages: readonly FakeMessage[], format: JsonSchemaFormat): string {
  const schema = (format.json_schema.schema ?? {}) as { properties?: Record<string, Record<string, unknown>> };
  const properties = schema.properties ?? {};
  const descriptions = Object.values(properties).map((p) => (typeof p.description === 'string' ? p.description : ''));
  if (descriptions.some((d) => d.includes('[fake:invalid-json]'))) {
    return 'Here are the fields you asked for: parties are listed above, effective date as stated.';
  }
  const pages = parsePages(messages);
  const out: Record<string, Json> = {};
  for (const [key, prop] of Object.entries(properties)) {
    const description = (typeof prop.description === 'string' ? prop.description : key).replace(/\[fake:[a-z-]+\]/g, '');
    const valueSchema = (prop.properties as Record<string, Record<string, unknown>> | undefined)?.value;
    const kind = valueKind(valueSchema);
    const best = bestSentence(pages, description);
    const value = best ? valueFrom(kind, best.sentence) : null;
    if (!best || value === null) {
      out[key] = { value: null, quote: null, page: null };
      continue;
    }
    const misquote = typeof prop.description === 'string' && prop.description.includes('[fake:misquote]');
    out[key] = { value, quote: misquote ? MISQUOTE_SENTENCE : best.sentence, page: best.pageNumber };
  }
  if (descriptions.some((d) => d.includes('[fake:wrong-shape]'))) {
    const first = Object.keys(out)[0];
    if (first !== undefined) delete out[first];
  }
  return JSON.stringify(out);
}
