/** History: past answers and summaries (this document or all), searchable, readable offline. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AnswerRecord, DocumentRecord } from '../../../shared/api';
import { toApiError } from '../api/errors';
import { plural } from '../lib/format';
import { useClient, useDebounced, useSessionState } from '../state';
import { AnswerCard, isMultiDocument, summaryTitle, type CiteHandler } from './AnswerView';
import type { OpenTarget } from './DocumentView';
import { ExportMenu } from './ExportMenu';
import { HistoryItem } from './HistoryItem';
import { ErrorNote } from './ErrorNote';

export function HistoryTab({
  docId,
  documents,
  refreshSeq,
  onCite,
  onRerun,
  onOpenDocument,
}: {
  docId: string;
  documents: DocumentRecord[];
  refreshSeq: number;
  onCite: CiteHandler;
  onRerun: (record: AnswerRecord) => void;
  onOpenDocument: (docId: string, target?: OpenTarget) => void;
}): ReactNode {
  const client = useClient();
  const [scope, setScope] = useSessionState<'doc' | 'all'>('pagewise.historyScope', 'doc');
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<AnswerRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useSessionState<string | null>('pagewise.historyOpen', null);
  const query = useDebounced(search.trim(), 250);

  useEffect(() => {
    const controller = new AbortController();
    client
      .call('history.list', { ...(scope === 'doc' ? { docId } : {}), ...(query ? { search: query } : {}), limit: 200 }, { signal: controller.signal })
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(toApiError(e).message);
      });
    return () => controller.abort();
  }, [client, docId, scope, query, refreshSeq]);

  // opened on an answer (library search, another document's History): bring it into view once
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!items || !openId || scrolledTo.current === openId) return;
    scrolledTo.current = openId;
    document.querySelector(`[data-answer-id="${CSS.escape(openId)}"]`)?.scrollIntoView({ block: 'start' });
  }, [items, openId]);

  const titleOf = (id: string): string => documents.find((d) => d.id === id)?.title ?? 'A removed document';

  return (
    <div className="history-tab">
      <div className="history-controls">
        <div className="segmented" role="radiogroup" aria-label="Which documents">
          <label className={`segment${scope === 'doc' ? ' active' : ''}`}>
            <input type="radio" name="history-scope" checked={scope === 'doc'} onChange={() => setScope('doc')} />
            This document
          </label>
          <label className={`segment${scope === 'all' ? ' active' : ''}`}>
            <input type="radio" name="history-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
            All documents
          </label>
        </div>
        <input type="search" className="history-search" placeholder="Search questions and answers" aria-label="Search history" value={search} onChange={(e) => setSearch(e.target.value)} />
        <ExportMenu target={{ kind: 'document', docId }} label="Export all Q&A" />
      </div>
      <ErrorNote error={error} />
      {items === null && !error ? <p className="muted">Loading history…</p> : null}
      {items && items.length === 0 ? (
        <div className="empty-state small-empty">
          <h3>{query ? 'Nothing matches' : 'No answers yet'}</h3>
          <p>{query ? `No past question or answer contains “${query}”.` : 'Questions you ask and summaries you make are kept here, readable even when you are offline.'}</p>
        </div>
      ) : null}
      <ul className="history-list">
        {(items ?? []).map((item) => {
          const open = openId === item.id;
          // an answer over several documents is in the history of each; its chips open the document they cite
          const multi = isMultiDocument(item);
          const otherDoc = item.docId !== docId && !(item.docIds ?? []).includes(docId);
          return (
            <HistoryItem
              key={item.id}
              item={item}
              open={open}
              onToggle={() => setOpenId(open ? null : item.id)}
              tag={<span className={`kind-tag kind-${item.kind}`}>{item.kind === 'summary' ? 'Summary' : 'Q&A'}</span>}
              title={
                <>
                  {item.kind === 'summary' ? summaryTitle(item.question) : item.question}
                  {scope === 'all' || multi ? <span className="muted small history-doc">{multi ? (item.scopeLabel ?? plural(item.docIds?.length ?? 1, 'document')) : titleOf(item.docId)}</span> : null}
                </>
              }
              titleHint={item.kind === 'summary' ? undefined : item.question}
              meta={
                <>
                  {item.cached ? <span className="badge badge-neutral">Cached</span> : null}
                  <span className="muted small">{item.extractive ? 'offline' : item.model}</span>
                </>
              }
            >
              {multi ? (
                <p className="small">
                  Asked over <strong>{item.scopeLabel ?? plural(item.docIds?.length ?? 1, 'document')}</strong>.
                </p>
              ) : otherDoc ? (
                <p className="small">
                  From <strong>{titleOf(item.docId)}</strong>.{' '}
                  {documents.some((d) => d.id === item.docId) ? (
                    <button type="button" className="link-button" onClick={() => onOpenDocument(item.docId, { tab: 'history', answerId: item.id })}>
                      Open that document
                    </button>
                  ) : null}
                </p>
              ) : null}
              <AnswerCard record={item} onCite={otherDoc ? (ref, citedDocId) => onOpenDocument(citedDocId ?? item.docId, { page: ref.page, quote: ref.quote }) : onCite} showQuestion={false} {...(otherDoc || multi ? {} : { onRerun: () => onRerun(item) })} />
            </HistoryItem>
          );
        })}
      </ul>
    </div>
  );
}
