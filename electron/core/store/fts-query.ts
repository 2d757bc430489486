/**
 * Turn what a person types into safe FTS5 MATCH expressions. Nothing the user
 * writes reaches FTS5 as syntax: every term (and every "quoted phrase") is
 * emitted as an FTS5 string, so quotes, parentheses, `*`, `:`, `-`, `^`, NEAR,
 * AND/OR/NOT never cause a syntax error.
 */

/**
 * Same notion of a token character as FTS5's unicode61 tokenizer: letters, digits, marks. Built on first
 * use: parsing the \p{...} classes costs every process that opens a library (the CLI's start).
 */
let term: RegExp | undefined;
const termPattern = (): RegExp => (term ??= /[\p{L}\p{N}\p{M}\p{Co}]+/gu);
const MAX_GROUPS = 32;

export interface UserQuery {
  /** Each entry is one FTS5 string: a single term or a phrase ("termination notice"). */
  groups: string[][];
}

export function parseUserQuery(input: string): UserQuery {
  const groups: string[][] = [];
  const seen = new Set<string>();
  const push = (terms: string[]): void => {
    if (terms.length === 0) return;
    const key = terms.join(' ').toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    groups.push(terms);
  };
  // Split on double quotes (straight or curly): odd segments are phrases.
  const segments = input.normalize('NFC').split(/["\u201c\u201d\u201e]/);
  segments.forEach((segment, i) => {
    const terms = segment.match(termPattern()) ?? [];
    if (i % 2 === 1 && i < segments.length - 1) {
      push(terms); // a closed "quoted phrase"
    } else {
      for (const term of terms) push([term]);
    }
  });
  return { groups: groups.slice(0, MAX_GROUPS) };
}

function ftsString(terms: string[]): string {
  // Terms contain no double quotes (see termPattern), but escape defensively.
  return `"${terms.join(' ').replaceAll('"', '""')}"`;
}

/** All groups must match (implicit AND). Null when the query has no searchable terms. */
export function andExpression(query: UserQuery): string | null {
  return query.groups.length ? query.groups.map(ftsString).join(' AND ') : null;
}

/** Any group may match. Null when the query has no searchable terms. */
export function orExpression(query: UserQuery): string | null {
  return query.groups.length ? query.groups.map(ftsString).join(' OR ') : null;
}

/**
 * Normalised question (the answers table's column and the answer cache key):
 * NFKC, lower case, single spaces, no trailing punctuation.
 */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.,;:\u2026。？！]+$/u, '');
}
