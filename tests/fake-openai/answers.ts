/**
 * Deterministic "model" of the fake server (docs/ARCHITECTURE.md, "llm/"):
 * - the last user message has a line `Question: ...` and the prompt carries
 *   `<page number="N" ...>text</page>` blocks -> the page sentence with the best
 *   word overlap with the question, quoted verbatim: `The document says: "<sentence>" [p. N]`;
 * - pages but no question (a summary, or a map step) -> the first sentence of up
 *   to 6 pages spread evenly over the pages given, one bullet each: `- "<sentence>" [p. N]`;
 * - no pages (a reduce step) -> the input's lines that carry a [p. N] citation, as bullets (up to 12).
 * - page blocks of several documents (`doc="D2"`) and a question -> one line per document with its best
 *   sentence, cited with its document: `- D2: "<sentence>" [D2, p. N]` (documents with no match are left out);
 * Quotes are verbatim page text with whitespace runs collapsed to one space.
 */
import type { FakeMessage } from './tokenize';

export interface PageBlock {
  pageNumber: number;
  label: string | null;
  text: string;
  /** The doc attribute of the block (prompts over several documents); null or absent when it has none. */
  doc?: string | null;
}

export const NO_ANSWER = 'The provided pages do not answer this question.';
export const NO_POINTS = 'No cited points were found in the input.';

const PAGE_RE = /<page\b([^>]*)>([\s\S]*?)<\/page>/g;
const MAX_WORDS = 40;
const STOPWORDS = new Set(
  (
    'a an and are as at be been by can could did do does for from had has have how i if in into is it its may might ' +
    'must not of on or our shall should so than that the their them then there these they this those to under was ' +
    'we were what when where which who whom why will with would you your about after any all also before between ' +
    'each more most other over such only own same very per upon'
  ).split(' '),
);

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parsePages(messages: readonly FakeMessage[]): PageBlock[] {
  const pages: PageBlock[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    for (const match of m.content.matchAll(PAGE_RE)) {
      const attrs = match[1] ?? '';
      const num = /\bnumber\s*=\s*"(\d+)"/.exec(attrs);
      if (!num?.[1]) continue;
      const label = /\blabel\s*=\s*"([^"]*)"/.exec(attrs);
      const doc = /\bdoc\s*=\s*"([^"]*)"/.exec(attrs);
      pages.push({ pageNumber: Number(num[1]), label: label?.[1] ?? null, text: decodeEntities(match[2] ?? ''), doc: doc?.[1] ?? null });
    }
  }
  return pages;
}

/**
 * Candidate quotes of a page: sentences (split after . ! ?), further split at
 * double quotes (a quote inside a quote would break the citation syntax), long
 * runs cut into pieces of at most 40 words. Each is a verbatim substring of the
 * page once whitespace is collapsed.
 */
export function sentencesOf(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return [];
  const out: string[] = [];
  for (const sentence of flat.split(/(?<=[.!?])\s+/)) {
    for (const fragment of sentence.split(/["\u201c\u201d]/)) {
      const words = fragment.trim().split(' ').filter(Boolean);
      for (let i = 0; i < words.length; i += MAX_WORDS) {
        const piece = words.slice(i, i + MAX_WORDS).join(' ');
        if (/[\p{L}\p{N}]/u.test(piece)) out.push(piece);
      }
    }
  }
  return out;
}

/** Lower-case word stems (first 6 letters: "terminate" and "termination" meet). */
function keys(text: string): Set<string> {
  const set = new Set<string>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    set.add(w.length > 6 ? w.slice(0, 6) : w);
  }
  return set;
}

function wordCount(s: string): number {
  return s.split(' ').length;
}

export function questionOf(messages: readonly FakeMessage[]): string | null {
  let last: FakeMessage | undefined;
  for (const m of messages) if (m.role === 'user') last = m;
  if (!last) return null;
  const match = /^[ \t]*Question:[ \t]*(.*)$/m.exec(last.content);
  if (!match) return null;
  const rest = (match[1] ?? '').trim();
  if (rest) return rest;
  const after = last.content.slice((match.index ?? 0) + match[0].length).trim();
  return after.split('\n')[0]?.trim() ?? '';
}

export function bestSentence(pages: readonly PageBlock[], question: string): { sentence: string; pageNumber: number } | null {
  const q = keys(question);
  if (q.size === 0) return null;
  let best: { sentence: string; pageNumber: number; score: number; words: number } | null = null;
  for (const page of pages) {
    for (const sentence of sentencesOf(page.text)) {
      let score = 0;
      for (const k of keys(sentence)) if (q.has(k)) score++;
      if (score === 0) continue;
      const words = wordCount(sentence);
      if (!best || score > best.score || (score === best.score && words < best.words && words >= 4)) {
        best = { sentence, pageNumber: page.pageNumber, score, words };
      }
    }
  }
  return best ? { sentence: best.sentence, pageNumber: best.pageNumber } : null;
}

function firstSentence(text: string): string | null {
  const all = sentencesOf(text);
  return all.find((s) => wordCount(s) >= 3) ?? all[0] ?? null;
}

/** Up to `max` items spread evenly, first and last included. */
function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  for (let i = 0; i < max; i++) {
    const item = items[Math.round((i * (items.length - 1)) / (max - 1))];
    if (item !== undefined) out.push(item);
  }
  return out;
}

const CITED_LINE = /\[(?:D\d+,\s*)?pp?\.\s*\d+/;

export function answerFor(messages: readonly FakeMessage[]): string {
  const pages = parsePages(messages);
  const question = questionOf(messages);
  if (pages.length > 0) {
    if (question !== null && pages.some((p) => p.doc !== null)) {
      const docs = [...new Set(pages.map((p) => p.doc ?? ''))];
      const lines: string[] = [];
      for (const doc of docs) {
        const best = bestSentence(pages.filter((p) => (p.doc ?? '') === doc), question);
        if (best) lines.push(`- ${doc}: "${best.sentence}" [${doc}, p. ${best.pageNumber}]`);
      }
      return lines.length > 0 ? lines.join('\n') : NO_ANSWER;
    }
    if (question !== null) {
      const best = bestSentence(pages, question);
      return best ? `The document says: "${best.sentence}" [p. ${best.pageNumber}]` : NO_ANSWER;
    }
    const withText = pages
      .map((p) => ({ page: p, sentence: firstSentence(p.text) }))
      .filter((x): x is { page: PageBlock; sentence: string } => x.sentence !== null);
    if (withText.length === 0) return NO_POINTS;
    return spread(withText, 6)
      .map((x) => `- "${x.sentence}" [p. ${x.page.pageNumber}]`)
      .join('\n');
  }
  // Reduce step: repeat the cited lines given as input.
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    for (const raw of m.content.split('\n')) {
      const line = raw.trim();
      if (!CITED_LINE.test(line) || /^Question:/.test(line)) continue;
      const bullet = /^[-*]\s/.test(line) ? `- ${line.slice(2).trim()}` : `- ${line}`;
      if (seen.has(bullet)) continue;
      seen.add(bullet);
      lines.push(bullet);
      if (lines.length >= 12) break;
    }
    if (lines.length >= 12) break;
  }
  if (lines.length > 0) return lines.join('\n');
  return question !== null ? NO_ANSWER : NO_POINTS;
}
