/**
 * extraction.* and template.*: structured extraction (issue 12). A template is a list of fields (name,
 * description, type); a run reads each document once (or per group of fields when it does not fit) and gives
 * every field a typed value or "not stated", the verbatim quote it came from, the page, and whether the app
 * found that quote on that page.
 */
import * as z from './zod';
import { PlanSchema, StrategySchema, UsageSchema } from './domain';
import { DocIdSchema, EmptyInputSchema, defineOp } from './op';
import { ScopeSchema } from './scope';

export const FIELD_TYPES = ['text', 'number', 'money', 'date', 'yesno', 'list'] as const;
export const FieldTypeSchema = z.lazy(() => z.enum(FIELD_TYPES));
export type FieldType = z.infer<typeof FieldTypeSchema>;
/** Words a person reads for each type (the template editor, `--fields` help). */
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  money: 'Money (amount and currency)',
  date: 'Date',
  yesno: 'Yes / no',
  list: 'List',
};

export const MAX_TEMPLATE_FIELDS = 60;

export const TemplateFieldSchema = z.lazy(() => z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'every field needs a name'), z.maxLength(80, 'a field name is at most 80 characters')),
  description: z._default(z.string().check(z.trim(), z.maxLength(600, 'a field description is at most 600 characters')), ''),
  type: z._default(FieldTypeSchema, 'text'),
}));
export type TemplateField = z.output<typeof TemplateFieldSchema>;

export const TemplateNameSchema = z.lazy(() => z.string().check(
  z.trim(),
  z.minLength(1, 'type a name for the template'),
  z.maxLength(80, 'the template name is too long (at most 80 characters)'),
));

/** A template as a file (export/import) and as an inline definition. */
export const TemplateDefinitionSchema = z.lazy(() => z.object({
  name: TemplateNameSchema,
  fields: z.array(TemplateFieldSchema).check(
    z.minLength(1, 'a template needs at least one field'),
    z.maxLength(MAX_TEMPLATE_FIELDS, `a template has at most ${MAX_TEMPLATE_FIELDS} fields`),
    z.refine((fs) => new Set(fs.map((f) => f.name.toLowerCase())).size === fs.length, 'two fields have the same name'),
  ),
}));
export type TemplateDefinition = z.output<typeof TemplateDefinitionSchema>;

export const TemplateSchema = z.lazy(() => z.object({
  /** Built-in templates: their name ("contract", "financials"); saved ones: a uuid. */
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  fields: z.array(TemplateFieldSchema),
  createdAt: z.nullable(z.string()),
  updatedAt: z.nullable(z.string()),
}));
export type Template = z.infer<typeof TemplateSchema>;

