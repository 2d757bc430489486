/**
 * Every extracted value's quote is checked against the cited page's stored text exactly as answer citations
 * are (analysis/citations.ts verifyCitations: the same normalisation, whole words, evidence length, the
 * page-break rule, and the page must have been sent). A value whose quote does not verify is kept but marked
 * unverified; a value with no quote or no page is never verified; "not stated" (null) has nothing to verify.
 * A number or an amount must also be one of the numbers its quote prints in digits (the prompt asks for
 * amounts as printed): a true quote with a different figure is not evidence for that figure. A quote that
 * prints no digits ("thirty thousand dollars") is checked as a quote only.
 */
import type { ExtractedField, TemplateField } from '../../../shared/api/extract';
import { verifyCitations } from '../analysis/citations';
import { pageInfos, pageTexts } from '../analysis/pages';
import type { Library } from '../store';
import type { RawField } from './schema';

/** The numbers a text prints ("81,462", "(7,158)", "3.62", "$1.2"), as absolute values. */
function printedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    const n = Number(m[0].replace(/,/g, ''));
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

/** Does the quote print the value (numbers and amounts; other types are checked by the quote alone)? */
export function valueInQuote(value: RawField['value'], quote: string): boolean {
  const amount = typeof value === 'number' ? value : value !== null && typeof value === 'object' && !Array.isArray(value) ? value.amount : null;
  if (amount === null) return true;
  const want = Math.abs(amount);
  const printed = printedNumbers(quote);
  if (printed.length === 0) return true;
  return printed.some((n) => Math.abs(n - want) <= 1e-9 * Math.max(1, want));
}

function isEmpty(value: RawField['value']): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

export function verifyFields(library: Library, docId: string, fields: readonly TemplateField[], raw: readonly RawField[], sentPages: readonly number[]): ExtractedField[] {
  const infos = new Map(pageInfos(library, docId).map((p) => [p.pageNumber, p]));
  const cited = [...new Set(raw.flatMap((r) => (r.page !== null && infos.has(r.page) ? [r.page, r.page + 1].filter((p) => infos.has(p)) : [])))];
  const texts = pageTexts(library, docId, cited);
  const context = new Set(sentPages);
  return fields.map((f, i) => {
    const r = raw[i] ?? { value: null, quote: null, page: null };
    const notStated = isEmpty(r.value);
    const quote = r.quote !== null && r.quote.trim() !== '' ? r.quote : null;
    const page = r.page !== null && r.page > 0 ? r.page : null;
    let verified = false;
    if (!notStated && quote !== null && page !== null) {
      const [c] = verifyCitations([{ page, quote, index: 0, document: null }], {
        pageText: (n) => (infos.has(n) ? (texts.get(n) ?? '') : undefined),
        contextPages: context,
      });
      verified = (c?.verified ?? false) && valueInQuote(r.value, quote);
    }
    return {
      name: f.name,
      type: f.type,
      value: notStated ? null : r.value,
      quote: notStated ? null : quote,
      page: notStated ? null : page,
      pageLabel: !notStated && page !== null ? (infos.get(page)?.label ?? null) : null,
      verified,
    };
  });
}
