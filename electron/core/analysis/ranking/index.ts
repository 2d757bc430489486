/**
 * Page ranking for focused plans: which pages most likely hold the answer,
 * in one document (rankPages) or several (scoreDocuments, used by
 * rank-across.ts). Same engine for both.
 *
 * Signals, combined into one score per page:
 * - FTS5 BM25 (porter stemming, heading column weighted) over the question's
 *   content words (terms.ts), OR'ed; quoted phrases; adjacent word pairs;
 * - vocabulary, by document kind (document-kind.ts): financial filings get
 *   the finance vocabulary (finance-vocabulary.ts: statement names, line
 *   items, ratios -> the statements that hold their inputs; statement pages,
 *   a statement title on top of a page dense with numbers, get a strong
 *   boost; table pages a small one when the question asks for an amount);
 *   agreements get the contract vocabulary (contract-vocabulary.ts: the
 *   clause a question is about, its words, a boost for the page whose
 *   heading opens that clause); other documents only their own words;
 * - neighbours of strong hits get a share of their score (answers run
 *   across page breaks, statements span two pages).
 *
 * Every BM25 signal is divided by the best score of that query over all the
 * documents ranked together (FTS5 statistics are library-wide), so scores
 * compare across documents; the boosts are absolute.
 */
import type { Library } from '../../store';
import type { DocumentRecord } from '../../../../shared/api/domain';
import { PagewiseError } from '../../errors';
import { pageInfos } from '../pages';
import { CONTRACT_CONCEPTS } from './contract-vocabulary';
import { peekPerDocument, storePerDocument } from './cache';
import { documentFeatures, type DocumentFeatures } from './features';
import { AMOUNT_CUES, FINANCE_CONCEPTS, type Concept, type StatementId } from './finance-vocabulary';
import { adjacentPairs, orExpression, questionTerms, quotedPhrases } from './terms';

export { questionTerms, quotedPhrases } from './terms';

/** Bump when the ranking changes which pages a focused plan sends: it is part of the answer cache key (version.ts). */
export const RANKING_VERSION = 'rank-2026-12-02.2';

export interface RankedPage {
  pageNumber: number;
  score: number;
}

export interface RankOptions {
  /** How many BM25 hits to consider per query and document. */
  limit?: number;
  /** Plain BM25 over the content terms only (no phrases, vocabulary, statement, table or neighbour signals): a baseline for benchmarks. */
  plain?: boolean;
}

interface RankedDoc {
  doc: DocumentRecord;
  /** pages with text, page order */
  pages: number[];
  scores: Map<number, number>;
  features: DocumentFeatures | null;
}

function add(d: RankedDoc, page: number, value: number): void {
  if (value > 0) d.scores.set(page, (d.scores.get(page) ?? 0) + value);
}

/** Runs one MATCH expression over the documents and adds weight * score / (best score over all of them). */
function addQuery(library: Library, docs: readonly RankedDoc[], expr: string | null, weight: number, limit: number): void {
  if (!expr || docs.length === 0) return;
  const byId = new Map(docs.map((d) => [d.doc.id, d]));
  const hits: { docId: string; pageNumber: number; score: number }[] =
    docs.length === 1
      ? library.bm25Pages(docs[0]?.doc.id ?? '', expr, limit).map((h) => ({ docId: docs[0]?.doc.id ?? '', ...h }))
      : library.bm25PagesIn(docs.map((d) => d.doc.id), expr, Math.min(50_000, limit * docs.length));
  const max = hits.reduce((m, h) => Math.max(m, h.score), 0);
  if (max <= 0) return;
  for (const h of hits) {
    const d = byId.get(h.docId);
    if (d) add(d, h.pageNumber, (weight * h.score) / max);
  }
}

/**
 * addQuery for a vocabulary expansion: its expression is fixed, so each document's hits are kept
 * (ranking/cache.ts) and only documents not seen yet are queried. BM25 statistics are library-wide,
 * so the kept hits belong to one generation of the library (its set of documents).
 */
function addExpansion(library: Library, docs: readonly RankedDoc[], concept: Concept, weight: number, limit: number, generation: string): void {
  const expr = orExpression(concept.expansions);
  if (!expr || docs.length === 0) return;
  const prefix = `expansion:${concept.id}:`;
  const key = `${prefix}${limit}:${generation}`;
  const hitsOf = new Map<string, { pageNumber: number; score: number }[]>();
  const missing: RankedDoc[] = [];
  for (const d of docs) {
    const kept = peekPerDocument<{ pageNumber: number; score: number }[]>(library, d.doc, key);
    if (kept) hitsOf.set(d.doc.id, kept);
    else missing.push(d);
  }
  if (missing.length > 0) {
    const fresh = new Map<string, { pageNumber: number; score: number }[]>(missing.map((d) => [d.doc.id, []]));
    const hits =
      missing.length === 1
        ? library.bm25Pages(missing[0]?.doc.id ?? '', expr, limit).map((h) => ({ docId: missing[0]?.doc.id ?? '', ...h }))
        : library.bm25PagesIn(missing.map((d) => d.doc.id), expr, Math.min(50_000, limit * missing.length));
    // each document keeps its best `limit` hits, as a query over it alone would return
    for (const h of hits) {
      const list = fresh.get(h.docId);
      if (list && list.length < limit) list.push({ pageNumber: h.pageNumber, score: h.score });
    }
    for (const d of missing) {
      const list = fresh.get(d.doc.id) ?? [];
      storePerDocument(library, d.doc, key, list, prefix);
      hitsOf.set(d.doc.id, list);
    }
  }
  let max = 0;
  for (const list of hitsOf.values()) for (const h of list) max = Math.max(max, h.score);
  if (max <= 0) return;
  for (const d of docs) for (const h of hitsOf.get(d.doc.id) ?? []) add(d, h.pageNumber, (weight * h.score) / max);
}

