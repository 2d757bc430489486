/**
 * Offline extractive mode (no provider configured): answers and summaries
 * made only of sentences copied from the document, each with its page
 * citation, so every citation verifies.
 *
 * ask: the best pages by the same ranking as focused plans; within them,
 * sentences scored by overlap with the question's (prefix-stemmed) terms;
 * the top ~5 sentences (each with its neighbour when short) in page order.
 * summarize: the document is split into up to MAX_SECTIONS consecutive
 * sections (chapters from the outline when present); in each, the most
 * central sentences by term-frequency centrality (the sum of the document
 * frequency weights of a sentence's terms, normalised by length).
 */
import type { SummaryKind } from '../../../shared/api/domain';
import type { Library } from '../store';
import { allPageTexts } from './pages';
import { MAX_CHAPTERS } from './chapters';
import { EXTRACTIVE_ANSWER_LABEL, EXTRACTIVE_SUMMARY_LABEL } from './prompts';
import { questionTerms, rankPages } from './ranking';

export interface Sentence {
  page: number;
  text: string;
}

const MIN_SENTENCE = 25;
const MAX_SENTENCE = 400;

/** Sentences of a page's text (whitespace collapsed; quotes turned to single quotes so they fit inside "..."). */
export function splitSentences(page: number, text: string): Sentence[] {
  const flat = text
    .replace(/(\p{L})-\n(\p{L})/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat === '') return [];
  const parts = flat.split(/(?<=[.!?;])\s+(?=[\p{Lu}\p{N}("'\u201C])/u);
  const out: Sentence[] = [];
  for (const raw of parts) {
    let s = raw.trim().replace(/["\u201C\u201D\u201E]/g, "'");
    if (s.length < MIN_SENTENCE) continue;
    if (s.length > MAX_SENTENCE) s = cutAtWord(s, MAX_SENTENCE);
    // skip lines that are mostly numbers (table rows): poor quotes
    const letters = (s.match(/\p{L}/gu) ?? []).length;
    if (letters < s.length * 0.4) continue;
    out.push({ page, text: s });
  }
  return out;
}

function cutAtWord(s: string, max: number): string {
  const cut = s.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return at > max * 0.6 ? cut.slice(0, at) : cut;
}

const stem = (w: string): string => (w.length > 5 ? w.slice(0, 5) : w);

function wordsOf(s: string): string[] {
  return (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1);
}

/** Two sentences that read the same (a running header, boilerplate repeated on many pages) are one sentence. */
function sameSentenceKey(text: string): string {
  return wordsOf(text).join(' ');
}

function bullet(s: Sentence): string {
  return `- "${s.text}" [p. ${s.page}]`;
}

export interface ExtractiveResult {
  text: string;
  /** Pages the answer read (for citation verification). */
  pages: number[];
}

export function extractiveAnswer(library: Library, docId: string, question: string, candidatePages: readonly number[]): ExtractiveResult {
  const terms = new Set(questionTerms(question).map(stem));
  const ranked = rankPages(library, docId, question).filter((r) => r.score > 0);
  const allowed = new Set(candidatePages);
  const top = ranked.filter((r) => allowed.has(r.pageNumber)).slice(0, 8);
  const texts = allPageTexts(library, docId);
  const scored: { s: Sentence; score: number; order: number; next: Sentence | undefined }[] = [];
  let order = 0;
  for (const [rank, r] of top.entries()) {
    const sentences = splitSentences(r.pageNumber, texts.get(r.pageNumber) ?? '');
    sentences.forEach((s, i) => {
      const ws = wordsOf(s.text).map(stem);
      const hits = new Set(ws.filter((w) => terms.has(w)));
      if (hits.size === 0) return;
      const score = hits.size / Math.sqrt(terms.size || 1) + 0.1 / (rank + 1) - 0.0005 * Math.max(0, s.text.length - 200);
      scored.push({ s, score, order: order++, next: sentences[i + 1] });
    });
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  // the best five different sentences: a sentence printed on several pages is quoted once (its best page)
  const seen = new Set<string>();
  const distinct = scored.filter((c) => {
    const key = sameSentenceKey(c.s.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const picked = distinct.slice(0, 5).sort((a, b) => a.s.page - b.s.page || a.order - b.order);
  const pickedKeys = new Set(picked.map((p) => sameSentenceKey(p.s.text)));
  if (picked.length === 0) {
    return {
      text: `${EXTRACTIVE_ANSWER_LABEL}\n\nNo passage in the document matches the question's words; the document may not discuss it. Configure a model for a full answer.`,
      pages: [],
    };
  }
  const flat = new Map<number, string>();
  const flatOf = (page: number): string => {
    let f = flat.get(page);
    if (f === undefined) {
      f = (texts.get(page) ?? '').replace(/(\p{L})-\n(\p{L})/gu, '$1$2').replace(/\s+/g, ' ').replace(/["\u201C\u201D\u201E]/g, "'");
      flat.set(page, f);
    }
    return f;
  };
  const lines = picked.map((p) => {
    // a short sentence carries the next one along, when they are adjacent in the page text,
    // unless the next one is quoted in its own right (it would then be read twice)
    const next = p.next && !pickedKeys.has(sameSentenceKey(p.next.text)) ? p.next : undefined;
    const joined = next ? `${p.s.text} ${next.text}` : '';
    if (next && p.s.text.length < 120 && flatOf(p.s.page).includes(joined)) {
      pickedKeys.add(sameSentenceKey(next.text));
      return `- "${joined}" [p. ${p.s.page}]`;
    }
    return bullet(p.s);
  });
  return {
    text: `${EXTRACTIVE_ANSWER_LABEL}\n\nThe passages of the document that best match the question:\n\n${lines.join('\n')}`,
    pages: [...new Set(picked.map((p) => p.s.page))],
  };
}

const MAX_SECTIONS = 12;

function sentencesPerSection(kind: SummaryKind): number {
  switch (kind) {
    case 'brief':
      return 1;
    case 'detailed':
      return 3;
    case 'chapters':
      return 2;
    case 'key-terms':
      return 2;
  }
}

export function extractiveSummary(
  library: Library,
  docId: string,
  kind: SummaryKind,
  pages: readonly number[],
  /** Outline chapters: first page -> title. */
  chapters: ReadonlyMap<number, string>,
): ExtractiveResult {
  const texts = allPageTexts(library, docId);
  // sections: chapters when the outline gives 2..MAX_CHAPTERS of them, else equal page ranges
  let sections: number[][] = [];
  const starts = pages.filter((p) => chapters.has(p));
  if (starts.length >= 2 && starts.length <= MAX_CHAPTERS) {
    let current: number[] = [];
    for (const p of pages) {
      if (chapters.has(p) && current.length > 0) {
        sections.push(current);
        current = [];
      }
      current.push(p);
    }
    if (current.length > 0) sections.push(current);
  } else {
    const n = Math.min(MAX_SECTIONS, Math.max(1, Math.ceil(pages.length / 3)));
    const size = Math.ceil(pages.length / n);
    for (let i = 0; i < pages.length; i += size) sections.push(pages.slice(i, i + size));
  }
  if (sections.length > MAX_CHAPTERS) sections = sections.slice(0, MAX_CHAPTERS);

  // document frequency of words over pages (centrality weights)
  const df = new Map<string, number>();
  const pageSentences = new Map<number, Sentence[]>();
  for (const p of pages) {
    const ss = splitSentences(p, texts.get(p) ?? '');
    pageSentences.set(p, ss);
    for (const w of new Set(wordsOf(texts.get(p) ?? '').map(stem))) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const n = pages.length;
  const weight = (w: string): number => {
    const d = df.get(w) ?? 0;
    // words on many pages (but not nearly all) are the document's themes
    return d <= 1 || d > 0.9 * n ? 0 : Math.log(1 + d);
  };
  const per = sentencesPerSection(kind);
  const lines: string[] = [];
  const used = new Set<number>();
  // boilerplate repeated through the document (a footer sentence) is quoted once
  const quoted = new Set<string>();
  for (const section of sections) {
    const candidates: { s: Sentence; score: number; idx: number }[] = [];
    let idx = 0;
    for (const p of section) {
      for (const s of pageSentences.get(p) ?? []) {
        const ws = wordsOf(s.text).filter((w) => w.length > 3).map(stem);
        if (ws.length < 5) continue;
        const score = ws.reduce((sum, w) => sum + weight(w), 0) / Math.sqrt(ws.length);
        candidates.push({ s, score, idx: idx++ });
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.idx - b.idx);
    // prefer what no earlier section quoted; a section made only of repeated text still gets its heading
    const fresh = candidates.filter((c) => !quoted.has(sameSentenceKey(c.s.text)));
    const pool = fresh.length > 0 ? fresh : candidates;
    const sectionKeys = new Set<string>();
    const best = pool
      .filter((c) => {
        const key = sameSentenceKey(c.s.text);
        if (sectionKeys.has(key)) return false;
        sectionKeys.add(key);
        return true;
      })
      .slice(0, per)
      .sort((a, b) => a.idx - b.idx);
    for (const b of best) quoted.add(sameSentenceKey(b.s.text));
    if (best.length === 0) continue;
    const first = section[0] ?? 0;
    const last = section[section.length - 1] ?? first;
    if (kind === 'chapters' || kind === 'detailed') {
      const span = last !== first ? `${first}-${last}` : `${first}`;
      const title = chapters.get(first)?.replace(/[*_`]/g, '');
      lines.push(`\n**${title ? `${title} (${last !== first ? 'pp.' : 'p.'} ${span})` : `${last !== first ? 'Pages' : 'Page'} ${span}`}**`);
    }
    for (const b of best) {
      lines.push(bullet(b.s));
      used.add(b.s.page);
    }
  }
  if (lines.length === 0) {
    return { text: `${EXTRACTIVE_SUMMARY_LABEL}\n\nThe document's text has no full sentences to extract.`, pages: [] };
  }
  const intro = kind === 'key-terms' ? 'Central sentences of the document (key-term extraction needs a model):' : 'The most central sentences of each part of the document:';
  return { text: `${EXTRACTIVE_SUMMARY_LABEL}\n\n${intro}\n${lines.join('\n')}`, pages: [...used].sort((a, b) => a - b) };
}

/**
 * Offline answer over several documents: each sent document's best passages (extractiveAnswer), cited
 * [Dk, p. N] with the document's key, under one label that says no model was used.
 */
export function extractiveAcross(
  library: Library,
  sources: readonly { docId: string; key: string; title: string; pages: readonly number[] }[],
  question: string,
): ExtractiveResult & { perDocument: Map<string, number[]> } {
  const sections: string[] = [];
  const perDocument = new Map<string, number[]>();
  for (const s of sources) {
    const one = extractiveAnswer(library, s.docId, question, s.pages);
    if (one.pages.length === 0) continue;
    perDocument.set(s.docId, one.pages);
    const lines = one.text
      .split('\n')
      .filter((l) => l.startsWith('- "'))
      .map((l) => l.replace(/\[p\. (\d+)\]$/, `[${s.key}, p. $1]`));
    sections.push(`${s.key} (${s.title}):\n\n${lines.join('\n')}`);
  }
  if (sections.length === 0) {
    return {
      text: `${EXTRACTIVE_ANSWER_LABEL}\n\nNo passage in these documents matches the question's words; they may not discuss it. Configure a model for a full answer.`,
      pages: [],
      perDocument,
    };
  }
  return {
    text: `${EXTRACTIVE_ANSWER_LABEL}\n\nThe passages of the documents that best match the question:\n\n${sections.join('\n\n')}`,
    pages: [],
    perDocument,
  };
}
