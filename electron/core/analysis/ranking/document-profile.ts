/**
 * What a document is, read from its record (title, file name, author) and its
 * first pages: the names it goes by (company, parties, title words), its
 * fiscal year and quarter, and its form (10-K, 10-Q, 8-K, lease, amendment...).
 * Used to pick the documents a question is about (rank-across.ts).
 *
 * Computed once per document and kept while the document's record is
 * unchanged (ranking/cache.ts), so a question over a 40-document library
 * costs no re-reading.
 */
import type { Library } from '../../store';
import type { DocumentRecord } from '../../../../shared/api/domain';
import { perDocument } from './cache';

export type NameSource = 'file name' | 'title' | 'cover' | 'author';

export interface NameKey {
  /** Lower case, letters and digits only ("cocacola", "3m", "jpmorgan"). */
  key: string;
  /** The words as written, for reasons shown to a user ("Coca-Cola"). */
  shown: string;
  source: NameSource;
}

export interface DocumentProfile {
  docId: string;
  names: NameKey[];
  /** Whole names squashed ("jpmorganchaseco", "americanwaterworkscompanyinc"), for prefix matches of tickers and short names. */
  wholeNames: { key: string; shown: string; source: NameSource }[];
  /** Fiscal year the document reports on (cover "fiscal year ended ... 2019", "quarterly period ended ... 2021", file name). */
  year: number | null;
  /** Calendar quarter of a quarterly report (1..4). */
  quarter: number | null;
  /** Forms this document is: '10-K', '10-Q', '8-K', '20-F', 'lease', 'amendment', 'agreement'... */
  forms: string[];
}

/** Words that name no one: legal suffixes, filing boilerplate, months. */
const NAME_STOP = new Set(
  (
    'the a an of and for in on at to by with inc incorporated corp corporation company co ltd llc plc lp group holdings holding ' +
    'form forms fiscal year years ended ending quarter quarterly annual report reports filed filing final draft dated date com www ' +
    'pdf doc docx copy version rev revised page pages document documents statement statements ' +
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec fy q1 q2 q3 q4 10k 10q 8k 20f 10 k q ' +
    'edgar online division donnelley sons financial solutions anonymous kaleidoscope kscope io user admin'
  ).split(/\s+/),
);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = MONTHS.join('|');

/** Lower-case alphanumeric squash of a string ("Coca-Cola" -> "cocacola"). */
export function squash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Words of a name source, split at anything not a letter or digit, and between a year and a quarter ("2021Q1"). */
function nameWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/(\d{4})(q[1-4])/gi, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function addName(out: NameKey[], seen: Set<string>, word: string, source: NameSource): void {
  const key = squash(word);
  if (key.length < 2 || NAME_STOP.has(key) || /^\d+$/.test(key)) return;
  if (/^(fy)?\d{2,4}(q[1-4])?$/.test(key)) return;
  if (seen.has(`${source}:${key}`)) return;
  seen.add(`${source}:${key}`);
  out.push({ key, shown: word, source });
}

/** The registrant's name on an SEC cover: the line above "(Exact name of registrant ...)". */
function coverName(firstPage: string): string | null {
  const lines = firstPage.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => /\(exact name of (the )?registrant/i.test(l));
  if (at <= 0) return null;
  for (let i = at - 1; i >= Math.max(0, at - 3); i--) {
    const line = lines[i] ?? '';
    if (line === '' || /^[_\-=\s]+$/.test(line)) continue;
    // the name is an image on some covers: never take the filing's boilerplate for it
    if (/transition period|fiscal year|quarterly period|pursuant|commission|file n(o|umber)|\(mark one\)|^or$/i.test(line)) return null;
    if (/\d{3,}/.test(line) && !/[a-z]{3,}/i.test(line)) continue;
    return line.replace(/\s+/g, ' ');
  }
  return null;
}

/** Parties of an agreement: "between X (the Landlord) and Y (the Tenant)". */
function parties(text: string): string[] {
  const m = /\bbetween\s+(.{3,80}?)\s*(?:\([^)]{0,40}\))?,?\s+and\s+(.{3,80}?)\s*(?:\(|,|\.|\n)/i.exec(text);
  if (!m) return [];
  return [m[1] ?? '', m[2] ?? ''].map((s) => s.trim()).filter((s) => s !== '');
}

function yearFromName(text: string): number | null {
  const m = /(?:^|[^\d])((?:19|20)\d{2})(?!\d)/.exec(text) ?? null;
  if (m) return Number(m[1]);
  const fy = /\bfy'?(\d{2})\b/i.exec(text);
  return fy ? 2000 + Number(fy[1]) : null;
}

function quarterOfMonth(month: string): number {
  const i = MONTHS.indexOf(month.toLowerCase());
  return i < 0 ? 0 : Math.floor(i / 3) + 1;
}

