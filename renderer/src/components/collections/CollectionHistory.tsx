/**
 * The collection's past answers (history.list by collection), newest first; each opens in place, readable offline.
 * The whole library (collectionId null): the answers asked over "All documents".
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { AnswerRecord } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { useClient } from '../../state';
import { AnswerCard, type CiteHandler } from '../AnswerView';
import { HistoryItem } from '../HistoryItem';
import { ErrorNote } from '../ErrorNote';

/** What the engine calls the whole library as a scope (Answer.scopeLabel). */
const ALL_DOCUMENTS_LABEL = 'All documents';

export function CollectionHistory({
  collectionId,
  refreshSeq,
  onCite,
  onRerun,
}: {
  collectionId: string | null;
  refreshSeq: number;
  onCite: CiteHandler;
  onRerun: (record: AnswerRecord) => void;
}): ReactNode {
  const client = useClient();
  const [items, setItems] = useState<AnswerRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    client
      .call('history.list', collectionId ? { collectionId, limit: 100 } : { limit: 300 }, { signal: controller.signal })
      .then((r) => {
        setItems(collectionId ? r.items : r.items.filter((a) => !a.collectionId && a.scopeLabel === ALL_DOCUMENTS_LABEL));
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(toApiError(e).message);
      });
    return () => controller.abort();
  }, [client, collectionId, refreshSeq]);

  return (
    <section className="doc-table-wrap collection-history" aria-label="Past answers" data-testid="collection-history">
      <h2 className="section-title">Past answers</h2>
      <ErrorNote error={error} />
      {items === null && !error ? <p className="muted collection-history-note">Loading…</p> : null}
      {items && items.length === 0 ? (
        <p className="muted collection-history-note">Questions you ask this collection are kept here, readable even when you are offline.</p>
      ) : null}
      <ul className="history-list">
        {(items ?? []).map((item) => {
          const open = openId === item.id;
          return (
            <HistoryItem
              key={item.id}
              item={item}
              open={open}
              onToggle={() => setOpenId(open ? null : item.id)}
              tag={<span className="kind-tag kind-qa">Q&amp;A</span>}
              title={item.question}
              titleHint={item.question}
            >
              <AnswerCard record={item} onCite={onCite} showQuestion={false} onRerun={() => onRerun(item)} />
            </HistoryItem>
          );
        })}
      </ul>
    </section>
  );
}
