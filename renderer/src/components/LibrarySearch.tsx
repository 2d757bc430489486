/**
 * Search the whole library from the library screen: document titles, the text of every page
 * (FTS5, offline) and past answers and summaries. A page hit opens its document at that page
 * with the term highlighted; an answer opens in its document's History.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AnswerRecord, DocumentRecord, SearchHit } from '../../../shared/api';
import { toApiError } from '../api/errors';
import { formatDate, plural } from '../lib/format';
import { useClient, useDebounced, useSessionState } from '../state';
import { summaryTitle } from './AnswerView';
import type { OpenTarget } from './DocumentView';
import { firstMatchedTerm, Snippet } from './Snippet';

/** Page hits fetched across the library; each document shows its best few. */
const PAGE_HIT_LIMIT = 100;
const HITS_PER_DOCUMENT = 4;
const ANSWER_LIMIT = 20;

interface Results {
  query: string;
  hits: SearchHit[];
  answers: AnswerRecord[];
}

function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Documents whose title, file name or author holds every word typed. */
function matchingDocuments(documents: readonly DocumentRecord[], words: readonly string[]): DocumentRecord[] {
  if (words.length === 0) return [];
  return documents.filter((d) => {
    const haystack = `${d.title} ${d.fileName} ${d.author ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** ~180 characters of an answer around the first word typed, the words marked [[ ]] for <Snippet>. */
export function answerExcerpt(text: string, words: readonly string[], radius = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const at = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - radius);
  const end = Math.min(flat.length, at + radius);
  let excerpt = flat.slice(start, end);
  const escaped = words.filter((w) => w.length > 1).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // [[ ]] mark the words; brackets already in the text would confuse <Snippet>
  excerpt = excerpt.replace(/\[\[|\]\]/g, '');
  if (escaped.length > 0) excerpt = excerpt.replace(new RegExp(`(${escaped.join('|')})`, 'giu'), '[[$1]]');
  return `${start > 0 ? '…' : ''}${excerpt}${end < flat.length ? '…' : ''}`;
}

/** Page hits grouped by document, best document first (FTS order). */
function groupByDocument(hits: readonly SearchHit[]): { docId: string; docTitle: string; hits: SearchHit[] }[] {
  const groups = new Map<string, { docId: string; docTitle: string; hits: SearchHit[] }>();
  for (const hit of hits) {
    const group = groups.get(hit.docId) ?? { docId: hit.docId, docTitle: hit.docTitle, hits: [] };
    group.hits.push(hit);
    groups.set(hit.docId, group);
  }
  return [...groups.values()];
}

export function LibrarySearch({
  documents,
  onOpen,
}: {
  documents: readonly DocumentRecord[];
  onOpen: (docId: string, target?: OpenTarget) => void;
}): ReactNode {
  const client = useClient();
  const [text, setText] = useSessionState('pagewise.librarySearch', '');
  const query = useDebounced(text.trim(), 250);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!query) {
      setResults(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    const options = { signal: controller.signal };
    Promise.all([
      // one more than shown per document, to know that it has more
      client.call('library.search', { docId: null, query, limit: PAGE_HIT_LIMIT, perDocument: HITS_PER_DOCUMENT + 1 }, options),
      client.call('history.list', { search: query, limit: ANSWER_LIMIT }, options),
    ])
      .then(([pages, history]) => {
        setResults({ query, hits: pages.hits, answers: history.items });
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(toApiError(e).message);
      });
    return () => controller.abort();
  }, [client, query]);

  // while the next query runs, the last results stay (no flicker); everything shown derives from them
  const shown = text.trim() && query && results ? results : null;
  const words = useMemo(() => queryWords(shown?.query ?? ''), [shown]);
  const titles = useMemo(() => matchingDocuments(documents, words), [documents, words]);
  const groups = useMemo(() => groupByDocument(shown?.hits ?? []), [shown]);
  const nothing = shown !== null && titles.length === 0 && shown.hits.length === 0 && shown.answers.length === 0;
  const titleOf = (docId: string): string => documents.find((d) => d.id === docId)?.title ?? 'A removed document';

  return (
    <section className="library-search" aria-label="Search the library">
      <div className="library-search-bar">
        <svg className="search-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M10.8 10.8 14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <input
          ref={inputRef}
          type="search"
          aria-label="Search the library"
          placeholder="Search every page and past answer in your library"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text) {
              e.preventDefault();
              e.stopPropagation();
              setText('');
            }
          }}
        />
        {text.trim() && text.trim() !== shown?.query ? <span className="muted small">Searching…</span> : null}
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {shown ? (
        <div className="library-results" data-testid="library-results" aria-live="polite">
          {nothing ? (
            <p className="muted">Nothing in your library matches “{shown.query}”: no title, page or past answer.</p>
          ) : (
            <p className="muted small results-summary">
              {plural(new Set(shown.hits.map((h) => h.docId)).size, 'document')} with matching pages
              {shown.hits.length >= PAGE_HIT_LIMIT ? ' (the best first)' : ''} · {plural(shown.answers.length, 'past answer')}
            </p>
          )}
          {titles.length > 0 ? (
            <div className="result-group">
              <h3 className="result-heading">Documents</h3>
              <ul className="result-list">
                {titles.map((doc) => (
                  <li key={doc.id}>
                    <button type="button" className="result-row" onClick={() => onOpen(doc.id)}>
                      <span className="result-title">{doc.title}</span>
                      <span className="muted small">
                        {doc.fileName} · {plural(doc.pageCount, 'page')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {groups.length > 0 ? (
            <div className="result-group">
              <h3 className="result-heading">Pages</h3>
              {groups.map((group) => (
                <div key={group.docId} className="result-doc" data-doc-id={group.docId}>
                  <h4 className="result-doc-title">
                    <button type="button" className="link-button" onClick={() => onOpen(group.docId)}>
                      {group.docTitle}
                    </button>
                    {group.hits.length > HITS_PER_DOCUMENT ? <span className="muted small"> · more pages match; the best {HITS_PER_DOCUMENT} shown</span> : null}
                  </h4>
                  <ol className="hit-list">
                    {group.hits.slice(0, HITS_PER_DOCUMENT).map((hit) => (
                      <li key={hit.pageNumber}>
                        <button
                          type="button"
                          className="hit"
                          onClick={() => onOpen(hit.docId, { page: hit.pageNumber, quote: firstMatchedTerm(hit.snippet, shown.query) })}
                        >
                          <span className="hit-page">
                            p. {hit.pageNumber}
                            {hit.label && hit.label !== String(hit.pageNumber) ? ` (${hit.label})` : ''}
                          </span>
                          <span className="hit-snippet">
                            <Snippet text={hit.snippet} />
                          </span>
                        </button>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          ) : null}
          {shown.answers.length > 0 ? (
            <div className="result-group">
              <h3 className="result-heading">Past answers and summaries</h3>
              <ul className="result-list">
                {shown.answers.map((answer) => (
                  <li key={answer.id}>
                    <AnswerResult answer={answer} words={words} documentTitle={titleOf(answer.docId)} onOpen={onOpen} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** One past answer or summary as a result row: opens it in its document's History. */
export function AnswerResult({
  answer,
  words,
  documentTitle,
  onOpen,
}: {
  answer: AnswerRecord;
  /** searched words to mark in the excerpt (none: the answer's opening) */
  words: readonly string[];
  documentTitle: string;
  onOpen: (docId: string, target?: OpenTarget) => void;
}): ReactNode {
  return (
    <button type="button" className="result-row answer-result" onClick={() => onOpen(answer.docId, { tab: 'history', answerId: answer.id })}>
      <span className="result-line">
        <span className={`kind-tag kind-${answer.kind}`}>{answer.kind === 'summary' ? 'Summary' : 'Q&A'}</span>
        <span className="result-title">{answer.kind === 'summary' ? summaryTitle(answer.question) : answer.question}</span>
        {answer.status !== 'complete' ? <span className="badge badge-warn">{answer.status === 'failed' ? 'Failed' : 'Incomplete'}</span> : null}
      </span>
      <span className="hit-snippet small">
        <Snippet text={answerExcerpt(answer.text, words)} />
      </span>
      <span className="muted small">
        {documentTitle} · {answer.extractive ? 'offline' : answer.model} · {formatDate(answer.createdAt)}
      </span>
    </button>
  );
}

/** The latest answers and summaries across the library, under the documents: last month's work at a glance. */
export function RecentAnswers({
  documents,
  onOpen,
  limit = 5,
}: {
  documents: readonly DocumentRecord[];
  onOpen: (docId: string, target?: OpenTarget) => void;
  limit?: number;
}): ReactNode {
  const client = useClient();
  const [items, setItems] = useState<AnswerRecord[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    client
      .call('history.list', { limit }, { signal: controller.signal })
      .then((r) => setItems(r.items))
      .catch(() => setItems(null)); // the library still works; this card is a shortcut
    return () => controller.abort();
  }, [client, documents, limit]);
  if (!items || items.length === 0) return null;
  const titleOf = (docId: string): string => documents.find((d) => d.id === docId)?.title ?? 'A removed document';
  return (
    <section className="recent-answers" aria-label="Recent answers and summaries" data-testid="recent-answers">
      <h2 className="section-title">Recent answers and summaries</h2>
      <ul className="result-list">
        {items.map((answer) => (
          <li key={answer.id}>
            <AnswerResult answer={answer} words={[]} documentTitle={titleOf(answer.docId)} onOpen={onOpen} />
          </li>
        ))}
      </ul>
    </section>
  );
}
