/**
 * What kind of document this is, read from its text, so that each vocabulary
 * is applied only where it belongs: finance vocabulary to financial filings
 * and reports, contract vocabulary to agreements. A document can be neither
 * (a book, a manual): then only the question's own words rank its pages.
 *
 * Financial: an SEC cover (the Commission's name and a form number) on the
 * first pages, statement pages (a statement title on top of a page dense with
 * numbers), many table pages. Contract: "agreement", "lease", "contract" in
 * the title or on the first page, numbered clause headings, "shall", the
 * usual closing words ("governed by the laws", "in witness whereof").
 */
import type { DocumentRecord } from '../../../../shared/api/domain';
import type { PageFeatures } from './features';

export interface DocumentKind {
  financial: boolean;
  contract: boolean;
  /** The evidence, for tests and benchmark logs. */
  financialScore: number;
  contractScore: number;
}

export function documentKind(doc: DocumentRecord, texts: ReadonlyMap<number, string>, features: ReadonlyMap<number, PageFeatures>): DocumentKind {
  const first = [1, 2, 3].map((n) => texts.get(n) ?? '').join('\n');
  const firstLower = first.toLowerCase();
  let financialScore = 0;
  if (/securities and exchange commission/.test(firstLower) && /\bform\s+(10-k|10-q|8-k|20-f|40-f|6-k|s-1|10-k405)\b/.test(firstLower)) financialScore += 3;
  if (/\b(annual|quarterly|interim) (financial )?report\b|\bearnings release\b|\bfinancial statements\b/.test(firstLower)) financialScore += 1;
  let statementPages = 0;
  let tablePages = 0;
  let clauseHeadings = 0;
  for (const f of features.values()) {
    if (f.statementTitles.size > 0 && f.numericDensity >= 0.12 && !f.looksLikeIndex) statementPages++;
    if (f.numericDensity >= 0.15) tablePages++;
    clauseHeadings += f.clauseHeadings.size;
  }
  financialScore += Math.min(3, statementPages);
  if (features.size > 0 && tablePages / features.size >= 0.2) financialScore += 1;

  let contractScore = 0;
  const named = `${doc.title}\n${doc.fileName}`.toLowerCase();
  if (/\b(agreement|contract|lease|addendum|amendment|terms and conditions|memorandum of understanding)\b/.test(named)) contractScore += 2;
  if (/\b(agreement|contract|lease)\b/.test(firstLower.slice(0, 600))) contractScore += 1;
  contractScore += Math.min(3, Math.floor(clauseHeadings / 2));
  let words = 0;
  let shall = 0;
  let closing = 0;
  for (const text of texts.values()) {
    const lower = text.toLowerCase();
    words += lower.split(/\s+/).length;
    shall += lower.match(/\bshall\b/g)?.length ?? 0;
    if (/governed by the laws?|in witness whereof|the parties agree|hereinafter|this agreement/.test(lower)) closing++;
  }
  if (words > 0 && (shall * 1000) / words >= 4) contractScore += 1;
  if (closing > 0 && closing / Math.max(1, texts.size) >= 0.2) contractScore += 1;
  return { financial: financialScore >= 2, contract: contractScore >= 3, financialScore, contractScore };
}
