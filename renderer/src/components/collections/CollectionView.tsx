/**
 * A collection: its documents (pages, tokens), rename / delete / take a document out, and the ask panel
 * ("Ask these documents") whose citations open the cited document at the cited page.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AnswerRecord, CollectionRecord, DocumentFit, DocumentRecord } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { formatInt, plural } from '../../lib/format';
import { useClient } from '../../state';
import type { CitationRef } from '../../lib/citations';
import type { CiteHandler } from '../AnswerView';
import { AskTab, type AskRequest, type AskTarget } from '../AskTab';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog';
import type { OpenTarget } from '../DocumentView';
import { CollectionHistory } from './CollectionHistory';
import { NameDialog, type NameRequest } from './NameDialog';
import { ErrorNote } from '../ErrorNote';
import { OpenFailed, Opening } from '../OpenState';
import './collections.css';

/** The route id of the whole library asked as one scope ("All documents"); collections have UUIDs. */
export const ALL_DOCUMENTS = 'all';

export function CollectionView({
  collectionId,
  documents,
  onOpenDocument,
  onChanged,
  onBack,
  onCompare,
  focusQuestionSeq,
  registerStop,
}: {
  collectionId: string;
  documents: readonly DocumentRecord[];
  onOpenDocument: (docId: string, target?: OpenTarget) => void;
  /** the collection changed (renamed, a document taken out, deleted): the library's list reloads */
  onChanged: () => void;
  onBack: () => void;
  /** lane compare: opens the side-by-side comparison of this collection; no button without it */
  onCompare?: (collection: CollectionRecord) => void;
  focusQuestionSeq: number;
  registerStop: (stop: (() => void) | null) => void;
}): ReactNode {
  const client = useClient();
  const isAll = collectionId === ALL_DOCUMENTS;
  const [loaded, setCollection] = useState<CollectionRecord | null>(null);
  // the whole library: every document, nothing to rename, delete or take out
  const collection = useMemo<CollectionRecord | null>(
    () => (isAll ? { id: ALL_DOCUMENTS, name: 'All documents', docIds: documents.map((d) => d.id), createdAt: '', updatedAt: '' } : loaded),
    [isAll, documents, loaded],
  );
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [nameRequest, setNameRequest] = useState<NameRequest | null>(null);
  /** the model's window and input budget (the same for every document): from the first member's fit */
  const [baseFit, setBaseFit] = useState<DocumentFit | null>(null);
  const [historySeq, setHistorySeq] = useState(0);
  const [askRequest, setAskRequest] = useState<AskRequest | null>(null);
  const firstMember = collection?.docIds.find((id) => documents.some((d) => d.id === id)) ?? null;

  useEffect(() => {
    if (!firstMember) return;
    let cancelled = false;
    client
      .call('library.info', { docId: firstMember })
      .then((r) => {
        if (!cancelled) setBaseFit(r.fit);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [client, firstMember]);

  const target = useMemo<AskTarget>(
    () => ({ kind: 'scope', scope: isAll ? { all: true } : { collection: collectionId }, key: `collection.${collectionId}` }),
    [collectionId, isAll],
  );
  // a chip opens the document it cites at its page, the quote highlighted (the viewer's single-document path)
  const onCite = useCallback<CiteHandler>(
    (ref: CitationRef, docId?: string) => {
      const cited = docId ?? (collection?.docIds.length === 1 ? collection.docIds[0] : undefined);
      if (cited) onOpenDocument(cited, { page: ref.page, quote: ref.quote });
    },
    [collection, onOpenDocument],
  );
  const onAnswered = useCallback(() => setHistorySeq((n) => n + 1), []);
  const onRerun = useCallback((record: AnswerRecord) => setAskRequest({ question: record.question, fresh: true, seq: Date.now() }), []);

  useEffect(() => {
    if (isAll) return;
    let cancelled = false;
    client
      .call('collection.get', { collection: collectionId })
      .then((r) => {
        if (!cancelled) setCollection(r.collection);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(toApiError(e).message);
      });
    return () => {
      cancelled = true;
    };
  }, [client, collectionId, isAll]);

  const changed = useCallback(
    (next: CollectionRecord) => {
      setCollection(next);
      setActionError(null);
      onChanged();
    },
    [onChanged],
  );

  if (error) return <OpenFailed what="collection" error={error} onBack={onBack} />;
  if (!collection) return <Opening what="collection" />;

  const byId = new Map(documents.map((d) => [d.id, d]));
  const members = collection.docIds.map((id) => byId.get(id)).filter((d): d is DocumentRecord => d !== undefined);
  const pages = members.reduce((n, d) => n + d.pageCount, 0);
  const tokens = members.reduce((n, d) => n + d.totalTokens, 0);
  const fit: DocumentFit | null = baseFit
    ? { ...baseFit, documentTokens: tokens, fitsWhole: tokens <= baseFit.inputBudget, fillRatio: baseFit.inputBudget > 0 ? tokens / baseFit.inputBudget : 0 }
    : null;

  const rename = (): void =>
    setNameRequest({
      title: 'Rename the collection',
      message: <p>The documents in it stay as they are.</p>,
      confirmLabel: 'Rename',
      initialName: collection.name,
      onSubmit: async (name) => {
        if (name === collection.name) return;
        changed((await client.call('collection.rename', { collection: collection.id, name })).collection);
      },
    });

  const askDelete = (): void =>
    setConfirm({
      title: 'Delete this collection?',
      message: (
        <p>
          The collection <strong>{collection.name}</strong> is deleted. Its {plural(collection.docIds.length, 'document')} stay in the library, with their answers.
        </p>
      ),
      confirmLabel: 'Delete collection',
      danger: true,
      onConfirm: () => {
        client
          .call('collection.delete', { collection: collection.id })
          .then(() => {
            onChanged();
            onBack();
          })
          .catch((e: unknown) => setActionError(toApiError(e).message));
      },
    });

  const takeOut = (doc: DocumentRecord): void => {
    client
      .call('collection.remove', { collection: collection.id, docIds: [doc.id] })
      .then((r) => changed(r.collection))
      .catch((e: unknown) => setActionError(toApiError(e).message));
  };

  return (
    <main className="collection-view">
      <section className="collection-main" aria-label="Collection">
        <header className="collection-head">
          <div className="collection-heading">
            <span className="collection-kind">{isAll ? 'The whole library' : 'Collection'}</span>
            <h1 className="ellipsis" title={collection.name}>
              {collection.name}
            </h1>
            <div className="muted small" data-testid="collection-summary">
              {plural(members.length, 'document')} · {plural(pages, 'page')} · {formatInt(tokens)} tokens
            </div>
          </div>
          <div className="collection-actions">
            {onCompare && !isAll ? (
              <button type="button" className="button button-small" onClick={() => onCompare(collection)} disabled={members.length < 2} title="Put the same question to each document and see the answers side by side">
                Compare
              </button>
            ) : null}
            {isAll ? null : (
              <>
                <button type="button" className="button button-small" onClick={rename}>
                  Rename
                </button>
                <button type="button" className="link-button subtle" onClick={askDelete}>
                  Delete
                </button>
              </>
            )}
          </div>
        </header>
        <ErrorNote error={actionError} />
        <div className="doc-table-wrap collection-docs">
          <h2 className="section-title">{isAll ? 'Documents in the library' : 'Documents in this collection'}</h2>
          {members.length === 0 ? (
            <div className="empty-state small-empty">
              <h3>No documents yet</h3>
              <p>In the library, select documents with the boxes beside them and choose “Add to collection”.</p>
              <button type="button" className="button button-small" onClick={onBack}>
                Go to the library
              </button>
            </div>
          ) : (
            <table className="doc-table collection-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col" className="num">
                    Pages
                  </th>
                  <th scope="col" className="num">
                    Tokens
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.map((doc) => (
                  <tr key={doc.id} className="doc-row" data-doc-id={doc.id}>
                    <td>
                      <button type="button" className="doc-title" onClick={() => onOpenDocument(doc.id)} title={doc.title}>
                        {doc.title}
                      </button>
                      <div className="muted small ellipsis">{doc.fileName}</div>
                    </td>
                    <td className="num">{formatInt(doc.pageCount)}</td>
                    <td className="num">{formatInt(doc.totalTokens)}</td>
                    <td className="row-actions">
                      {isAll ? null : (
                        <button type="button" className="link-button subtle" aria-label={`Take ${doc.title} out of this collection`} title="Take it out of this collection (it stays in the library)" onClick={() => takeOut(doc)}>
                          Take out
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <CollectionHistory collectionId={isAll ? null : collection.id} refreshSeq={historySeq} onCite={onCite} onRerun={onRerun} />
      </section>
      <aside className="panel collection-panel" aria-label="Ask these documents">
        <div className="panel-head collection-panel-head">
          <h2>Ask these documents</h2>
          <p className="muted small">
            {isAll ? `One question to the whole library (${plural(members.length, 'document')}).` : `One question to the ${plural(members.length, 'document')} of “${collection.name}”.`}
          </p>
        </div>
        <div className="panel-body">
          <div className="tab-pane">
            {members.length === 0 ? (
              <div className="empty-state small-empty">
                <h3>Nothing to ask yet</h3>
                <p>Add documents to this collection first.</p>
              </div>
            ) : (
              <AskTab
                target={target}
                pageCount={pages}
                fit={fit}
                onCite={onCite}
                focusSeq={focusQuestionSeq}
                request={askRequest}
                onAnswered={onAnswered}
                registerStop={registerStop}
              />
            )}
          </div>
        </div>
      </aside>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <NameDialog request={nameRequest} onClose={() => setNameRequest(null)} />
    </main>
  );
}
