/**
 * Page ranking for focused plans: which pages most likely hold the answer.
 *
 * Signals, combined into one score per page:
 * - FTS5 BM25 (porter stemming, heading column weighted; library.bm25Pages)
 *   over the question's content words (stop words and question boilerplate
 *   dropped), OR'ed;
 * - phrase queries: "quoted phrases" from the question, and finance
 *   vocabulary expansions ("cash flow statement" -> "cash flows",
 *   "operating activities"; "capital expenditure" -> "purchases of property,
 *   plant and equipment"; "balance sheet" -> "total assets", ...);
 * - statement pages: when the question names (or needs) a financial
 *   statement, pages whose top lines carry that statement's title and that
 *   are dense with numbers get a strong boost;
 * - table pages (many numbers) get a boost when the question asks for an amount;
 * - neighbours of strong hits get a share of their score (answers often run
 *   across a page break, statements span two pages).
 */
import type { Library } from '../store';
import { allPageTexts, docFeature, pageInfos } from './pages';

/** Bump when the ranking changes which pages a focused plan sends: it is part of the answer cache key (version.ts). */
export const RANKING_VERSION = 'rank-2026-12-02.1';

export interface RankedPage {
  pageNumber: number;
  score: number;
}

const STOP_WORDS = new Set(
  (
    'a an the and or but if then else of in on at to for from by with without about into onto over under as is are was were be been being ' +
    'do does did done doing have has had having it its it\'s this that these those there here their they them he she his her him we our us you your i me my ' +
    'what which who whom whose when where why how much many any some all each every most more less least few other such than too very can could ' +
    'should would will shall may might must not no nor only own same so just also per via vs versus etc ' +
    'please answer question questions respond response give provide provided providing using use used based basing base relying rely ' +
    'details detail shown show shows information info clearly plainly primarily mainly only stated state outlined outline drawing draw ' +
    'conclusions conclusion judgment judgments judgement calculate compute computed computation find tell explain describe ' +
    'round rounded decimal place places unit units percent percents percentage ' +
    'assume assuming analyst analysts public equities equity-research investment banker resource resources ' +
    'reasonable approximation exact possible metric metrics define defined definition following follow asked ask ' +
    'utilizing utilize utilise line items item figure figures ' +
    'fy fiscal year years company company\'s companies firm business document report filing ' +
    'usd dollar dollars million millions billion billions thousand thousands'
  ).split(/\s+/),
);

/** Words that make a question ask for an amount (boost table pages). */
const AMOUNT_CUES =
  /\b(how much|how many|amount|total|usd|\$|million|billion|ratio|margin|growth|rate|percent|%|revenue|income|expense|cost|cash|assets?|liabilit|debt|capex|expenditure|eps|earnings|dividend|turnover|cagr|average|change|increase|decrease|sales|cogs|ebitda|value|price)\b/i;

interface Concept {
  id: 'cashflow' | 'balance' | 'income' | 'equity' | 'segment' | 'pension';
  /** Question patterns that call for this concept. */
  triggers: RegExp;
  /** Phrase queries run against FTS5. */
  expansions: string[];
  /** Title of the statement as printed at the top of its page(s). */
  title: RegExp | null;
}

