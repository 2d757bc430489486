// Choosing documents and ranking pages across them, on real generated PDFs in a real SQLite library.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../store';
import { ingestFile } from '../ingest';
import { isPagewiseError } from '../errors';
import { makeContractPdf, writeTempFixture } from '../../../tests/fixtures/make-fixtures';
import { AGREEMENT_PAGES, FILING_PAGES, makeFilingPdf, makeServicesAgreementPdf } from '../../../tests/fixtures/make-ranking-fixtures';
import { chooseDocuments, rankPagesAcross } from './rank-across';

let dir: string;
let library: Library;
const written: string[] = [];
const ids: Record<'acme2021' | 'acme2022' | 'acmeQ1' | 'globex' | 'wayne' | 'agreement' | 'lease', string> = {
  acme2021: '', acme2022: '', acmeQ1: '', globex: '', wayne: '', agreement: '', lease: '',
};

async function ingest(name: string, bytes: Uint8Array): Promise<string> {
  const file = writeTempFixture(`${process.pid}-${name}`, bytes);
  written.push(file);
  return (await ingestFile(library, file, { workers: 1 })).document.id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-rank-across-'));
  library = openLibrary(path.join(dir, 'library.db'));
  ids.acme2021 = await ingest('ACMEROCKETWORKS_2021_10K.pdf', await makeFilingPdf({ company: 'ACME ROCKET WORKS, INC.', short: 'Acme', fiscalYear: 2021, scale: 0.9 }));
  ids.acme2022 = await ingest('ACMEROCKETWORKS_2022_10K.pdf', await makeFilingPdf({ company: 'ACME ROCKET WORKS, INC.', short: 'Acme', fiscalYear: 2022 }));
  ids.acmeQ1 = await ingest('acme-q1.pdf', await makeFilingPdf({ company: 'ACME ROCKET WORKS, INC.', short: 'Acme', fiscalYear: 2022, form: '10-Q', quarter: 1, scale: 0.25 }));
  ids.globex = await ingest('annual-report.pdf', await makeFilingPdf({ company: 'GLOBEX INDUSTRIAL CORPORATION', short: 'Globex', fiscalYear: 2022, scale: 1.7, title: 'Globex 10-K 2022' }));
  ids.wayne = await ingest('bank-report.pdf', await makeFilingPdf({ company: 'Wayne Enterprises Holdings, Inc.', short: 'Wayne', fiscalYear: 2021, form: '10-Q', quarter: 2, scale: 3 }));
  ids.agreement = await ingest('msa-signed.pdf', await makeServicesAgreementPdf());
  ids.lease = await ingest('lease.pdf', await makeContractPdf());
});
afterAll(() => {
  library?.close();
  rmSync(dir, { recursive: true, force: true });
  for (const f of written) rmSync(f, { force: true });
});

const all = (): string[] => Object.values(ids);
const chosen = (question: string): string[] => chooseDocuments(library, all(), question).map((c) => c.docId);

describe('chooseDocuments', () => {
  it('picks the company and the fiscal year the question names, the annual report first', () => {
    const choice = chooseDocuments(library, all(), "What was Acme Rocket Works' revenue in fiscal 2022?");
    expect(choice[0]?.docId).toBe(ids.acme2022);
    expect(choice.map((c) => c.docId)).not.toContain(ids.globex);
    expect(choice.map((c) => c.docId)).not.toContain(ids.acme2021);
    expect(choice[0]?.reasons).toContain('fiscal year 2022');
    expect(choice[0]?.reasons.some((r) => /ACMEROCKETWORKS|ACME ROCKET WORKS/i.test(r))).toBe(true);
  });

  it('keeps every year a comparison names, and only that company', () => {
    const docs = chosen('Compare Acme revenue in 2021 and 2022.');
    expect(docs).toContain(ids.acme2021);
    expect(docs).toContain(ids.acme2022);
    expect(docs).not.toContain(ids.globex);
    expect(docs).not.toContain(ids.agreement);
  });

  it('reads the company from the SEC cover when the file name says nothing', () => {
    const choice = chooseDocuments(library, all(), 'How much cash did Globex have at the end of FY2022?');
    expect(choice.map((c) => c.docId)).toEqual([ids.globex]);
    expect(choice[0]?.reasons.join('; ')).toMatch(/Globex/i);
  });

  it('picks the quarterly report for a quarter', () => {
    const choice = chooseDocuments(library, all(), 'What was Acme net income in Q1 2022?');
    expect(choice.map((c) => c.docId)).toEqual([ids.acmeQ1]);
    expect(choice[0]?.reasons).toContain('quarter Q1');
  });

  it('matches a ticker in capitals to the start of the registrant name, and a spoken quarter', () => {
    const choice = chooseDocuments(library, all(), 'What did WAYN report for the second quarter of 2021?');
    expect(choice.map((c) => c.docId)).toEqual([ids.wayne]);
    expect(choice[0]?.reasons).toEqual(expect.arrayContaining(['quarter Q2', 'fiscal year 2021']));
  });

  it('picks contracts by their form and title words', () => {
    expect(chosen('How many days of notice does the lease require for termination?')).toEqual([ids.lease]);
    const choice = chooseDocuments(library, all(), 'When must the customer pay invoices under the services agreement?');
    expect(choice[0]?.docId).toBe(ids.agreement);
    expect(choice.map((c) => c.docId)).not.toContain(ids.acme2022);
  });

  it('keeps every document, unscored, when nothing in the question singles one out', () => {
    const choice = chooseDocuments(library, all(), 'Which pages talk about weather delays?');
    expect(choice.map((c) => c.docId).sort()).toEqual(all().sort());
    expect(choice.every((c) => c.score === 0 && c.reasons.length === 0)).toBe(true);
  });

  it('says which document is missing', () => {
    let code = 'none';
    try {
      chooseDocuments(library, [ids.lease, 'f'.repeat(64)], 'termination');
    } catch (error) {
      code = isPagewiseError(error) ? error.code : 'other';
    }
    expect(code).toBe('DOC_NOT_FOUND');
  });
});

describe('rankPagesAcross', () => {
  it('ranks the page of the document that holds the answer first, every page of both documents present', () => {
    const ranked = rankPagesAcross(library, [ids.acme2022, ids.agreement], 'Who must indemnify the customer against third-party intellectual property claims?');
    expect(ranked[0]).toMatchObject({ docId: ids.agreement, pageNumber: AGREEMENT_PAGES.indemnification });
    expect(ranked).toHaveLength(14 + 11);
    for (let i = 1; i < ranked.length; i++) expect((ranked[i - 1]?.score ?? 0) >= (ranked[i]?.score ?? 0)).toBe(true);
  });

  it('puts the filing statement page above the contract pages for a statement question', () => {
    const ranked = rankPagesAcross(library, [ids.agreement, ids.acme2022], 'What were purchases of property, plant and equipment in the cash flow statement?');
    expect(ranked[0]).toMatchObject({ docId: ids.acme2022, pageNumber: FILING_PAGES.cashflow });
    const firstAgreement = ranked.findIndex((r) => r.docId === ids.agreement);
    expect(firstAgreement).toBeGreaterThan(0);
  });
});
