/** The library's left column: "All documents" first, then each collection with how many documents it holds. */
import type { ReactNode } from 'react';
import type { CollectionRecord } from '../../../../shared/api';
import { formatInt } from '../../lib/format';

export function CollectionsNav({
  collections,
  documentCount,
  activeId,
  onAll,
  onOpen,
  onNew,
}: {
  collections: readonly CollectionRecord[];
  documentCount: number;
  /** null: the whole library is shown */
  activeId: string | null;
  onAll: () => void;
  onOpen: (collection: CollectionRecord) => void;
  onNew: () => void;
}): ReactNode {
  return (
    <nav className="collections-nav" aria-label="Collections">
      <h2 className="collections-nav-title">Collections</h2>
      <ul>
        <li>
          <button type="button" className={`collection-link${activeId === null ? ' active' : ''}`} aria-current={activeId === null ? 'page' : undefined} onClick={onAll}>
            <span className="ellipsis">All documents</span>
            <span className="collection-count" aria-label={`${formatInt(documentCount)} documents`}>
              {formatInt(documentCount)}
            </span>
          </button>
        </li>
        {collections.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className={`collection-link${activeId === c.id ? ' active' : ''}`}
              aria-current={activeId === c.id ? 'page' : undefined}
              data-collection-id={c.id}
              title={c.name}
              onClick={() => onOpen(c)}
            >
              <span className="ellipsis">{c.name}</span>
              <span className="collection-count" aria-label={`${formatInt(c.docIds.length)} ${c.docIds.length === 1 ? 'document' : 'documents'}`}>
                {formatInt(c.docIds.length)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button new-collection" onClick={onNew}>
        + New collection
      </button>
      {collections.length === 0 ? (
        <p className="muted small collections-hint">Select documents with the boxes beside them, then “Make a collection” to ask them together.</p>
      ) : null}
    </nav>
  );
}
