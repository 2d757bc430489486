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

/** A template's file, downloaded by the browser (Electron asks where to save it). */
export function downloadText(fileName: string, text: string, mimeType = 'application/json'): void {
  downloadBytes(fileName, new TextEncoder().encode(text), mimeType);
}

export function downloadBase64(fileName: string, dataBase64: string, mimeType: string): void {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  downloadBytes(fileName, bytes, mimeType);
}

function downloadBytes(fileName: string, bytes: Uint8Array, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
