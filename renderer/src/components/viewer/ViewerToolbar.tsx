/**
 * The viewer's toolbar: bookmarks, page box (printed labels), zoom and find.
 * It never wraps: below a width the zoom controls move into a "More" menu and
 * the Search button becomes an icon, so the search box keeps its room.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { formatInt } from '../../lib/format';
import { shortcutLabel } from '../../lib/shortcuts';
import { hasOwnLabel, pageBoxText, resolvePageInput } from './pageLabels';

export const ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];
/** Toolbar widths (px) under which it folds. */
const COMPACT_BELOW = 660;

export type Zoom = number | 'fit';

function SidebarIcon(): ReactNode {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
      <rect x="2" y="3" width="14" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M7 3.5v11" stroke="currentColor" strokeWidth="1.5" />
      <path d="M3.8 6.5h1.6M3.8 9h1.6M3.8 11.5h1.6" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" />
    </svg>
  );
}

function SearchIcon(): ReactNode {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="7" cy="7" r="4.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M10.4 10.4 14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

function ZoomControls({ zoom, scale, onZoom }: { zoom: Zoom; scale: number; onZoom: (zoom: Zoom) => void }): ReactNode {
  const step = (direction: 1 | -1): void => {
    const next = direction > 0 ? ZOOMS.find((z) => z > scale + 0.01) : [...ZOOMS].reverse().find((z) => z < scale - 0.01);
    if (next) onZoom(next);
  };
  return (
    <>
      <button type="button" className="icon-button" onClick={() => step(-1)} aria-label="Zoom out" title="Zoom out">
        −
      </button>
      <select aria-label="Zoom" value={zoom === 'fit' ? 'fit' : String(zoom)} onChange={(e) => onZoom(e.target.value === 'fit' ? 'fit' : Number(e.target.value))}>
        <option value="fit">Fit width</option>
        {ZOOMS.map((z) => (
          <option key={z} value={String(z)}>
            {Math.round(z * 100)}%
          </option>
        ))}
        {zoom !== 'fit' && !ZOOMS.includes(zoom) ? <option value={String(zoom)}>{Math.round(zoom * 100)}%</option> : null}
      </select>
      <button type="button" className="icon-button" onClick={() => step(1)} aria-label="Zoom in" title="Zoom in">
        +
      </button>
    </>
  );
}

/** The zoom controls behind a "More" button (narrow windows). */
function MoreMenu({ children }: { children: ReactNode }): ReactNode {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  return (
    <div
      className="toolbar-more"
      ref={wrap}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={`icon-button${open ? ' pressed' : ''}`}
        aria-label="More: zoom"
        title="Zoom"
        aria-expanded={open}
        aria-controls={open ? 'viewer-more' : undefined}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open ? (
        <div className="toolbar-popover" id="viewer-more" role="group" aria-label="Zoom">
          {children}
        </div>
      ) : null}
    </div>
  );
}

function PageBox({
  currentPage,
  pageCount,
  labels,
  onGo,
  onUnknown,
}: {
  currentPage: number;
  pageCount: number;
  labels: readonly (string | null)[];
  onGo: (page: number) => void;
  onUnknown: (text: string) => void;
}): ReactNode {
  const shown = pageBoxText(currentPage, labels);
  const [text, setText] = useState(shown);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(shown);
  }, [shown, editing]);
  const labelled = hasOwnLabel(currentPage, labels);
  const anyLabels = labels.some((l, i) => l !== null && l !== String(i + 1));
  return (
    <label className="page-input" title={anyLabels ? 'Type a printed page number, or “pdf 36” for the 36th page of the file' : undefined}>
      <input
        type="text"
        inputMode={anyLabels ? 'text' : 'numeric'}
        value={text}
        aria-label="Page number"
        data-page={currentPage}
        onFocus={(e) => {
          setEditing(true);
          e.target.select();
        }}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          const page = resolvePageInput(text, labels, pageCount);
          if (page === null) {
            if (text.trim() !== '') onUnknown(text.trim());
            setText(shown);
          } else {
            onGo(page);
            setText(pageBoxText(page, labels));
          }
        }}
        onBlur={() => {
          setEditing(false);
          setText(shown);
        }}
      />
      <span className="muted page-of" data-testid="page-of">
        {labelled ? `(pdf ${formatInt(currentPage)} of ${formatInt(pageCount)})` : `of ${formatInt(pageCount)}`}
      </span>
    </label>
  );
}

