/**
 * The words of a question that a page should contain, and the FTS5
 * expressions built from them.
 *
 * Stop words are general English function words and the verbs anyone uses to
 * ask ("explain", "calculate", "give"): nothing taken from one benchmark's
 * question templates. Words that a question's wording adds but a page never
 * says are left to BM25's idf (a word no page holds matches nothing).
 */

export const STOP_WORDS = new Set(
  (
    // function words
    'a an the and or but if then else of in on at to for from by with without about into onto over under as is are was were be been being ' +
    'do does did done doing have has had having it its it\'s this that these those there here their they them he she his her him we our us you your i me my ' +
    'what which who whom whose when where why how much many any some all each every most more less least few other such than too very can could ' +
    'should would will shall may might must not no nor only own same so just also per via vs versus etc ' +
    'am let lets let\'s like within between during before after above below up down out off again further once both either neither whether ' +
    // asking
    'please answer answers question questions respond response give provide using use used based tell explain describe show list find ' +
    'calculate compute determine identify state say says said know want need help thanks thank'
  ).split(/\s+/),
);

export const WORD = /[\p{L}\p{N}][\p{L}\p{N}&'.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

function words(question: string): string[] {
  return (question.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['\u2019]s$/, ''));
}

/** Content terms of a question, lower case, stop words dropped, de-duplicated. */
export function questionTerms(question: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const w of words(question)) {
    if (STOP_WORDS.has(w) || w.length < 2) continue;
    // years are weak evidence on their own (a report mentions its year on every page)
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

/** Adjacent content-word pairs of the question ("operating margin", "net income") as phrases. */
export function adjacentPairs(question: string): string[] {
  const out: string[] = [];
  const ws = words(question);
  for (let i = 0; i + 1 < ws.length; i++) {
    const a = ws[i] ?? '';
    const b = ws[i + 1] ?? '';
    if (STOP_WORDS.has(a) || STOP_WORDS.has(b) || /^\d+$/.test(a) || /^\d+$/.test(b)) continue;
    out.push(`${a} ${b}`);
  }
  return out;
}

/** One FTS5 string: the tokenizer's tokens of `text`, quoted (no syntax can leak). */
export function ftsString(text: string): string | null {
  const tokens = text.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!tokens || tokens.length === 0) return null;
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

/** The strings OR'ed (null when there is nothing to search). */
export function orExpression(parts: readonly string[]): string | null {
  const strings = [...new Set(parts.map(ftsString).filter((s): s is string => s !== null))];
  return strings.length > 0 ? strings.join(' OR ') : null;
}
