/**
 * The PDF itself: pdf.js canvas + text layer per page, rendered lazily as pages
 * scroll into view (a 3,000-page book stays light), with page navigation,
 * zoom, page input, search (library.search) and quote highlighting.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OutlineEntry, SearchHit } from '../../../shared/api';
import { useClient } from '../state';
import { OcrPageMark } from './OcrPageMark';
import { toApiError } from '../api/errors';
import { clearHighlights, highlightQuote } from '../lib/highlight';
import { openPdf, TextLayer, type PdfDocument } from '../lib/pdfjs';
import { formatInt } from '../lib/format';
import { shortcutLabel } from '../lib/shortcuts';
import { OutlineRail } from './OutlineRail';
import { firstMatchedTerm, Snippet } from './Snippet';

export interface ViewerFocus {
  page: number;
  quote: string | null;
  /** changes on every request, so clicking the same chip twice scrolls again */
  seq: number;
}

interface Size {
  width: number;
  height: number;
}

const ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];
const PAGE_GAP = 16;
const NO_BOOKMARKS = 'No bookmarks in this PDF.';

function SidebarIcon(): ReactNode {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
      <rect x="2" y="3" width="14" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M7 3.5v11" stroke="currentColor" strokeWidth="1.5" />
      <path d="M3.8 6.5h1.6M3.8 9h1.6M3.8 11.5h1.6" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" />
    </svg>
  );
}

function PageView({
  doc,
  pageNumber,
  scale,
  size,
  visible,
  highlight,
  onSize,
  onHighlighted,
}: {
  doc: PdfDocument;
  pageNumber: number;
  scale: number;
  size: Size;
  visible: boolean;
  highlight: { quote: string; seq: number } | null;
  onSize: (page: number, size: Size) => void;
  onHighlighted: (el: HTMLElement | null, found: boolean) => void;
}): ReactNode {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState<number | null>(null); // scale the text layer was rendered at
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    let renderTask: { cancel: () => void; promise: Promise<unknown> } | null = null;
    let textLayer: InstanceType<typeof TextLayer> | null = null;
    (async () => {
      try {
        const page = await doc.getPage(pageNumber);
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        if (Math.abs(base.width - size.width) > 0.5 || Math.abs(base.height - size.height) > 0.5) {
          onSize(pageNumber, { width: base.width, height: base.height });
        }
        const viewport = page.getViewport({ scale });
        const canvas = canvasRef.current;
        const textDiv = textRef.current;
        if (!canvas || !textDiv) return;
        const ratio = Math.min(window.devicePixelRatio || 1, 2);
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        const context = canvas.getContext('2d');
        if (!context) return;
        renderTask = page.render({
          canvas,
          canvasContext: context,
          viewport,
          ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}),
        });
        textDiv.replaceChildren();
        textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: textDiv, viewport });
        await Promise.all([renderTask.promise, textLayer.render()]);
        if (!cancelled) setRendered(scale);
      } catch (error) {
        if (cancelled) return;
        const name = error instanceof Error ? error.name : '';
        if (name !== 'RenderingCancelledException' && name !== 'AbortException') setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
      setRendered(null);
    };
    // size is only read to report a corrected size; re-rendering on it would loop
  }, [doc, pageNumber, scale, visible]);

  useEffect(() => {
    const textDiv = textRef.current;
    if (!textDiv || rendered === null) return;
    if (!highlight) {
      clearHighlights(textDiv);
      return;
    }
    const el = highlightQuote(textDiv, highlight.quote);
    onHighlighted(el, el !== null);
  }, [rendered, highlight?.quote, highlight?.seq]);

  return (
    <div
      className="pdf-page"
      data-page={pageNumber}
      data-rendered={rendered !== null ? 'true' : 'false'}
      style={{ width: size.width * scale, height: size.height * scale, ['--scale-factor' as string]: String(scale) }}
      aria-label={`Page ${pageNumber}`}
    >
      {visible ? (
        <>
          <canvas ref={canvasRef} style={{ width: size.width * scale, height: size.height * scale }} />
          <div ref={textRef} className="textLayer" />
        </>
      ) : null}
      {failed ? <div className="pdf-page-error">Page {pageNumber} could not be drawn.</div> : null}
      {visible && rendered === null && !failed ? <div className="pdf-page-loading" aria-hidden="true" /> : null}
    </div>
  );
}