export function ViewerToolbar({
  outlineButtonRef,
  hasOutline,
  showRail,
  onToggleOutline,
  noBookmarksText,
  currentPage,
  pageCount,
  labels,
  onGo,
  onUnknownPage,
  zoom,
  scale,
  onZoom,
  query,
  onQuery,
  onSearch,
  onStep,
  onCloseSearch,
  searchOpen,
  searching,
}: {
  outlineButtonRef: RefObject<HTMLButtonElement | null>;
  hasOutline: boolean;
  showRail: boolean;
  onToggleOutline: () => void;
  noBookmarksText: string;
  currentPage: number;
  pageCount: number;
  labels: readonly (string | null)[];
  onGo: (page: number) => void;
  onUnknownPage: (text: string) => void;
  zoom: Zoom;
  scale: number;
  onZoom: (zoom: Zoom) => void;
  query: string;
  onQuery: (query: string) => void;
  /** submit: a new query searches, the same one goes to the next match (Shift: previous) */
  onSearch: (backwards: boolean) => void;
  onStep: (direction: 1 | -1) => void;
  onCloseSearch: () => void;
  searchOpen: boolean;
  searching: boolean;
}): ReactNode {
  const bar = useRef<HTMLDivElement>(null);
  const [compact, setCompact] = useState(false);
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el) return;
    const measure = (): void => setCompact(el.clientWidth < COMPACT_BELOW);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);
  const backwards = useRef(false);
  const zoomControls = <ZoomControls zoom={zoom} scale={scale} onZoom={onZoom} />;

  return (
    <div ref={bar} className={`viewer-toolbar${compact ? ' compact' : ''}`} role="toolbar" aria-label="Page navigation, zoom and search">
      <div className="toolbar-group">
        <button
          ref={outlineButtonRef}
          type="button"
          className={`icon-button outline-toggle${showRail ? ' pressed' : ''}`}
          onClick={onToggleOutline}
          aria-label="Bookmarks"
          aria-expanded={hasOutline ? showRail : undefined}
          aria-controls={showRail ? 'outline-rail' : undefined}
          aria-disabled={hasOutline ? undefined : true}
          title={hasOutline ? `${showRail ? 'Hide' : 'Show'} bookmarks (${shortcutLabel('mod+b')})` : noBookmarksText}
          data-testid="outline-toggle"
        >
          <SidebarIcon />
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="icon-button" onClick={() => onGo(currentPage - 1)} disabled={currentPage <= 1} aria-label="Previous page" title="Previous page">
          ‹
        </button>
        <PageBox currentPage={currentPage} pageCount={pageCount} labels={labels} onGo={onGo} onUnknown={onUnknownPage} />
        <button type="button" className="icon-button" onClick={() => onGo(currentPage + 1)} disabled={currentPage >= pageCount} aria-label="Next page" title="Next page">
          ›
        </button>
      </div>
      <div className="toolbar-group">{compact ? <MoreMenu>{zoomControls}</MoreMenu> : zoomControls}</div>
      <form
        className="toolbar-group viewer-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(backwards.current);
        }}
      >
        <input
          type="search"
          placeholder="Search this document"
          aria-label="Search this document"
          value={query}
          onChange={(e) => {
            onQuery(e.target.value);
            if (!e.target.value) onCloseSearch();
          }}
          onKeyDown={(e) => {
            backwards.current = e.shiftKey;
            if (e.key === 'Escape' && searchOpen) {
              e.preventDefault();
              onCloseSearch();
            }
            if (e.key === 'F3') {
              e.preventDefault();
              onStep(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <button type="submit" className={compact ? 'icon-button search-submit' : 'button'} disabled={searching || !query.trim()} aria-label="Search" title="Search (Enter: next match, Shift+Enter: previous)">
          {compact ? <SearchIcon /> : searching ? 'Searching…' : 'Search'}
        </button>
      </form>
    </div>
  );
}
