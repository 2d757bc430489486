// Page ranking on generated documents whose pages differ: a filing-like report (cover, contents,
// narrative, the three statements on their own pages, notes) and a services agreement whose clauses
// sit on different pages. A wrong page selection fails here. Real PDFs, real SQLite library.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../store';
import { ingestFile } from '../../ingest';
import { resolveModel } from '../../llm/models';
import { bookPageLines, makeTextPdf, writeTempFixture } from '../../../../tests/fixtures/make-fixtures';
import { AGREEMENT_PAGES, FILING_PAGES, makeFilingPdf, makeServicesAgreementPdf } from '../../../../tests/fixtures/make-ranking-fixtures';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisContext } from '../types';
import { planQuestionDetail } from '../plan';
import { blockTokens } from '../pages';
import { documentFeatures } from './features';
import { questionTerms, rankPages } from './index';

let dir: string;
let library: Library;
let filing: string;
let agreement: string;
let book: string;
const written: string[] = [];

async function ingest(name: string, bytes: Uint8Array): Promise<string> {
  const file = writeTempFixture(`${process.pid}-${name}`, bytes);
  written.push(file);
  return (await ingestFile(library, file, { workers: 1 })).document.id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-ranking-'));
  library = openLibrary(path.join(dir, 'library.db'));
  filing = await ingest('rank-filing.pdf', await makeFilingPdf({ company: 'ACME ROCKET WORKS, INC.', short: 'Acme', fiscalYear: 2022 }));
  agreement = await ingest('rank-msa.pdf', await makeServicesAgreementPdf());
  book = await ingest('rank-book.pdf', await makeTextPdf({ title: 'A walk in the hills', pages: Array.from({ length: 12 }, (_, i) => bookPageLines(i + 1).map((l) => l.text).join('\n')) }));
});
afterAll(() => {
  library?.close();
  rmSync(dir, { recursive: true, force: true });
  for (const f of written) rmSync(f, { force: true });
});

const top = (docId: string, question: string, n = 1): number[] => rankPages(library, docId, question).slice(0, n).map((r) => r.pageNumber);
const kindOf = (docId: string) => {
  const doc = library.getDocument(docId);
  if (!doc) throw new Error('missing');
  return documentFeatures(library, doc).kind;
};

describe('document kind', () => {
  it('knows a filing, an agreement and a book apart', () => {
    expect(kindOf(filing)).toMatchObject({ financial: true, contract: false });
    expect(kindOf(agreement)).toMatchObject({ financial: false, contract: true });
    expect(kindOf(book)).toMatchObject({ financial: false, contract: false });
  });
});

describe('rankPages on a filing', () => {
  it('finds the cash-flow statement for capital expenditures, not the prose about spending', () => {
    expect(top(filing, 'What were capital expenditures in fiscal 2022?')).toEqual([FILING_PAGES.cashflow]);
    expect(top(filing, 'How much cash came from operating activities according to the cash flow statement?')).toEqual([FILING_PAGES.cashflow]);
  });

  it('finds the balance sheet for balance-sheet items and ratios', () => {
    expect(top(filing, 'What were total current assets at the end of the year?')).toEqual([FILING_PAGES.balance]);
    expect(top(filing, 'What is the current ratio?')).toEqual([FILING_PAGES.balance]);
  });

  it('finds the income statement for margins and earnings per share', () => {
    expect(top(filing, 'What was diluted earnings per share?')).toEqual([FILING_PAGES.income]);
    expect(top(filing, 'What was the gross margin?')).toEqual([FILING_PAGES.income]);
  });

  it('never puts the table of contents first, though it names every statement', () => {
    for (const q of ['Show the consolidated balance sheets.', 'Where are the consolidated statements of cash flows?', 'consolidated statements of operations']) {
      expect(top(filing, q)[0]).not.toBe(FILING_PAGES.contents);
    }
  });

  it('finds narrative and note pages by their own words', () => {
    expect(top(filing, 'How many people were employed at year end?')).toEqual([FILING_PAGES.employees]);
    expect(top(filing, 'What is the warranty reserve?')).toEqual([FILING_PAGES.warranty]);
    expect(top(filing, 'What are the expected future pension benefit payments?')).toEqual([FILING_PAGES.pensionNote]);
    expect(top(filing, 'Which risks could halt production?')).toEqual([FILING_PAGES.risks]);
    expect(top(filing, 'What drove the change in operating margin?', 2)).toContain(FILING_PAGES.mdna);
  });
});

describe('rankPages on an agreement', () => {
  // paraphrases: the words of the question are not the clause's (plain BM25 picks other pages for most)
  const cases: [string, number][] = [
    ['Can the customer get out early?', AGREEMENT_PAGES.termination],
    ['Does the deal roll over on its own?', AGREEMENT_PAGES.termination],
    ["Which country's or state's rules apply?", AGREEMENT_PAGES.governingLaw],
    ['Who pays if someone sues?', AGREEMENT_PAGES.indemnification],
    ['Is there a cap on damages?', AGREEMENT_PAGES.liability],
    ['Can the supplier hand over the contract to someone else?', AGREEMENT_PAGES.assignment],
    ['When is the money due?', AGREEMENT_PAGES.payment],
    ['How do we tell the other side something formally?', AGREEMENT_PAGES.notices],
    ['Is there a non-disclosure duty?', AGREEMENT_PAGES.confidentiality],
  ];
  for (const [question, page] of cases) {
    it(`"${question}" -> page ${page}`, () => {
      expect(top(agreement, question)).toEqual([page]);
    });
  }
});

describe('question terms', () => {
  it('drops function words and asking verbs, keeps what a page would say', () => {
    expect(questionTerms('Please explain what the termination notice period is in the lease?')).toEqual(['termination', 'notice', 'period', 'lease']);
  });
});

describe('focused plans send the right page', () => {
  const ctx = (): AnalysisContext => ({ library, provider: null, model: resolveModel('gpt-4o-mini'), settings: { ...DEFAULT_ANALYSIS_SETTINGS } });
  const budgetFor = (docId: string, pages: number): number => {
    const counts = [...blockTokens(library, docId, rankPages(library, docId, 'x').map((r) => r.pageNumber)).values()].sort((a, b) => b - a);
    return counts.slice(0, pages).reduce((n, t) => n + t, 0);
  };

  it('a two-page budget on the filing sends the cash-flow statement for capital expenditures', () => {
    const detail = planQuestionDetail(ctx(), filing, 'What were capital expenditures in fiscal 2022?', { budgetTokens: budgetFor(filing, 2) });
    expect(detail.strategy).toBe('focused');
    expect(detail.pages).toContain(FILING_PAGES.cashflow);
    expect(detail.pages.length).toBeLessThanOrEqual(3);
  });

  it('a one-page budget on the agreement sends the governing-law clause', () => {
    const detail = planQuestionDetail(ctx(), agreement, 'Which courts decide a dispute, and under which law?', { budgetTokens: budgetFor(agreement, 1) });
    expect(detail.strategy).toBe('focused');
    expect(detail.pages).toContain(AGREEMENT_PAGES.governingLaw);
    expect(detail.pages.length).toBeLessThanOrEqual(2);
  });
});
