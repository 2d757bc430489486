/**
 * Focused plans over many documents: which documents a question is about
 * (chooseDocuments), then which of their pages (rankPagesAcross).
 *
 * Document choice reads each document's profile (ranking/document-profile.ts:
 * names from the file name, title, SEC cover or parties; fiscal year and
 * quarter; form) and matches the question against it:
 * - names: the longest run of question words (up to 4) whose letters and
 *   digits equal a name word ("Coca Cola" = COCACOLA, "3M's" = 3M), or begin
 *   a document's whole name (a ticker in capitals "JPM" = JPMorgan Chase;
 *   "Foot Locker" = FOOTLOCKER); a name shared by many documents counts less
 *   (log(1 + N / documents it matches));
 * - fiscal years ("FY2019", "fiscal 2019", "2019"): the filing for that year,
 *   else a later one that repeats it as a comparative (up to two years later);
 * - quarters ("Q1 2021", "second fiscal quarter of 2023") and forms
 *   ("10-K", "annual report", "lease", "amendment").
 * Each signal narrows the candidates only when some candidate has it, so a
 * question no document's metadata speaks to keeps every document.
 *
 * Pages are ranked by the same engine as one document's (ranking/), with
 * every BM25 signal divided by its best score over all the documents ranked
 * together, so scores compare across documents.
 */
import type { Library } from '../store';
import type { DocumentRecord } from '../../../shared/api/domain';
import { PagewiseError } from '../errors';
import { documentProfile, squash, type DocumentProfile, type NameSource } from './ranking/document-profile';
import { scoreDocuments, type RankOptions } from './ranking';

export interface DocumentChoice {
  docId: string;
  score: number;
  /** why, in words a user reads: "title names PepsiCo", "fiscal year 2022", "form 10-K" */
  reasons: string[];
}

export interface RankedSourcePage {
  docId: string;
  pageNumber: number;
  score: number;
}