const CONCEPTS: Concept[] = [
  {
    id: 'cashflow',
    triggers:
      /cash ?flows?|capex|capital[- ]intensive|capital expenditures?|free cash|fcf|cash from operations|operating cash|dividends? paid|cash dividends?|pays? out|paid out|repurchases?|buybacks?|depreciation|amortization|d&a|investing activities|financing activities|operating activities|purchases? of (property|pp&e)/i,
    expansions: [
      'cash flows',
      'operating activities',
      'investing activities',
      'financing activities',
      'net cash provided by',
      'purchases of property plant and equipment',
      'capital expenditures',
      'additions to property and equipment',
      'payments for property',
      'depreciation and amortization',
      'dividends paid',
    ],
    title: /(statements?|statement) of (consolidated )?cash flows?|cash flows? statements?/,
  },
  {
    id: 'balance',
    triggers:
      /balance sheets?|financial position|capital[- ]intensive|financial condition|total assets|current assets|current liabilit|total liabilit|working capital|quick ratio|current ratio|inventor(y|ies)|accounts payable|payables?|accounts receivable|receivables?|pp&e|property,? plant|fixed assets?|debt|borrowings|shareholders'? equity|stockholders'? equity|book value|\broa\b|return on assets|\bdpo\b|\bdso\b|\bdio\b|cash conversion cycle|asset turnover|liquidat|net assets/i,
    expansions: [
      'balance sheets',
      'total assets',
      'total liabilities',
      'total current assets',
      'total current liabilities',
      'shareholders equity',
      'stockholders equity',
      'accounts payable',
      'inventories',
      'property plant and equipment net',
      'long term debt',
    ],
    title: /balance sheets?|statements? of (consolidated )?financial (position|condition)/,
  },
  {
    id: 'income',
    triggers:
      /income statements?|statements? of (income|operations|earnings)|p&l|profit and loss|revenues?|net sales|sales growth|cogs|cost of (goods|sales|revenue)|gross (margin|profit)|operating (income|margin|profit)|net income|net earnings|net profit|ebit(da)?|\beps\b|earnings per share|interest expense|unadjusted operating|\broa\b|\bdpo\b|\bdio\b|inventory turnover|cash conversion cycle|asset turnover|cagr|growth rate/i,
    expansions: [
      'statements of income',
      'statements of operations',
      'statements of earnings',
      'net income',
      'total revenues',
      'net revenues',
      'net sales',
      'cost of sales',
      'cost of revenues',
      'gross profit',
      'operating income',
      'income before income taxes',
      'earnings per share',
    ],
    title: /statements? of (consolidated )?(income|operations|earnings)|income statements?|statements? of (consolidated )?(comprehensive )?(income|earnings|operations)/,
  },
  {
    id: 'equity',
    triggers: /statements? of (shareholders'?|stockholders'?|changes in) equity|retained earnings|treasury stock|shares outstanding/i,
    expansions: ['retained earnings', 'treasury stock', 'shares outstanding'],
    title: /statements? of (consolidated )?(changes in )?(shareholders'?|stockholders'?|share ?owners'?)? ?equity/,
  },
  {
    id: 'pension',
    triggers: /retirees?|retirement|pensions?|postretirement|other post-?employment|opeb/i,
    expansions: ['postretirement benefit', 'pension benefits', 'benefit payments', 'expected future benefit payments', 'health care'],
    title: null,
  },
  {
    id: 'segment',
    triggers: /\bsegments?\b|business (lines?|units?)|divisions?/i,
    expansions: ['segment results', 'reportable segments', 'segment information', 'net revenue', 'net income'],
    title: null,
  },
];

const WORD = /[\p{L}\p{N}][\p{L}\p{N}&'.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** Content terms of a question, lower case, stop words dropped, de-duplicated. */
export function questionTerms(question: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of question.normalize('NFKC').toLowerCase().match(WORD) ?? []) {
    const w = raw.replace(/'s$/, '');
    if (STOP_WORDS.has(w) || w.length < 2) continue;
    // years are weak evidence on their own (a 10-K mentions its year on every page)
    if (/^(fy)?\d{2,4}$/.test(w) && !/^\d{2,3}$/.test(w)) continue;
    if (seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

/** Quoted phrases in the question ("..." or “...”). */
export function quotedPhrases(question: string): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(/["\u201C\u201E]([^"\u201C\u201D\u201E]{3,120})["\u201D]/g)) {
    const phrase = (m[1] ?? '').trim();
    if (phrase.split(/\s+/).length >= 2) out.push(phrase);
  }
  return out;
}

/** One FTS5 string: the tokenizer's tokens of `text`, quoted (no syntax can leak). */
function ftsString(text: string): string | null {
  const tokens = text.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!tokens || tokens.length === 0) return null;
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

function orExpression(parts: readonly string[]): string | null {
  const strings = [...new Set(parts.map(ftsString).filter((s): s is string => s !== null))];
  return strings.length > 0 ? strings.join(' OR ') : null;
}

interface PageFeatures {
  /** Share of number tokens among word tokens, 0..1. */
  numericDensity: number;
  /** Concepts whose statement title is printed at the top of the page. */
  titles: Set<Concept['id']>;
  /** The page is a table of contents / index (many titles, page numbers). */
  looksLikeIndex: boolean;
}

function computeFeatures(text: string): PageFeatures {
  const words = text.match(/[\p{L}\p{N}$%(),.-]+/gu) ?? [];
  let numeric = 0;
  for (const w of words) if (/\d/.test(w) && /^[$(]?-?[\d,.]+\)?%?$/.test(w)) numeric++;
  const numericDensity = words.length > 0 ? numeric / words.length : 0;
  const top = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 8)
    .join(' ')
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .replace(/\s+/g, ' ')
    .slice(0, 500);
  const titles = new Set<Concept['id']>();
  for (const c of CONCEPTS) if (c.title && c.title.test(top)) titles.add(c.id);
  const lower = text.toLowerCase();
  const titleMentions = CONCEPTS.reduce((n, c) => n + (c.title ? (lower.match(new RegExp(c.title.source, 'g'))?.length ?? 0) : 0), 0);
  const looksLikeIndex = /\b(table of contents|index to (consolidated )?financial statements)\b/.test(lower.slice(0, 400)) && titleMentions >= 3;
  return { numericDensity, titles, looksLikeIndex };
}

function pageFeatures(library: Library, docId: string): Map<number, PageFeatures> {
  return docFeature(library, docId, 'ranking-features-v1', () => {
    const out = new Map<number, PageFeatures>();
    for (const [page, text] of allPageTexts(library, docId)) out.set(page, computeFeatures(text));
    return out;
  });
}

function normalizedScores(hits: readonly { pageNumber: number; score: number }[]): Map<number, number> {
  const out = new Map<number, number>();
  const max = hits.reduce((m, h) => Math.max(m, h.score), 0);
  if (max <= 0) return out;
  for (const h of hits) out.set(h.pageNumber, h.score / max);
  return out;
}

export interface RankOptions {
  /** How many BM25 hits to consider per query. */
  limit?: number;
  /** Plain BM25 over the content terms only (no phrases, vocabulary, statement, table or neighbour signals): a baseline for benchmarks. */
  plain?: boolean;
}

/**
 * All pages with text, best first (pages no signal touches keep page order at
 * the end, so a packer can still fill the budget deterministically).
 */
export function rankPages(library: Library, docId: string, question: string, options: RankOptions = {}): RankedPage[] {
  const infos = pageInfos(library, docId).filter((p) => p.hasText);
  const limit = options.limit ?? 400;
  const q = question.normalize('NFKC').toLowerCase();
  const scores = new Map<number, number>();
  const add = (page: number, value: number): void => {
    if (value > 0) scores.set(page, (scores.get(page) ?? 0) + value);
  };

  // 1. BM25 over the content terms
  const terms = questionTerms(question);
  const termExpr = orExpression(terms);
  if (termExpr) for (const [page, s] of normalizedScores(library.bm25Pages(docId, termExpr, limit))) add(page, 1.0 * s);

  if (options.plain) {
    const order = new Map(infos.map((p, i) => [p.pageNumber, i]));
    return infos
      .map((p) => ({ pageNumber: p.pageNumber, score: scores.get(p.pageNumber) ?? 0 }))
      .sort((a, b) => b.score - a.score || (order.get(a.pageNumber) ?? 0) - (order.get(b.pageNumber) ?? 0));
  }

  // 2. phrases: quoted by the user, and pairs of adjacent content words in the question
  const phrases = quotedPhrases(question);
  const phraseExpr = orExpression(phrases);
  if (phraseExpr) for (const [page, s] of normalizedScores(library.bm25Pages(docId, phraseExpr, limit))) add(page, 1.0 * s);
  const bigrams = adjacentPairs(question);
  const bigramExpr = orExpression(bigrams);
  if (bigramExpr) for (const [page, s] of normalizedScores(library.bm25Pages(docId, bigramExpr, limit))) add(page, 0.5 * s);

  // 3. finance vocabulary and statement pages
  const concepts = CONCEPTS.filter((c) => c.triggers.test(q));
  const asksAmount = AMOUNT_CUES.test(q);
  const features = concepts.length > 0 || asksAmount ? pageFeatures(library, docId) : null;
  for (const c of concepts) {
    const expr = orExpression(c.expansions);
    if (expr) for (const [page, s] of normalizedScores(library.bm25Pages(docId, expr, limit))) add(page, 0.6 * s);
  }
  if (features) {
    const statementConcepts = concepts.filter((c) => c.title !== null);
    for (const [page, f] of features) {
      if (f.looksLikeIndex) continue;
      if (asksAmount) add(page, 0.5 * Math.min(1, f.numericDensity / 0.35));
      for (const c of statementConcepts) {
        if (f.titles.has(c.id) && f.numericDensity >= 0.12) add(page, 2.0);
      }
    }
  }

  // 4. neighbours of strong hits get a share of their score
  const max = [...scores.values()].reduce((m, s) => Math.max(m, s), 0);
  if (max > 0) {
    const bonus = new Map<number, number>();
    for (const [page, s] of scores) {
      if (s < 0.5 * max) continue;
      for (const n of [page - 1, page + 1]) bonus.set(n, Math.max(bonus.get(n) ?? 0, 0.25 * s));
    }
    const withText = new Set(infos.map((i) => i.pageNumber));
    for (const [page, b] of bonus) if (withText.has(page)) add(page, b);
  }

  const order = new Map(infos.map((p, i) => [p.pageNumber, i]));
  return infos
    .map((p) => ({ pageNumber: p.pageNumber, score: scores.get(p.pageNumber) ?? 0 }))
    .sort((a, b) => b.score - a.score || (order.get(a.pageNumber) ?? 0) - (order.get(b.pageNumber) ?? 0));
}

/** Adjacent content-word pairs of the question ("operating margin", "net income") as phrases. */
function adjacentPairs(question: string): string[] {
  const out: string[] = [];
  const words = (question.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((w) => w.replace(/'s$/, ''));
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i] ?? '';
    const b = words[i + 1] ?? '';
    if (STOP_WORDS.has(a) || STOP_WORDS.has(b) || /^\d+$/.test(a) || /^\d+$/.test(b)) continue;
    out.push(`${a} ${b}`);
  }
  return out;
}
