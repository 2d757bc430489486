import { describe, expect, it } from 'vitest';
import { chooseTitle, coverTitle, looksLikeMachineTitle, titleCaseName } from './title';

const AMAZON_COVER = [
  'UNITED STATES',
  'SECURITIES AND EXCHANGE COMMISSION',
  'Washington, D.C. 20549',
  'FORM 10-K',
  'ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934',
  'For the fiscal year ended December 31, 2019',
  'Commission File No. 000-22513',
  '____________________________________',
  'AMAZON.COM, INC.',
  '(Exact name of registrant as specified in its charter)',
  'Delaware 91-1646860',
].join('\n');
const AMAZON_PAGE_2 = 'Amazon.com, Inc. serves consumers through online and physical stores.';

describe('looksLikeMachineTitle', () => {
  it('flags ids, exports and cover headings', () => {
    for (const t of [
      '',
      null,
      '0001018724-20-000004',
      '10Q Doc & Exhibits-2022-08-03-15-21',
      'Microsoft Word - F20_10K_VFinal_07.01.2020',
      'annual report.docx',
      'Document',
      'UNITED STATES SECURITIES AND EXCHANGE COMMISSION',
    ]) {
      expect(looksLikeMachineTitle(t), String(t)).toBe(true);
    }
  });
  it('keeps titles a person wrote', () => {
    for (const t of ['Free Culture', '10-K - 02/07/2019 - 3M Company', 'Form 8-K for Foot Locker INC filed 05/19/2022', 'ADBE 10K FY15']) {
      expect(looksLikeMachineTitle(t), t).toBe(false);
    }
  });
});

describe('coverTitle', () => {
  it('names the registrant (mixed case from a later page), the form and the fiscal year', () => {
    expect(coverTitle([AMAZON_COVER, AMAZON_PAGE_2])).toBe('Amazon.com, Inc. — Form 10-K, fiscal year ended December 31, 2019');
  });
  it('reads a quarterly report and a current report', () => {
    // a two-column cover: the other column's words sit between "ended" and the date
    const tenQ = 'FORM 10-Q\nFor the quarterly period ended Commission file\nJune 30, 2022 number 1-5805\nJPMorgan Chase & Co.\n(Exact name of registrant as specified in its charter)';
    expect(coverTitle([tenQ])).toBe('JPMorgan Chase & Co. — Form 10-Q, quarter ended June 30, 2022');
    const eightK = 'FORM 8-K\nCURRENT REPORT\nDate of report (Date of earliest event reported): May 20, 2022 (May 18, 2022)\nFoot Locker, Inc.\n(Exact name of registrant as specified in charter)';
    expect(coverTitle([eightK])).toBe('Foot Locker, Inc. — Form 8-K, dated May 20, 2022');
  });
  it('title-cases an all-capitals name found nowhere else and an upper-case date', () => {
    const cover = 'FORM 10-K\nFOR THE FISCAL YEAR ENDED MAY 31, 2020\nGENERAL MILLS, INC.\n(Exact name of registrant as specified in its charter)';
    expect(coverTitle([cover])).toBe('General Mills, Inc. — Form 10-K, fiscal year ended May 31, 2020');
  });
  it('skips the transition-period line and tidies a space before a full stop', () => {
    const cover = 'FORM 10-K\nFor the fiscal year ended December 31, 2017\nFor the transition period from to\nCommission File No. 001-02217\nTHE COCA-COLA COMPANY\n(Exact name of Registrant as specified in its charter)';
    expect(coverTitle([cover])).toBe('The Coca-Cola Company — Form 10-K, fiscal year ended December 31, 2017');
    const nike = 'FORM 10-K\nFor the fiscal year ended May 31, 2018\nNIKE, Inc .\n(Exact name of Registrant as specified in its charter)';
    expect(coverTitle([nike])).toBe('NIKE, Inc. — Form 10-K, fiscal year ended May 31, 2018');
  });
  it('finds the name without the registrant caption (a line that ends like a company name)', () => {
    const cover = 'FORM 10-K\nFor the Fiscal Year Ended June 30, 2016\nCommission File Number 001-37845\nMICROSOFT CORPORATION\nWASHINGTON 91-1144442';
    expect(coverTitle([cover])).toBe('Microsoft Corporation — Form 10-K, fiscal year ended June 30, 2016');
  });
  it('gives nothing for a document that is not a filing', () => {
    expect(coverTitle(['Free Culture\nHow Big Media Uses Technology']) ).toBeNull();
  });
});

describe('chooseTitle', () => {
  it('keeps a real metadata title, replaces an id by the cover title, else uses the file name', () => {
    expect(chooseTitle('Free Culture', ['whatever'], 'freeculture')).toBe('Free Culture');
    expect(chooseTitle('0001018724-20-000004', [AMAZON_COVER, AMAZON_PAGE_2], 'AMAZON_2019_10K')).toMatch(/^Amazon\.com, Inc\. — Form 10-K/);
    expect(chooseTitle(null, ['A memo without a cover'], 'board memo')).toBe('board memo');
  });
});

describe('titleCaseName', () => {
  it('keeps names with digits or ampersands and capitalises hyphenated words', () => {
    expect(titleCaseName('3M COMPANY')).toBe('3M Company');
    expect(titleCaseName('THE COCA-COLA COMPANY')).toBe('The Coca-Cola Company');
    expect(titleCaseName('BANK OF AMERICA CORPORATION')).toBe('Bank of America Corporation');
  });
});
