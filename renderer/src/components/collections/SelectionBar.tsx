/** "3 selected: Make a collection · Add to collection ▾ · Clear" above the library table. */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { CollectionRecord } from '../../../../shared/api';
import { formatInt } from '../../lib/format';

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
  const details = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  const items = (): HTMLButtonElement[] => Array.from(details.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
  const close = (focusButton: boolean): void => {
    if (details.current) details.current.open = false;
    if (focusButton) summary.current?.focus();
  };
  // a menu: arrows move, Home/End jump, Escape closes and gives the focus back
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number): void => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape') {
      e.stopPropagation();
      close(true);
    } else return;
    e.preventDefault();
  };
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
        ref={details}
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open) items()[0]?.focus();
        }}
        onBlur={(e) => {
          if (details.current?.open && !details.current.contains(e.relatedTarget as Node | null)) close(false);
        }}
      >
        <summary
          ref={summary}
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
        <div className="menu-items" role="menu" aria-label="Collections" onKeyDown={onMenuKey}>
          {collections.map((c) => (
            <button
              key={c.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                close(true);
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