function coverPeriod(text: string): { year: number | null; quarter: number | null } {
  const annual = new RegExp(`fiscal year ended[\\s\\S]{0,40}?(?:(?:${MONTH_RE})\\s+\\d{1,2},?\\s*)?((?:19|20)\\d{2})`, 'i').exec(text);
  if (annual) return { year: Number(annual[1]), quarter: null };
  const quarterly = new RegExp(`quarterly period ended[\\s\\S]{0,60}?(${MONTH_RE})\\s+\\d{1,2},?\\s*((?:19|20)\\d{2})`, 'i').exec(text);
  if (quarterly) return { year: Number(quarterly[2]), quarter: quarterOfMonth(quarterly[1] ?? '') || null };
  const report = new RegExp(`date of report[\\s\\S]{0,80}?(?:${MONTH_RE})\\s+\\d{1,2},?\\s*((?:19|20)\\d{2})`, 'i').exec(text);
  if (report) return { year: Number(report[1]), quarter: null };
  return { year: null, quarter: null };
}

/** Forms named in a piece of text (a file name, a title, the top of page 1). */
export function formsIn(text: string): string[] {
  const t = text.toLowerCase();
  const out: string[] = [];
  const add = (form: string, re: RegExp): void => {
    if (re.test(t) && !out.includes(form)) out.push(form);
  };
  add('10-K', /\b10[-_ ]?k(405)?\b|annual report pursuant/);
  add('10-Q', /\b10[-_ ]?q\b|quarterly report pursuant/);
  add('8-K', /\b8[-_ ]?k\b|current report pursuant/);
  add('20-F', /\b20[-_ ]?f\b/);
  add('S-1', /\bs[-_ ]?1\b.*registration|registration statement/);
  add('proxy statement', /\bdef ?14a\b|proxy statement/);
  add('earnings release', /earnings release|press release/);
  add('lease', /\b(sub)?lease\b|\btenancy\b/);
  add('amendment', /\bamendment\b|\bamended and restated\b|\baddendum\b/);
  add('agreement', /\bagreement\b|\bcontract\b/);
  add('invoice', /\binvoice\b/);
  add('policy', /\bpolicy\b/);
  return out;
}

function firstLines(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, n)
    .join('\n');
}

export function computeProfile(doc: DocumentRecord, firstPages: readonly string[]): DocumentProfile {
  const names: NameKey[] = [];
  const seen = new Set<string>();
  const wholeNames: DocumentProfile['wholeNames'] = [];
  const baseName = doc.fileName.replace(/\.pdf$/i, '');
  const page1 = firstPages[0] ?? '';
  const head = firstPages.join('\n').slice(0, 8000);
  // "Microsoft Word - lease.docx" names the producer, not the document
  const producer = /^microsoft (word|excel|powerpoint)\s*-\s*/i;
  const sources: [string, NameSource][] = [
    [baseName, 'file name'],
    [doc.title.replace(producer, ''), 'title'],
  ];
  const cover = coverName(page1);
  if (cover) sources.push([cover, 'cover']);
  for (const p of parties(head)) sources.push([p, 'cover']);
  if (doc.author) sources.push([doc.author, 'author']);
  for (const [text, source] of sources) {
    const words = nameWords(text);
    for (const w of words) addName(names, seen, w, source);
    // the whole name without legal suffixes, for "JPM" -> "JPMorgan Chase & Co." and "Foot Locker" -> "FOOTLOCKER_2022_8K"
    const meaningful = words.filter((w) => !NAME_STOP.has(squash(w)) && !/^\d+$/.test(w) && !/^(fy)?\d{2,4}(q[1-4])?$/i.test(w));
    const whole = squash(meaningful.slice(0, 5).join(''));
    if (whole.length >= 3 && source !== 'author') wholeNames.push({ key: whole, shown: meaningful.slice(0, 5).join(' '), source });
  }
  const period = coverPeriod(head);
  const nameYear = yearFromName(baseName) ?? yearFromName(doc.title);
  const nameQuarter = /(?:^|[^a-z])q([1-4])(?![0-9])/i.exec(`${baseName} ${doc.title}`);
  const forms = formsIn(`${baseName.replace(/_/g, ' ')}\n${doc.title}\n${firstLines(page1, 12)}`);
  return {
    docId: doc.id,
    names,
    wholeNames,
    year: period.year ?? nameYear,
    quarter: period.quarter ?? (nameQuarter ? Number(nameQuarter[1]) : null),
    forms,
  };
}

/** The profile of a stored document (cached while its record is unchanged). */
export function documentProfile(library: Library, doc: DocumentRecord): DocumentProfile {
  return perDocument(library, doc, 'profile-v1', () => {
    const pages = library.getPages(doc.id, [1, 2, 3]).map((p) => p.text);
    return computeProfile(doc, pages);
  });
}