/** Question words that never name a document on their own. */
const QUESTION_STOP = new Set(
  (
    'a an the and or but if then of in on at to for from by with about into over under as is are was were be been being do does did ' +
    'have has had it its this that these those there their they them he she his her we our you your i me my what which who whom whose ' +
    'when where why how much many any some all each every most more less few other such than can could should would will shall may might ' +
    'must not no only own same so just also per vs versus etc please answer question give provide using use based show tell explain ' +
    'describe calculate compute find total net new old last first second third fourth next prior previous current year years fiscal ' +
    'fy quarter quarterly annual report company companies business document documents filing filings statement statements ' +
    'inc corp co ltd llc plc group'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}&'.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

interface QuestionWord {
  /** as written, possessive dropped */
  text: string;
  key: string;
}

function questionWords(question: string): QuestionWord[] {
  const out: QuestionWord[] = [];
  for (const raw of question.normalize('NFKC').match(WORD) ?? []) {
    const text = raw.replace(/['\u2019]s$/i, '');
    const key = squash(text);
    if (key !== '') out.push({ text, key });
  }
  return out;
}

interface NameMatch {
  /** squashed question words that matched */
  gram: string;
  shown: string;
  source: NameSource;
}

/** Longest-first matches of question word runs against one document's names. */
function nameMatches(words: readonly QuestionWord[], profile: DocumentProfile): NameMatch[] {
  const out: NameMatch[] = [];
  const byKey = new Map(profile.names.map((n) => [n.key, n]));
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(4, words.length - i); n >= 1 && matched === 0; n--) {
      const run = words.slice(i, i + n);
      const gram = run.map((w) => w.key).join('');
      const first = run[0];
      if (!first) continue;
      if (n === 1 && (QUESTION_STOP.has(gram) || gram.length < 2 || /^\d+$/.test(gram))) continue;
      if (/^(fy)?\d{2,4}(q[1-4])?$/.test(gram) || /^q[1-4]$/.test(gram)) continue;
      const exact = byKey.get(gram);
      if (exact) {
        out.push({ gram, shown: exact.shown, source: exact.source });
        matched = n;
        break;
      }
      // a ticker in capitals, or a run of words, that begins a whole name
      const ticker = n === 1 && /^\p{Lu}[\p{Lu}\p{N}&]{1,5}$/u.test(first.text) && gram.length >= 2;
      if (ticker || (n >= 2 && gram.length >= 5) || (n === 1 && gram.length >= 5 && /^\p{Lu}/u.test(first.text))) {
        const whole = profile.wholeNames.find((w) => w.key.startsWith(gram));
        if (whole) {
          out.push({ gram, shown: whole.shown, source: whole.source });
          matched = n;
        }
      }
    }
    i += matched > 0 ? matched : 1;
  }
  return out;
}

/** Fiscal years named in a question ("FY2019", "fiscal 2019", "FY19", "2019"). */
export function questionYears(question: string): number[] {
  const q = question.normalize('NFKC').toLowerCase();
  const years = new Set<number>();
  for (const m of q.matchAll(/(?:^|[^\d])((?:19|20)\d{2})(?!\d)/g)) years.add(Number(m[1]));
  for (const m of q.matchAll(/\bfy\s?'?(\d{2})\b/g)) years.add(2000 + Number(m[1]));
  return [...years].sort((a, b) => a - b);
}

const ORDINAL_QUARTER: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };

/** The quarter a question names (Q1..Q4, "second quarter"), or null. */
export function questionQuarter(question: string): number | null {
  const q = question.normalize('NFKC').toLowerCase();
  const m = /(?:^|[^a-z])q([1-4])(?![0-9])/.exec(q);
  if (m) return Number(m[1]);
  const o = /\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+|calendar\s+)?quarter\b/.exec(q);
  return o ? (ORDINAL_QUARTER[o[1] ?? ''] ?? null) : null;
}

/** Forms a question asks about. */
export function questionForms(question: string): string[] {
  const q = question.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  const add = (form: string, re: RegExp): void => {
    if (re.test(q) && !out.includes(form)) out.push(form);
  };
  add('10-K', /\b10[- ]?k\b|\bannual report\b/);
  add('10-Q', /\b10[- ]?q\b|\bquarterly report\b/);
  add('8-K', /\b8[- ]?k\b|\bcurrent report\b/);
  add('20-F', /\b20[- ]?f\b/);
  add('proxy statement', /\bproxy( statement)?\b/);
  add('earnings release', /\b(earnings|press) release\b/);
  add('lease', /\b(sub)?lease\b/);
  add('amendment', /\bamendments?\b|\bamended\b|\baddendum\b/);
  add('agreement', /\bagreements?\b|\bcontracts?\b/);
  add('invoice', /\binvoices?\b/);
  add('policy', /\bpolic(y|ies)\b/);
  return out;
}

function documents(library: Library, docIds: readonly string[]): DocumentRecord[] {
  const out: DocumentRecord[] = [];
  for (const id of new Set(docIds)) {
    const doc = library.getDocument(id);
    if (!doc) throw new PagewiseError('DOC_NOT_FOUND', `No document with id ${id.slice(0, 12)} in the library: run \`pagewise list\` to see what is there.`);
    out.push(doc);
  }
  return out;
}

function nameReason(m: NameMatch): string {
  return m.source === 'file name' ? `file name has ${m.shown}` : `${m.source} names ${m.shown}`;
}

/** Documents the question is about, best first; when nothing in the question singles out documents, all of them (score 0, reasons []). */
export function chooseDocuments(library: Library, docIds: readonly string[], question: string): DocumentChoice[] {
  const docs = documents(library, docIds);
  if (docs.length === 0) return [];
  const profiles = docs.map((d) => documentProfile(library, d));
  const words = questionWords(question);
  const years = questionYears(question);
  const latest = years.length > 0 ? Math.max(...years) : null;
  const quarter = questionQuarter(question);
  const forms = questionForms(question);

  // names: a name many documents share says less
  const matches = profiles.map((p) => nameMatches(words, p));
  const df = new Map<string, number>();
  for (const ms of matches) for (const g of new Set(ms.map((m) => m.gram))) df.set(g, (df.get(g) ?? 0) + 1);
  const n = docs.length;

  interface Candidate {
    docId: string;
    name: number;
    nameReasons: string[];
    /** 2: the filing of a named year; 1: a later filing repeating it (comparatives); 0: neither */
    yearLevel: number;
    quarter: boolean;
    form: string | null;
    profile: DocumentProfile;
  }
  const all: Candidate[] = profiles.map((profile, i) => {
    const ms = matches[i] ?? [];
    const seen = new Set<string>();
    let name = 0;
    const nameReasons: string[] = [];
    for (const m of ms) {
      if (seen.has(m.gram)) continue;
      seen.add(m.gram);
      name += Math.log(1 + n / (df.get(m.gram) ?? 1));
      const reason = nameReason(m);
      if (!nameReasons.includes(reason)) nameReasons.push(reason);
    }
    let yearLevel = 0;
    if (profile.year !== null && years.length > 0) {
      if (years.includes(profile.year)) yearLevel = 2;
      else if (years.some((y) => profile.year !== null && profile.year - y >= 1 && profile.year - y <= 2)) yearLevel = 1;
    }
    const quarterMatch = quarter !== null && profile.quarter === quarter && (years.length === 0 || yearLevel === 2);
    const form = forms.find((f) => profile.forms.includes(f)) ?? null;
    return { docId: profile.docId, name, nameReasons, yearLevel, quarter: quarterMatch, form, profile };
  });

  let candidates = all;
  let narrowed = false;
  const bestName = Math.max(...all.map((c) => c.name));
  if (bestName > 0) {
    candidates = candidates.filter((c) => c.name >= 0.5 * bestName);
    narrowed = true;
  }
  const bestYear = Math.max(...candidates.map((c) => c.yearLevel));
  if (bestYear > 0) {
    candidates = candidates.filter((c) => c.yearLevel === bestYear);
    narrowed = true;
  }
  if (candidates.some((c) => c.quarter)) {
    candidates = candidates.filter((c) => c.quarter);
    narrowed = true;
  }
  if (candidates.some((c) => c.form !== null)) {
    candidates = candidates.filter((c) => c.form !== null);
    narrowed = true;
  }
  if (!narrowed) return docs.map((d) => ({ docId: d.id, score: 0, reasons: [] }));

  const order = new Map(docs.map((d, i) => [d.id, i]));
  return candidates
    .map((c) => {
      const reasons = [...c.nameReasons];
      let score = c.name;
      if (c.yearLevel > 0 && c.profile.year !== null) {
        score += c.yearLevel === 2 ? 1.5 : 0.5;
        if (c.profile.year === latest) score += 0.3;
        // a year without a quarter asks about the whole year: a quarterly report covers part of it
        if (quarter === null && c.profile.quarter !== null) score -= 0.5;
        reasons.push(c.yearLevel === 2 ? `fiscal year ${c.profile.year}` : `fiscal year ${c.profile.year} (repeats ${years.filter((y) => y < (c.profile.year ?? 0)).join(', ')})`);
      }
      if (c.quarter && c.profile.quarter !== null) {
        score += 1;
        reasons.push(`quarter Q${c.profile.quarter}`);
      }
      if (c.form !== null) {
        score += 0.5;
        reasons.push(`form ${c.form}`);
      }
      return { docId: c.docId, score: Math.round(score * 1000) / 1000, reasons };
    })
    .sort((a, b) => b.score - a.score || (order.get(a.docId) ?? 0) - (order.get(b.docId) ?? 0));
}

/** Pages of the given documents, best first, scores comparable across documents. */
export function rankPagesAcross(library: Library, docIds: readonly string[], question: string, options: RankOptions = {}): RankedSourcePage[] {
  const docs = documents(library, docIds);
  const scored = scoreDocuments(library, docs.map((d) => d.id), question, options);
  const out: RankedSourcePage[] = [];
  const order = new Map(docs.map((d, i) => [d.id, i]));
  for (const d of docs) for (const r of scored.get(d.id) ?? []) out.push({ docId: d.id, pageNumber: r.pageNumber, score: r.score });
  return out.sort((a, b) => b.score - a.score || (order.get(a.docId) ?? 0) - (order.get(b.docId) ?? 0) || a.pageNumber - b.pageNumber);
}
