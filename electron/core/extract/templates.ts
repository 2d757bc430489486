/**
 * Extraction templates: the built-in `contract` and `financials`, the JSON file form (export/import), the
 * inline `--fields "name: description; ..."` form, and resolving a TemplateRef against the saved ones.
 */
import {
  TemplateDefinitionSchema,
  type FieldType,
  type Template,
  type TemplateDefinition,
  type TemplateField,
  type TemplateRef,
} from '../../../shared/api/extract';
import { PagewiseError } from '../errors';
import type { Library } from '../store';

function field(name: string, type: FieldType, description: string): TemplateField {
  return { name, type, description };
}

export const BUILT_IN_TEMPLATES: readonly Template[] = [
  {
    id: 'contract',
    name: 'contract',
    builtIn: true,
    createdAt: null,
    updatedAt: null,
    fields: [
      field('Parties', 'list', 'The parties to the agreement, by their full names as written (the companies or people who sign it).'),
      field('Effective date', 'date', 'The date the agreement takes effect (effective date, commencement date, or the date it is made).'),
      field('Term', 'text', 'How long the agreement runs (initial term), e.g. "five years from the effective date".'),
      field('Renewal', 'text', 'Whether and how the agreement renews (automatic renewal, renewal terms, options to extend).'),
      field('Termination notice', 'text', 'The notice a party must give to terminate the agreement or to stop it renewing (e.g. "ninety days written notice").'),
      field('Governing law', 'text', 'The law that governs the agreement (the state or country), from the governing law clause.'),
      field('Payment terms', 'text', 'What is paid, how much, and when (fees, rent, prices, invoicing and payment deadlines).'),
      field('Liability cap', 'text', 'The limit on a party\'s liability (limitation of liability clause), e.g. the fees paid in the last twelve months.'),
      field('Indemnification', 'text', 'Who indemnifies whom and for what (indemnification or hold harmless clause).'),
      field('Assignment', 'text', 'Whether a party may assign or transfer the agreement, and with whose consent.'),
      field('Confidentiality', 'text', 'The confidentiality obligations (what must be kept confidential, for how long).'),
    ],
  },
  {
    id: 'financials',
    name: 'financials',
    builtIn: true,
    createdAt: null,
    updatedAt: null,
    fields: [
      field('Period end', 'date', 'The last day of the fiscal year or period the financial statements cover (e.g. "fiscal year ended December 31, 2022").'),
      field('Revenue', 'money', 'Total revenue (net sales, total net revenues) for the period, from the income statement (statement of operations).'),
      field('Operating income', 'money', 'Operating income (income from operations, operating profit) for the period, from the income statement.'),
      field('Net income', 'money', 'Net income (net earnings) for the period attributable to the company, from the income statement.'),
      field('Diluted EPS', 'number', 'Diluted earnings per share for the period, from the income statement.'),
      field('Total assets', 'money', 'Total assets at the end of the period, from the balance sheet (statement of financial position).'),
      field('Cash from operations', 'money', 'Net cash provided by operating activities for the period, from the statement of cash flows.'),
      field('Capital expenditure', 'money', 'Capital expenditure: purchases of property, plant and equipment (additions to property and equipment, capital expenditures) for the period, from the statement of cash flows.'),
    ],
  },
];

/** What a template file holds: `{"pagewise":"extraction-template","version":1,"name":...,"fields":[...]}`. */
export const TEMPLATE_FILE_KIND = 'extraction-template';

export function templateFileJson(t: Pick<Template, 'name' | 'fields'>): string {
  return `${JSON.stringify({ pagewise: TEMPLATE_FILE_KIND, version: 1, name: t.name, fields: t.fields }, null, 2)}\n`;
}

/** A template file's text -> a definition; a message that says what is wrong otherwise. */
export function parseTemplateFile(text: string, fallbackName = 'Imported template'): TemplateDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PagewiseError('INVALID_INPUT', `The template file is not JSON (${(error as Error).message}). Export a template from Pagewise to see the expected form.`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PagewiseError('INVALID_INPUT', 'The template file must hold one object with "name" and "fields".');
  }
  const obj = raw as Record<string, unknown>;
  const parsed = TemplateDefinitionSchema.safeParse({ name: typeof obj.name === 'string' ? obj.name : fallbackName, fields: obj.fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
    throw new PagewiseError('INVALID_INPUT', `The template file is not a valid template: ${issue?.message ?? 'unknown problem'}${where}.`);
  }
  return parsed.data;
}

const TYPE_WORDS: Record<string, FieldType> = {
  text: 'text',
  number: 'number',
  money: 'money',
  amount: 'money',
  date: 'date',
  yesno: 'yesno',
  'yes/no': 'yesno',
  boolean: 'yesno',
  list: 'list',
};

/**
 * `--fields "Governing law: the law that governs; Cap (money): the liability cap; Parties (list)"`:
 * fields separated by ";", each `name[ (type)][: description]`.
 */
export function parseInlineFields(spec: string, name = 'Custom fields'): TemplateDefinition {
  const fields: TemplateField[] = [];
  for (const part of spec.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    let head = (colon >= 0 ? item.slice(0, colon) : item).trim();
    const description = colon >= 0 ? item.slice(colon + 1).trim() : '';
    let type: FieldType = 'text';
    const typed = /\(([^)]+)\)\s*$/.exec(head);
    if (typed?.[1]) {
      const word = typed[1].trim().toLowerCase();
      const t = TYPE_WORDS[word];
      if (!t) throw new PagewiseError('INVALID_INPUT', `Unknown field type "${typed[1]}" in --fields: use text, number, money, date, yesno or list.`);
      type = t;
      head = head.slice(0, typed.index).trim();
    }
    fields.push({ name: head, description, type });
  }
  const parsed = TemplateDefinitionSchema.safeParse({ name, fields });
  if (!parsed.success) {
    throw new PagewiseError('INVALID_INPUT', `--fields: ${parsed.error.issues[0]?.message ?? 'not a list of fields'}. Write fields as "name: description; name (money): description".`);
  }
  return parsed.data;
}

export function listTemplates(library: Library): Template[] {
  return [...BUILT_IN_TEMPLATES, ...library.extractions.listTemplates()];
}

/** A built-in or saved template by id or name (any case). */
export function findTemplate(library: Library, ref: string): Template {
  const wanted = ref.trim().toLowerCase();
  const builtIn = BUILT_IN_TEMPLATES.find((t) => t.id === wanted);
  if (builtIn) return builtIn;
  const saved = library.extractions.listTemplates();
  const hit = saved.find((t) => t.id === ref.trim()) ?? saved.find((t) => t.name.toLowerCase() === wanted);
  if (hit) return hit;
  const names = [...BUILT_IN_TEMPLATES, ...saved].map((t) => t.name).join(', ');
  throw new PagewiseError('INVALID_INPUT', `No template named "${ref}". Templates: ${names}. Or give fields with --fields "name: description; ...".`);
}

/** The template a run uses (a saved/built-in one, or an inline definition with no id). */
export function resolveTemplate(library: Library, ref: TemplateRef): { id: string | null; name: string; fields: TemplateField[] } {
  if ('template' in ref) {
    const t = findTemplate(library, ref.template);
    return { id: t.id, name: t.name, fields: t.fields };
  }
  const def = TemplateDefinitionSchema.parse(ref.definition);
  return { id: null, name: def.name, fields: def.fields };
}
