/**
 * The PDF's bookmarks beside the pages: a flat WAI-ARIA tree (levels from the
 * outline depth), the current page's section marked as the reader scrolls, and
 * clicking or pressing Enter on an entry goes to its page. Arrow keys move,
 * Right/Left open and close sections, Home/End jump to the ends.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { OutlineEntry } from '../../../shared/api';
import { activeOutlineIndex, ancestorsOf, buildOutlineTree, initialExpanded, visibleOutline } from '../lib/outline';

export function OutlineRail({
  id,
  outline,
  currentPage,
  onGoTo,
}: {
  id: string;
  outline: readonly OutlineEntry[];
  currentPage: number;
  onGoTo: (page: number) => void;
}): ReactNode {
  const nodes = useMemo(() => buildOutlineTree(outline), [outline]);
  const [expanded, setExpanded] = useState<Set<number>>(() => initialExpanded(nodes));
  const active = useMemo(() => activeOutlineIndex(outline, currentPage), [outline, currentPage]);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => visibleOutline(nodes, expanded), [nodes, expanded]);
  const nested = useMemo(() => nodes.some((n) => n.children.length > 0), [nodes]);
  const activeAncestors = useMemo(() => new Set(active === null ? [] : ancestorsOf(nodes, active).slice(1)), [nodes, active]);

  // Open the path to the current section when it changes.
  useEffect(() => {
    if (active === null) return;
    const path = ancestorsOf(nodes, active).slice(1);
    if (path.every((i) => expanded.has(i))) return;
    setExpanded((prev) => new Set([...prev, ...path]));
    // only when the section changes: the reader may close it again
  }, [active, nodes]);

  // Keep the current section in view inside the rail when it changes (only the rail scrolls;
  // a reader browsing the rail is not pulled back when they open or close a section).
  const reveal = useRef(true);
  useEffect(() => {
    reveal.current = true;
  }, [active]);
  useEffect(() => {
    const tree = treeRef.current;
    if (!reveal.current || !tree || active === null) return;
    const el = tree.querySelector<HTMLElement>(`[data-outline-index="${active}"]`);
    if (!el) return;
    reveal.current = false;
    const box = el.getBoundingClientRect();
    const view = tree.getBoundingClientRect();
    if (box.top < view.top) tree.scrollTop += box.top - view.top - 8;
    else if (box.bottom > view.bottom) tree.scrollTop += box.bottom - view.bottom + 8;
  }, [active, shown]);

  // The one entry in the tab order: the focused one if still shown, else the current section, else the first.
  const tabStop = (() => {
    if (focusIndex !== null && shown.some((n) => n.index === focusIndex)) return focusIndex;
    if (active !== null && shown.some((n) => n.index === active)) return active;
    for (const i of activeAncestors) if (shown.some((n) => n.index === i)) return i;
    return shown[0]?.index ?? null;
  })();

  const focusEntry = (index: number): void => {
    setFocusIndex(index);
    treeRef.current?.querySelector<HTMLElement>(`[data-outline-index="${index}"]`)?.focus();
  };

  const toggle = (index: number, open?: boolean): void => {
    setExpanded((prev) => {
      const next = new Set(prev);
      const isOpen = next.has(index);
      if (open ?? !isOpen) next.add(index);
      else next.delete(index);
      return next;
    });
  };

  const activate = (index: number): void => {
    const page = nodes[index]?.pageNumber;
    setFocusIndex(index);
    if (page !== null && page !== undefined) onGoTo(page);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number): void => {
    const node = nodes[index];
    if (!node) return;
    const at = shown.findIndex((n) => n.index === index);
    const move = (to: number | undefined): void => {
      if (to === undefined) return;
      e.preventDefault();
      focusEntry(to);
    };
    switch (e.key) {
      case 'ArrowDown':
        move(shown[at + 1]?.index);
        break;
      case 'ArrowUp':
        move(shown[at - 1]?.index);
        break;
      case 'Home':
        move(shown[0]?.index);
        break;
      case 'End':
        move(shown[shown.length - 1]?.index);
        break;
      case 'ArrowRight':
        e.preventDefault();
        if (node.children.length === 0) break;
        if (!expanded.has(index)) toggle(index, true);
        else move(node.children[0]);
        break;
      case 'ArrowLeft':
        e.preventDefault();
        if (node.children.length > 0 && expanded.has(index)) toggle(index, false);
        else if (node.parent !== null) move(node.parent);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        activate(index);
        break;
      default:
        break;
    }
  };

  return (
    <nav className="outline-rail" id={id} aria-label="Bookmarks">
      <div className="outline-head">
        <span>Bookmarks</span>
        <span className="muted">{outline.length}</span>
      </div>
      <div className="outline-tree" role="tree" aria-label="Bookmarks" ref={treeRef}>
        {shown.map((node) => {
          const isActive = node.index === active;
          const hasChildren = node.children.length > 0;
          const isOpen = expanded.has(node.index);
          const noPage = node.pageNumber === null;
          return (
            <div
              key={node.index}
              role="treeitem"
              data-outline-index={node.index}
              aria-level={node.level}
              aria-posinset={node.posInSet}
              aria-setsize={node.setSize}
              aria-expanded={hasChildren ? isOpen : undefined}
              aria-current={isActive ? 'location' : undefined}
              aria-disabled={noPage ? true : undefined}
              tabIndex={node.index === tabStop ? 0 : -1}
              className={`outline-item${isActive ? ' active' : ''}${activeAncestors.has(node.index) ? ' in-path' : ''}${noPage ? ' no-page' : ''}`}
              style={{ paddingLeft: (nested ? 4 : 10) + (node.level - 1) * 14 }}
              aria-label={noPage ? `${node.title} (no page)` : `${node.title}, page ${node.pageNumber}`}
              title={noPage ? 'This bookmark does not point to a page' : undefined}
              onClick={() => activate(node.index)}
              onFocus={() => setFocusIndex(node.index)}
              onKeyDown={(e) => onKeyDown(e, node.index)}
            >
              {nested ? (
                <span
                  className={`outline-twisty${hasChildren ? ' branch' : ''}${isOpen ? ' open' : ''}`}
                  aria-hidden="true"
                  onClick={(e) => {
                    if (!hasChildren) return;
                    e.stopPropagation();
                    toggle(node.index);
                  }}
                />
              ) : null}
              <span className="outline-title">{node.title}</span>
              <span className="outline-page">{noPage ? '—' : node.pageNumber}</span>
            </div>
          );
        })}
      </div>
    </nav>
  );
}
