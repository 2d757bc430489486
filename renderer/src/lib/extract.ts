/** Extraction values as a person reads them, and the template choice the screens share. */
import type { ExtractedField, FieldValue, Template, TemplateRef } from '../../../shared/api';

export function valueText(value: FieldValue): string {
  if (value === null) return 'Not stated';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('; ');
  return `${value.amount.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${value.currency}`;
}

export function checkText(f: ExtractedField): string {
  if (f.value === null) return 'not stated in the document';
  return f.verified ? `verified: the quote is on page ${f.page ?? '?'}` : `not verified: Pagewise could not find this quote on page ${f.page ?? '?'}; check the page yourself`;
}

export function refOf(template: Template | null): TemplateRef | null {
  return template ? { template: template.id } : null;
}