export function PdfViewer({
  docId,
  pageCount,
  focus,
  initialPage,
  onPageChange,
  outline,
  outlineOpen,
  onOutlineOpen,
  toggleOutlineSeq,
}: {
  docId: string;
  pageCount: number;
  focus: ViewerFocus | null;
  initialPage: number;
  onPageChange: (page: number) => void;
  /** the PDF's bookmarks (library.info), shown in a rail beside the pages */
  outline: readonly OutlineEntry[];
  outlineOpen: boolean;
  onOutlineOpen: (open: boolean) => void;
  /** changes when the menu command or shortcut asks to show or hide the bookmarks */
  toggleOutlineSeq: number;
}): ReactNode {
  const client = useClient();
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [baseSize, setBaseSize] = useState<Size>({ width: 612, height: 792 });
  const [sizes, setSizes] = useState<Map<number, Size>>(new Map());
  const [zoom, setZoom] = useState<number | 'fit'>(() => {
    const saved = window.sessionStorage.getItem('pagewise.zoom');
    return saved && saved !== 'fit' && Number.isFinite(Number(saved)) ? Number(saved) : 'fit';
  });
  const [containerWidth, setContainerWidth] = useState(800);
  const [visible, setVisible] = useState<Set<number>>(new Set());
  const [currentPage, setCurrentPage] = useState(initialPage);
  const [pageInput, setPageInput] = useState(String(initialPage));
  const [highlight, setHighlight] = useState<{ page: number; quote: string; seq: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  /** the hit shown on the page; once one is picked the list folds into a bar (it would cover the page) */
  const [activeHit, setActiveHit] = useState<number | null>(null);
  const [hitListOpen, setHitListOpen] = useState(true);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const railRef = useRef<HTMLDivElement>(null);
  const outlineButtonRef = useRef<HTMLButtonElement>(null);
  const visibleRatios = useRef(new Map<number, number>());
  const pendingScroll = useRef<number | null>(initialPage > 1 ? initialPage : null);
  const pages = useMemo(() => Array.from({ length: pageCount }, (_, i) => i + 1), [pageCount]);

  // Load the document bytes and open them with pdf.js.
  useEffect(() => {
    const controller = new AbortController();
    let destroy: (() => Promise<void>) | null = null;
    setDoc(null);
    setLoadError(null);
    (async () => {
      try {
        const data = await client.pdfBytes(docId, controller.signal);
        const opened = await openPdf(data);
        destroy = opened.destroy;
        if (controller.signal.aborted) {
          void opened.destroy();
          return;
        }
        const first = await opened.doc.getPage(1);
        const vp = first.getViewport({ scale: 1 });
        setBaseSize({ width: vp.width, height: vp.height });
        setDoc(opened.doc);
      } catch (error) {
        if (!controller.signal.aborted) setLoadError(toApiError(error).message);
      }
    })();
    return () => {
      controller.abort();
      void destroy?.();
    };
  }, [client, docId]);

  // Track the available width for "fit width".
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setContainerWidth(el.clientWidth));
    observer.observe(el);
    setContainerWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  const scale = zoom === 'fit' ? Math.max(0.3, Math.min(3, (containerWidth - 48) / baseSize.width)) : zoom;

  useEffect(() => {
    window.sessionStorage.setItem('pagewise.zoom', String(zoom));
  }, [zoom]);

  const sizeOf = useCallback((page: number): Size => sizes.get(page) ?? baseSize, [sizes, baseSize]);
  const onSize = useCallback((page: number, size: Size) => {
    setSizes((prev) => {
      const next = new Map(prev);
      next.set(page, size);
      return next;
    });
  }, []);

  const scrollToPage = useCallback(
    (page: number, behavior: ScrollBehavior = 'auto') => {
      const container = scrollRef.current;
      const el = container?.querySelector<HTMLElement>(`.pdf-page[data-page="${page}"]`);
      if (!container || !el) return;
      container.scrollTo({ top: el.offsetTop - PAGE_GAP / 2, behavior });
    },
    [],
  );

  // Which pages are near the viewport (render them) and which one is current.
  useEffect(() => {
    const container = scrollRef.current;
    if (!container || !doc) return;
    const near = new IntersectionObserver(
      (entries) => {
        setVisible((prev) => {
          const next = new Set(prev);
          for (const entry of entries) {
            const page = Number((entry.target as HTMLElement).dataset.page);
            if (entry.isIntersecting) next.add(page);
            else next.delete(page);
          }
          return next;
        });
      },
      { root: container, rootMargin: '100% 0px' },
    );
    const current = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const page = Number((entry.target as HTMLElement).dataset.page);
          if (entry.isIntersecting) visibleRatios.current.set(page, entry.intersectionRect.height);
          else visibleRatios.current.delete(page);
        }
        let best = 0;
        let bestHeight = -1;
        for (const [page, height] of visibleRatios.current) {
          if (height > bestHeight + 1 || (Math.abs(height - bestHeight) <= 1 && page < best)) {
            best = page;
            bestHeight = height;
          }
        }
        if (best > 0) setCurrentPage(best);
      },
      { root: container, threshold: [0, 0.1, 0.25, 0.5, 0.75, 1] },
    );
    for (const el of Array.from(container.querySelectorAll('.pdf-page'))) {
      near.observe(el);
      current.observe(el);
    }
    if (pendingScroll.current !== null) {
      const page = pendingScroll.current;
      pendingScroll.current = null;
      requestAnimationFrame(() => scrollToPage(page));
    }
    return () => {
      near.disconnect();
      current.disconnect();
      visibleRatios.current.clear();
    };
  }, [doc, pages, scrollToPage]);

  useEffect(() => {
    setPageInput(String(currentPage));
    onPageChange(currentPage);
  }, [currentPage, onPageChange]);

  // Keep the same page in view when the zoom changes.
  const zoomAnchor = useRef(currentPage);
  zoomAnchor.current = currentPage;
  useLayoutEffect(() => {
    if (doc) scrollToPage(zoomAnchor.current);
  }, [scale, doc, scrollToPage]);

  // A citation (or search hit) was clicked: go to the page and highlight the quote.
  useEffect(() => {
    if (!focus) return;
    const page = Math.min(Math.max(1, focus.page), Math.max(1, pageCount));
    setNotice(focus.page > pageCount ? `This document has ${pageCount} pages; showing the last one.` : null);
    setHighlight(focus.quote ? { page, quote: focus.quote, seq: focus.seq } : null);
    if (doc) scrollToPage(page);
    else pendingScroll.current = page;
  }, [focus, doc, pageCount, scrollToPage]);

  const onHighlighted = useCallback((el: HTMLElement | null, found: boolean) => {
    const container = scrollRef.current;
    if (el && container) {
      // scroll only the viewer (scrollIntoView would move every scrollable ancestor)
      const box = el.getBoundingClientRect();
      const view = container.getBoundingClientRect();
      container.scrollTop += box.top - view.top - container.clientHeight / 3;
    }
    setNotice(found ? null : 'The quoted words could not be located on this page’s text layer.');
  }, []);

  const goTo = (page: number): void => {
    const target = Math.min(Math.max(1, Math.round(page)), pageCount);
    if (!Number.isFinite(target)) return;
    setHighlight(null);
    setNotice(null);
    if (doc) scrollToPage(target);
    else pendingScroll.current = target;
  };

  // Bookmarks rail: the toolbar button, the menu command and Ctrl/Cmd+B.
  const hasOutline = outline.length > 0;
  const showRail = hasOutline && outlineOpen;
  const toggleOutline = useCallback(() => {
    if (!hasOutline) {
      setNotice(NO_BOOKMARKS);
      setTimeout(() => setNotice((n) => (n === NO_BOOKMARKS ? null : n)), 2500);
      return;
    }
    // closing with the focus inside the rail: keep it on the button, not on <body>
    if (outlineOpen && railRef.current?.contains(document.activeElement)) outlineButtonRef.current?.focus();
    onOutlineOpen(!outlineOpen);
  }, [hasOutline, outlineOpen, onOutlineOpen]);
  const seenToggleSeq = useRef(toggleOutlineSeq);
  useEffect(() => {
    if (toggleOutlineSeq === seenToggleSeq.current) return;
    seenToggleSeq.current = toggleOutlineSeq;
    toggleOutline();
  }, [toggleOutlineSeq, toggleOutline]);

  const changeZoom = (direction: 1 | -1): void => {
    const current = scale;
    const next = direction > 0 ? ZOOMS.find((z) => z > current + 0.01) : [...ZOOMS].reverse().find((z) => z < current - 0.01);
    if (next) setZoom(next);
  };

  const runSearch = async (): Promise<void> => {
    const q = query.trim();
    if (!q) {
      setHits(null);
      return;
    }
    setSearching(true);
    setSearchError(null);
    try {
      const result = await client.call('library.search', { docId, query: q, limit: 50 });
      setHits(result.hits);
      setActiveHit(null);
      setHitListOpen(true);
    } catch (error) {
      setSearchError(toApiError(error).message);
      setHits(null);
    } finally {
      setSearching(false);
    }
  };

  const closeSearch = (): void => {
    setHits(null);
    setSearchError(null);
    setActiveHit(null);
  };

  const openHit = (hit: SearchHit, index: number): void => {
    setActiveHit(index);
    setHitListOpen(false);
    const term = firstMatchedTerm(hit.snippet, query);
    setHighlight({ page: hit.pageNumber, quote: term, seq: Date.now() });
    setNotice(null);
    scrollToPage(hit.pageNumber);
  };

  return (
    <section className="viewer" aria-label="PDF viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label="Page navigation, zoom and search">
        <div className="toolbar-group">
          <button
            ref={outlineButtonRef}
            type="button"
            className={`icon-button outline-toggle${showRail ? ' pressed' : ''}`}
            onClick={toggleOutline}
            aria-label="Bookmarks"
            aria-expanded={hasOutline ? showRail : undefined}
            aria-controls={showRail ? 'outline-rail' : undefined}
            aria-disabled={hasOutline ? undefined : true}
            title={hasOutline ? `${showRail ? 'Hide' : 'Show'} bookmarks (${shortcutLabel('mod+b')})` : NO_BOOKMARKS}
            data-testid="outline-toggle"
          >
            <SidebarIcon />
          </button>
        </div>
        <div className="toolbar-group">
          <button type="button" className="icon-button" onClick={() => goTo(currentPage - 1)} disabled={currentPage <= 1} aria-label="Previous page" title="Previous page">
            ‹
          </button>
          <label className="page-input">
            <span className="visually-hidden">Page number</span>
            <input
              type="text"
              inputMode="numeric"
              value={pageInput}
              aria-label="Page number"
              onChange={(e) => setPageInput(e.target.value.replace(/[^\d]/g, ''))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  // an empty box (letters are filtered out) keeps the page
                  if (pageInput === '') setPageInput(String(currentPage));
                  else goTo(Number(pageInput) || 1);
                }
              }}
              onBlur={() => setPageInput(String(currentPage))}
            />
            <span className="muted">of {formatInt(pageCount)}</span>
          </label>
          <OcrPageMark docId={docId} page={currentPage} />
          <button type="button" className="icon-button" onClick={() => goTo(currentPage + 1)} disabled={currentPage >= pageCount} aria-label="Next page" title="Next page">
            ›
          </button>
        </div>
        <div className="toolbar-group">
          <button type="button" className="icon-button" onClick={() => changeZoom(-1)} aria-label="Zoom out" title="Zoom out">
            −
          </button>
          <select
            aria-label="Zoom"
            value={zoom === 'fit' ? 'fit' : String(zoom)}
            onChange={(e) => setZoom(e.target.value === 'fit' ? 'fit' : Number(e.target.value))}
          >
            <option value="fit">Fit width</option>
            {ZOOMS.map((z) => (
              <option key={z} value={String(z)}>
                {Math.round(z * 100)}%
              </option>
            ))}
            {zoom !== 'fit' && !ZOOMS.includes(zoom) ? <option value={String(zoom)}>{Math.round(zoom * 100)}%</option> : null}
          </select>
          <button type="button" className="icon-button" onClick={() => changeZoom(1)} aria-label="Zoom in" title="Zoom in">
            +
          </button>
        </div>
        <form
          className="toolbar-group viewer-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void runSearch();
          }}
        >
          <input
            type="search"
            placeholder="Search this document"
            aria-label="Search this document"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              if (!e.target.value) closeSearch();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && (hits !== null || searchError)) {
                e.preventDefault();
                closeSearch();
              }
            }}
          />
          <button type="submit" className="button" disabled={searching || !query.trim()}>
            {searching ? 'Searching…' : 'Search'}
          </button>
        </form>
      </div>
      {hits !== null && activeHit !== null && !hitListOpen && !searchError ? (
        <div className="search-results search-bar" role="region" aria-label="Search results" onKeyDown={(e) => e.key === 'Escape' && closeSearch()}>
          <span className="search-bar-text">
            Match {activeHit + 1} of {hits.length} · p. {hits[activeHit]?.pageNumber}
          </span>
          <button type="button" className="icon-button" aria-label="Previous match" title="Previous match" disabled={activeHit <= 0} onClick={() => hits[activeHit - 1] && openHit(hits[activeHit - 1] as SearchHit, activeHit - 1)}>
            ‹
          </button>
          <button type="button" className="icon-button" aria-label="Next match" title="Next match" disabled={activeHit >= hits.length - 1} onClick={() => hits[activeHit + 1] && openHit(hits[activeHit + 1] as SearchHit, activeHit + 1)}>
            ›
          </button>
          <button type="button" className="link-button" onClick={() => setHitListOpen(true)}>
            All results
          </button>
          <button type="button" className="link-button" onClick={closeSearch}>
            Close
          </button>
        </div>
      ) : hits !== null || searchError ? (
        <div className="search-results" role="region" aria-label="Search results" onKeyDown={(e) => e.key === 'Escape' && closeSearch()}>
          <div className="search-results-head">
            <span>{searchError ? 'Search failed' : hits && hits.length > 0 ? `${hits.length} ${hits.length === 1 ? 'page' : 'pages'} match “${query.trim()}”` : `No page matches “${query.trim()}”`}</span>
            <button type="button" className="link-button" onClick={closeSearch}>
              Close
            </button>
          </div>
          {searchError ? <p className="error-text">{searchError}</p> : null}
          <ol className="hit-list">
            {(hits ?? []).map((hit, index) => (
              <li key={hit.pageNumber}>
                <button type="button" className={`hit${index === activeHit ? ' active' : ''}`} onClick={() => openHit(hit, index)}>
                  <span className="hit-page">p. {hit.pageNumber}{hit.label && hit.label !== String(hit.pageNumber) ? ` (${hit.label})` : ''}</span>
                  <span className="hit-snippet"><Snippet text={hit.snippet} /></span>
                </button>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {notice ? (
        <div className="viewer-notice" role="status">
          {notice}
        </div>
      ) : null}
      <div className={`viewer-body${showRail ? ' with-rail' : ''}`}>
        {showRail ? (
          <div className="outline-rail-wrap" ref={railRef}>
            <OutlineRail id="outline-rail" outline={outline} currentPage={currentPage} onGoTo={goTo} />
          </div>
        ) : null}
        <div className="viewer-scroll" ref={scrollRef} tabIndex={0} aria-label="Document pages">
          {loadError ? (
            <div className="viewer-error" role="alert">
              <strong>The PDF could not be shown.</strong>
              <p>{loadError}</p>
              <p className="muted">The analysis panel still works: questions and summaries use the text stored in the library.</p>
            </div>
          ) : !doc ? (
            <div className="viewer-loading" role="status">Opening the PDF…</div>
          ) : (
            <div className="pdf-pages" style={{ gap: PAGE_GAP }}>
              {pages.map((page) => (
                <PageView
                  key={page}
                  doc={doc}
                  pageNumber={page}
                  scale={scale}
                  size={sizeOf(page)}
                  visible={visible.has(page)}
                  highlight={highlight && highlight.page === page ? { quote: highlight.quote, seq: highlight.seq } : null}
                  onSize={onSize}
                  onHighlighted={onHighlighted}
                />
              ))}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
