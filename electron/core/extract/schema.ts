/**
 * The structured-output schema of one extraction request, and its twin zod validator.
 *
 * OpenAI strict mode (Structured Outputs) accepts a subset of JSON Schema: every object lists ALL its
 * properties in `required` and sets `additionalProperties: false`; an optional value is a type union with
 * "null" (`"type": ["string", "null"]`, or `anyOf: [..., {"type": "null"}]` for an object). Each field is
 * `{ value, quote, page }`: value typed (or null: not stated), quote verbatim, page the <page> number.
 *
 * The model's JSON is validated with zod all the same (a compatible server may ignore the schema, and a
 * reply cut at max_tokens is not JSON): see parseModelJson.
 *
 * Token count of the schema (rule 4, count then send): OpenAI bills the response_format schema as prompt
 * tokens but does not document how. We count it as tokens(JSON of the schema without the `required`,
 * `additionalProperties` and `$schema` keywords) + RESPONSE_FORMAT_OVERHEAD, the rule reported from
 * measurements against the API (openai/openai-cookbook issue #2140). The fake server (tests/fake-openai/
 * structured.ts) reports usage by the same rule with its own tokenizer, so the test of "predicted ==
 * reported" checks our arithmetic; against the real API the rule is an approximation we have not measured.
 */
import * as z from '../../../shared/api/zod';
import type { FieldType, FieldValue, TemplateField } from '../../../shared/api/extract';
import { countTokens } from '../tokens';
import type { JsonSchemaResponseFormat } from '../llm/types';

/** Tokens the API adds for a json_schema response format beyond the schema's own (see the header). */
export const RESPONSE_FORMAT_OVERHEAD = 9;
/** Keywords the API leaves out of the prompt it builds from a schema. */
const UNCOUNTED_KEYWORDS = new Set(['required', 'additionalProperties', '$schema']);
/** Keys a field may not take (they would be read as schema keywords). */
const RESERVED_KEYS = new Set(['required', 'additionalproperties', '$schema', 'properties', 'type']);

export const SCHEMA_NAME = 'pagewise_extraction';

/** JSON property keys for the fields: snake_case of the name, unique ("Net income" -> "net_income"). */
export function fieldKeys(fields: readonly TemplateField[]): string[] {
  const used = new Set<string>();
  return fields.map((f, i) => {
    let base = f.name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 48);
    if (base === '' || RESERVED_KEYS.has(base)) base = `field_${i + 1}`;
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    return key;
  });
}

function valueSchema(type: FieldType): Record<string, unknown> {
  switch (type) {
    case 'text':
      return { type: ['string', 'null'] };
    case 'number':
      return { type: ['number', 'null'] };
    case 'date':
      return { type: ['string', 'null'], description: 'YYYY-MM-DD when the day is stated, else as written' };
    case 'yesno':
      return { type: ['boolean', 'null'] };
    case 'list':
      return { type: ['array', 'null'], items: { type: 'string' } };
    case 'money':
      return {
        anyOf: [
          {
            type: 'object',
            properties: { amount: { type: 'number' }, currency: { type: 'string', description: 'ISO 4217 code, e.g. USD' } },
            required: ['amount', 'currency'],
            additionalProperties: false,
          },
          { type: 'null' },
        ],
      };
  }
}

export function fieldDescription(f: TemplateField): string {
  return f.description === '' ? f.name : `${f.name}: ${f.description}`;
}

/** The JSON Schema of one request's answer: one property per field. */
export function extractionJsonSchema(fields: readonly TemplateField[]): Record<string, unknown> {
  const keys = fieldKeys(fields);
  const properties: Record<string, unknown> = {};
  fields.forEach((f, i) => {
    properties[keys[i] as string] = {
      type: 'object',
      description: fieldDescription(f),
      properties: {
        value: valueSchema(f.type),
        quote: { type: ['string', 'null'] },
        page: { type: ['integer', 'null'] },
      },
      required: ['value', 'quote', 'page'],
      additionalProperties: false,
    };
  });
  return { type: 'object', properties, required: keys, additionalProperties: false };
}

export function responseFormatFor(fields: readonly TemplateField[]): JsonSchemaResponseFormat {
  return { type: 'json_schema', json_schema: { name: SCHEMA_NAME, strict: true, schema: extractionJsonSchema(fields) } };
}

/** The schema as the prompt tokens see it: the uncounted keywords dropped (not inside a `properties` map). */
export function countedSchemaForm(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((n) => countedSchemaForm(n));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (!inProperties && UNCOUNTED_KEYWORDS.has(k)) continue;
    out[k] = countedSchemaForm(v, !inProperties && k === 'properties');
  }
  return out;
}

/** Prompt tokens a response format adds to a request (header: the rule and its source). */
export function responseFormatTokens(format: JsonSchemaResponseFormat): number {
  return countTokens(JSON.stringify(countedSchemaForm(format.json_schema.schema))) + RESPONSE_FORMAT_OVERHEAD;
}

function valueZod(type: FieldType): z.ZodMiniType<FieldValue> {
  switch (type) {
    case 'text':
    case 'date':
      return z.nullable(z.string());
    case 'number':
      return z.nullable(z.number());
    case 'yesno':
      return z.nullable(z.boolean());
    case 'list':
      return z.nullable(z.array(z.string()));
    case 'money':
      return z.nullable(z.strictObject({ amount: z.number(), currency: z.string() }));
  }
}

export interface RawField {
  value: FieldValue;
  quote: string | null;
  page: number | null;
}

/** The zod twin of extractionJsonSchema: the model's answer must be exactly this. */
export function extractionZod(fields: readonly TemplateField[]): z.ZodMiniType<Record<string, RawField>> {
  const keys = fieldKeys(fields);
  const shape: Record<string, z.ZodMiniType<RawField>> = {};
  fields.forEach((f, i) => {
    shape[keys[i] as string] = z.strictObject({ value: valueZod(f.type), quote: z.nullable(z.string()), page: z.nullable(z.int()) });
  });
  return z.strictObject(shape) as unknown as z.ZodMiniType<Record<string, RawField>>;
}

export type ParsedAnswer = { ok: true; fields: RawField[] } | { ok: false; reason: string };

/** The model's text -> one RawField per field (template order), or why it cannot be used. */
export function parseModelJson(text: string, fields: readonly TemplateField[]): ParsedAnswer {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the model did not answer with valid JSON' };
  }
  const parsed = extractionZod(fields).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, reason: `the model's JSON does not fit the fields (${issue?.message ?? 'unknown problem'}${where})` };
  }
  const keys = fieldKeys(fields);
  return { ok: true, fields: keys.map((k) => parsed.data[k] as RawField) };
}