/** Which documents the library holds: BM25 statistics (and so kept expansion hits) depend on it. */
function libraryGeneration(library: Library): string {
  let hash = 2166136261;
  for (const id of library.listDocumentIds()) {
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619) >>> 0;
    hash = Math.imul(hash ^ 44, 16777619) >>> 0;
  }
  return hash.toString(36);
}

function conceptsFor<Id extends string>(question: string, concepts: readonly Concept<Id>[]): Concept<Id>[] {
  return concepts.filter((c) => c.triggers.test(question));
}

/**
 * Scores of every page with text of each document (pages no signal touches
 * score 0). Scores compare across the documents.
 */
export function scoreDocuments(library: Library, docIds: readonly string[], question: string, options: RankOptions = {}): Map<string, RankedPage[]> {
  const limit = options.limit ?? 400;
  const q = question.normalize('NFKC').toLowerCase();
  const docs: RankedDoc[] = [];
  for (const id of new Set(docIds)) {
    const doc = library.getDocument(id);
    if (!doc) throw new PagewiseError('DOC_NOT_FOUND', `No document with id ${id.slice(0, 12)} in the library: run \`pagewise list\` to see what is there.`);
    docs.push({ doc, pages: pageInfos(library, id).filter((p) => p.hasText).map((p) => p.pageNumber), scores: new Map(), features: null });
  }

  // 1. BM25 over the content terms
  addQuery(library, docs, orExpression(questionTerms(question)), 1.0, limit);

  if (!options.plain) {
    // 2. phrases: quoted by the user, and pairs of adjacent content words
    addQuery(library, docs, orExpression(quotedPhrases(question)), 1.0, limit);
    addQuery(library, docs, orExpression(adjacentPairs(question)), 0.5, limit);

    // 3. vocabulary by document kind
    for (const d of docs) d.features = documentFeatures(library, d.doc);
    const financial = docs.filter((d) => d.features?.kind.financial);
    const contracts = docs.filter((d) => d.features?.kind.contract);
    const financeConcepts = financial.length > 0 ? conceptsFor(q, FINANCE_CONCEPTS) : [];
    const clausesWanted = contracts.length > 0 ? conceptsFor(q, CONTRACT_CONCEPTS) : [];
    const generation = financeConcepts.length > 0 || clausesWanted.length > 0 ? libraryGeneration(library) : '';
    for (const c of financeConcepts) addExpansion(library, financial, c, 0.6, limit, generation);
    const asksAmount = AMOUNT_CUES.test(q);
    const statements = financeConcepts.filter((c) => c.title !== null).map((c) => c.id as StatementId);
    for (const d of financial) {
      for (const [page, f] of d.features?.pages ?? []) {
        if (f.looksLikeIndex) continue;
        if (asksAmount) add(d, page, 0.5 * Math.min(1, f.numericDensity / 0.35));
        for (const s of statements) if (f.statementTitles.has(s) && f.numericDensity >= 0.12) add(d, page, 2.0);
      }
    }
    const clauses = clausesWanted;
    for (const c of clauses) addExpansion(library, contracts, c, 0.6, limit, generation);
    for (const d of contracts) {
      for (const [page, f] of d.features?.pages ?? []) {
        for (const c of clauses) if (f.clauseHeadings.has(c.id)) add(d, page, 1.0);
      }
    }

    // 4. neighbours of strong hits get a share of their score
    for (const d of docs) {
      const max = [...d.scores.values()].reduce((m, s) => Math.max(m, s), 0);
      if (max <= 0) continue;
      const bonus = new Map<number, number>();
      for (const [page, s] of d.scores) {
        if (s < 0.5 * max) continue;
        for (const n of [page - 1, page + 1]) bonus.set(n, Math.max(bonus.get(n) ?? 0, 0.25 * s));
      }
      const withText = new Set(d.pages);
      for (const [page, b] of bonus) if (withText.has(page)) add(d, page, b);
    }
  }

  const out = new Map<string, RankedPage[]>();
  for (const d of docs) {
    const ranked = d.pages.map((p, i) => ({ pageNumber: p, score: d.scores.get(p) ?? 0, i }));
    ranked.sort((a, b) => b.score - a.score || a.i - b.i);
    out.set(
      d.doc.id,
      ranked.map(({ pageNumber, score }) => ({ pageNumber, score })),
    );
  }
  return out;
}

/**
 * All pages with text, best first (pages no signal touches keep page order at
 * the end, so a packer can still fill the budget deterministically).
 */
export function rankPages(library: Library, docId: string, question: string, options: RankOptions = {}): RankedPage[] {
  return scoreDocuments(library, [docId], question, options).get(docId) ?? [];
}