/** Which template a run uses: a built-in or saved one by name or id, or fields given inline. */
export const TemplateRefSchema = z.lazy(() => z.union([
  z.strictObject({ template: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
  z.strictObject({ definition: TemplateDefinitionSchema }),
]));
export type TemplateRef = z.input<typeof TemplateRefSchema>;

/** A typed value: text, number, {amount, currency}, ISO-like date text, yes/no, list of text; null = not stated. */
export const MoneySchema = z.lazy(() => z.strictObject({ amount: z.number(), currency: z.string() }));
export const FieldValueSchema = z.lazy(() => z.nullable(z.union([z.string(), z.number(), z.boolean(), MoneySchema, z.array(z.string())])));
export type FieldValue = z.infer<typeof FieldValueSchema>;

export const ExtractedFieldSchema = z.lazy(() => z.object({
  name: z.string(),
  type: FieldTypeSchema,
  value: FieldValueSchema,
  /** Verbatim text the value came from, as the model gave it (null when not stated). */
  quote: z.nullable(z.string()),
  /** Physical page (1-based) of the quote. */
  page: z.nullable(z.int().check(z.positive())),
  pageLabel: z.nullable(z.string()),
  /** The app found the quote on that page, and the page was sent. A value without a quote is never verified. */
  verified: z.boolean(),
}));
export type ExtractedField = z.infer<typeof ExtractedFieldSchema>;

export const ExtractionStatusSchema = z.lazy(() => z.enum(['complete', 'failed']));

/** One document's extraction with one template (stored; in history). */
export const ExtractionSchema = z.lazy(() => z.object({
  id: z.string(),
  docId: z.string(),
  title: z.string(),
  templateId: z.nullable(z.string()),
  templateName: z.string(),
  /** The template's fields as they were at the run. */
  templateFields: z.array(TemplateFieldSchema),
  fields: z.array(ExtractedFieldSchema),
  strategy: StrategySchema,
  /** Requests made (one per group of fields). */
  calls: z.nonNegativeInt(),
  /** Pages sent, page order. */
  pages: z.array(z.int().check(z.positive())),
  model: z.string(),
  usage: UsageSchema,
  predictedPromptTokens: z.nonNegativeInt(),
  costUsd: z.number().check(z.nonnegative()),
  status: ExtractionStatusSchema,
  /** Why it failed, in words a user can act on. */
  errorMessage: z.nullable(z.string()),
  /** What the model returned when it could not be read as the schema asked (kept for the user, never used). */
  rawOutput: z.nullable(z.string()),
  /** Results of a Batch API job (half price). */
  batch: z.boolean(),
  createdAt: z.string(),
}));
export type Extraction = z.infer<typeof ExtractionSchema>;

export const ExtractionGroupPlanSchema = z.lazy(() => z.object({
  fields: z.array(z.string()),
  pages: z.array(z.int().check(z.positive())),
  promptTokens: z.nonNegativeInt(),
}));

export const ExtractionDocPlanSchema = z.lazy(() => z.object({
  docId: z.string(),
  title: z.string(),
  plan: PlanSchema,
  /** One request per group; whole documents have one group of every field. */
  groups: z.array(ExtractionGroupPlanSchema),
}));

export const ExtractionPlanSchema = z.lazy(() => z.object({
  templateName: z.string(),
  fields: z.array(TemplateFieldSchema),
  scopeLabel: z.string(),
  documents: z.array(ExtractionDocPlanSchema),
  calls: z.nonNegativeInt(),
  promptTokens: z.nonNegativeInt(),
  estimatedCostUsd: z.number().check(z.nonnegative()),
  model: z.string(),
  /** No provider configured: nothing can be sent (extraction needs a model). */
  offline: z.boolean(),
}));
export type ExtractionPlan = z.infer<typeof ExtractionPlanSchema>;

export const ExtractionRunSchema = z.lazy(() => z.object({
  templateName: z.string(),
  fields: z.array(TemplateFieldSchema),
  scopeLabel: z.string(),
  documents: z.array(ExtractionSchema),
  usage: UsageSchema,
  predictedPromptTokens: z.nonNegativeInt(),
  costUsd: z.number().check(z.nonnegative()),
}));
export type ExtractionRun = z.infer<typeof ExtractionRunSchema>;

/** Exactly one of a document or a scope (the multi-document contract's rule). */
const targetShape = () => ({ docId: z.optional(DocIdSchema), scope: z.optional(ScopeSchema) });
function oneTarget<T extends { docId?: string | undefined; scope?: unknown }>(v: T): boolean {
  return (v.docId !== undefined) !== (v.scope !== undefined);
}
const TARGET_MESSAGE = { message: 'give a document or a scope' };

const RunInput = z.lazy(() => z.strictObject({
  ...targetShape(),
  template: TemplateRefSchema,
  budgetTokens: z.optional(z.nullable(z.int().check(z.positive(), z.lte(10_000_000)))),
}).check(z.refine(oneTarget, TARGET_MESSAGE)));

export const TableFormatSchema = z.lazy(() => z.enum(['csv', 'xlsx', 'json', 'md', 'html']));
export type TableFormat = z.infer<typeof TableFormatSchema>;

const TemplateOut = z.lazy(() => z.object({ template: TemplateSchema }));
const ExtractionIdSchema = z.lazy(() => z.string().check(z.trim(), z.minLength(1, 'an extraction id is required'), z.maxLength(200)));

export const extractOps = {
  'extraction.plan': defineOp({
    summary: 'What extracting these fields from the documents would send (pages per group of fields, exact prompt tokens, cost).',
    input: () => RunInput,
    output: () => ExtractionPlanSchema,
  }),
  'extraction.run': defineOp({
    summary: 'Extract the fields from each document, each value with its verbatim quote, page and verified mark.',
    input: () => RunInput,
    output: () => ExtractionRunSchema,
    events: ['progress'],
  }),
  'extraction.list': defineOp({
    summary: 'Past extractions, newest first (of one document, or all).',
    input: () => z.strictObject({ docId: z.optional(DocIdSchema), limit: z.optional(z.int().check(z.positive(), z.lte(1000))) }),
    output: () => z.object({ extractions: z.array(ExtractionSchema) }),
  }),
  'extraction.get': defineOp({
    summary: 'One stored extraction.',
    input: () => z.strictObject({ id: ExtractionIdSchema }),
    output: () => z.object({ extraction: ExtractionSchema }),
  }),
  'extraction.export': defineOp({
    summary: 'Extractions as a table (documents x fields) in CSV, XLSX, JSON, Markdown or HTML.',
    input: () => z.strictObject({ ids: z.array(ExtractionIdSchema).check(z.minLength(1, 'choose at least one extraction'), z.maxLength(2000)), format: TableFormatSchema }),
    output: () => z.object({ fileName: z.string(), mimeType: z.string(), dataBase64: z.string() }),
  }),
  'template.list': defineOp({
    summary: 'Extraction templates: the built-in ones and those saved in the library.',
    input: () => EmptyInputSchema,
    output: () => z.object({ templates: z.array(TemplateSchema) }),
  }),
  'template.get': defineOp({
    summary: 'One template by name or id.',
    input: () => z.strictObject({ template: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
    output: () => TemplateOut,
  }),
  'template.save': defineOp({
    summary: 'Save a template in the library (a new one, or replace the saved template with this id).',
    input: () => z.strictObject({ id: z.optional(z.string().check(z.maxLength(200))), definition: TemplateDefinitionSchema }),
    output: () => TemplateOut,
  }),
  'template.delete': defineOp({
    summary: 'Delete a saved template (built-in ones cannot be deleted).',
    input: () => z.strictObject({ template: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
    output: () => z.object({ deleted: z.boolean() }),
  }),
  'template.import': defineOp({
    summary: 'Save a template from its JSON file text.',
    input: () => z.strictObject({ json: z.string().check(z.minLength(1), z.maxLength(1_000_000)) }),
    output: () => TemplateOut,
  }),
  'template.export': defineOp({
    summary: 'A template as JSON file text (to share or edit).',
    input: () => z.strictObject({ template: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
    output: () => z.object({ fileName: z.string(), json: z.string() }),
  }),
} as const;
