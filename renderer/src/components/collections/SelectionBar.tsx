/** "3 selected: Make a collection · Add to collection ▾ · Clear" above the library table. */
import type { ReactNode } from 'react';
import type { CollectionRecord } from '../../../../shared/api';
import { formatInt } from '../../lib/format';
import { useMenu } from '../useMenu';

export function SelectionBar({
  count,
  collections,
  busy,
  onMake,
  onAdd,
  onClear,
}: {
  count: number;
  collections: readonly CollectionRecord[];
  busy: boolean;
  onMake: () => void;
  onAdd: (collection: CollectionRecord) => void;
  onClear: () => void;
}): ReactNode {
  const menu = useMenu({ closeOnTab: false });
  return (
    <div className="selection-bar" role="region" aria-label="Selected documents" data-testid="selection-bar">
      <strong className="selection-count" aria-live="polite">
        {formatInt(count)} selected:
      </strong>
      <button type="button" className="button button-small button-primary" onClick={onMake} disabled={busy}>
        Make a collection
      </button>
      <details
        className="menu selection-add"
        ref={menu.details}
        onToggle={menu.onToggle}
        onBlur={menu.onBlur}
      >
        <summary
          ref={menu.summary}
          className={`button button-small${collections.length === 0 || busy ? ' is-disabled' : ''}`}
          aria-haspopup="menu"
          aria-disabled={collections.length === 0 || busy ? true : undefined}
          title={collections.length === 0 ? 'There is no collection yet: make one first' : 'Add the selected documents to a collection'}
          onClick={(e) => {
            if (collections.length === 0 || busy) e.preventDefault();
          }}
        >
          Add to collection <span aria-hidden="true">▾</span>
        </summary>
        <div className="menu-items" role="menu" aria-label="Collections" onKeyDown={menu.onMenuKey}>
          {collections.map((c) => (
            <button
              key={c.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                menu.close(true);
                onAdd(c);
              }}
            >
              <span className="ellipsis">{c.name}</span> <span className="muted">{formatInt(c.docIds.length)}</span>
            </button>
          ))}
        </div>
      </details>
      <button type="button" className="link-button" onClick={onClear} title="Clear the selection (Esc)">
        Clear
      </button>
    </div>
  );
}
