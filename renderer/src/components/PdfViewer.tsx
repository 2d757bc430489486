/**
 * The PDF itself: pages drawn lazily as they scroll into view (a 3,000-page
 * book stays light), the toolbar, find in the document, the bookmarks rail,
 * and the marks for a cited quote or a search. The parts are hooks in
 * ./viewer: the document and its page sizes, scrolling and going to a page,
 * find, and what is highlighted.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OutlineEntry } from '../../../shared/api';
import { cleanQuote, isSubstantial } from '../../../shared/text/locate';
import { queryWords } from '../lib/page-text';
import { OcrPageMark } from './OcrPageMark';
import { OcrViewerNote } from './ocr/OcrViewerNote';
import { useOcrQuote } from './ocr/useOcrQuote';
import { OutlineRail } from './OutlineRail';
import { PageView } from './viewer/PageView';
import { SearchResults } from './viewer/SearchResults';
import { useHighlights, type HighlightRequest } from './viewer/useHighlights';
import { usePageNavigation, PAGE_GAP } from './viewer/usePageNavigation';
import { usePageTexts } from './viewer/usePageTexts';
import { usePdfDocument } from './viewer/usePdfDocument';
import { useViewerSearch } from './viewer/useViewerSearch';
import { ViewerToolbar, type Zoom } from './viewer/ViewerToolbar';

export interface ViewerFocus {
  page: number;
  /** last page of a range citation ([pp. 14-15]) */
  pageEnd?: number;
  quote: string | null;
  /** changes on every request, so clicking the same chip twice scrolls again */
  seq: number;
}

const NO_BOOKMARKS = 'No bookmarks in this PDF.';
const NOT_LOCATED = 'The quoted words could not be located on this page’s text layer.';

/** A message over the pages until the reader's next action (a click, a key, another page). */
function useNotice(currentPage: number): [string | null, (text: string | null, page?: number) => void] {
  const [notice, setNotice] = useState<{ text: string; page: number } | null>(null);
  const pageRef = useRef(currentPage);
  pageRef.current = currentPage;
  /** `page`: the page the notice is about (it goes when another page is shown); the current one by default */
  const show = useCallback((text: string | null, page?: number) => setNotice(text ? { text, page: page ?? pageRef.current } : null), []);
  useEffect(() => {
    if (!notice) return;
    const dismiss = (): void => setNotice(null);
    // from the next event on: the click that led here is over
    const timer = setTimeout(() => {
      window.addEventListener('pointerdown', dismiss, true);
      window.addEventListener('keydown', dismiss, true);
    }, 0);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', dismiss, true);
      window.removeEventListener('keydown', dismiss, true);
    };
  }, [notice]);
  // another page shown: the notice was about the one before (a jump there is still under way: wait for it)
  const seenPage = useRef(currentPage);
  useEffect(() => {
    if (seenPage.current === currentPage) return;
    seenPage.current = currentPage;
    setNotice((n) => (n && n.page !== currentPage ? null : n));
  }, [currentPage]);
  return [notice?.text ?? null, show];
}

export function PdfViewer({
  docId,
  pageCount,
  labels,
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
  /** printed page labels (index = page - 1), null where a page prints none */
  labels: readonly (string | null)[];
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
  const pdf = usePdfDocument(docId);
  const getPageText = usePageTexts(pdf.doc);
  const [zoom, setZoom] = useState<Zoom>(() => {
    const saved = window.sessionStorage.getItem('pagewise.zoom');
    return saved && saved !== 'fit' && Number.isFinite(Number(saved)) ? Number(saved) : 'fit';
  });
  const [containerWidth, setContainerWidth] = useState(800);
  const scale = zoom === 'fit' ? Math.max(0.3, Math.min(3, (containerWidth - 48) / pdf.typical.width)) : zoom;
  const nav = usePageNavigation({ ready: pdf.doc !== null, pageCount, scale, layoutKey: pdf.sizesKey, initialPage });
  const { scrollRef, currentPage, goTo, reveal, holdPosition } = nav;
  const search = useViewerSearch(docId);
  const [request, setRequest] = useState<HighlightRequest | null>(null);
  const { marks, quoteOutcome } = useHighlights(getPageText, request, nav.visible, pageCount);
  // a scan has no text layer: the quote is also looked for in the OCR words, and boxed on the page image
  const ocrQuote = useOcrQuote(docId, request, pageCount);
  const [notice, setNotice] = useNotice(currentPage);
  /** the highlight to bring into view once it is drawn (one per request) */
  const revealFor = useRef<{ seq: number; page: number } | null>(null);
  const railRef = useRef<HTMLDivElement>(null);
  const outlineButtonRef = useRef<HTMLButtonElement>(null);
  const pages = useMemo(() => Array.from({ length: pageCount }, (_, i) => i + 1), [pageCount]);
  const seq = useRef(0);
  const nextSeq = (): number => (seq.current += 1);

  // Track the available width for "fit width"; keep the same place in view when it changes.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      holdPosition();
      setContainerWidth(el.clientWidth);
    });
    observer.observe(el);
    setContainerWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [scrollRef, holdPosition]);

  useEffect(() => {
    window.sessionStorage.setItem('pagewise.zoom', String(zoom));
  }, [zoom]);

  useEffect(() => onPageChange(currentPage), [currentPage, onPageChange]);

  const onZoom = (next: Zoom): void => {
    holdPosition();
    setZoom(next);
  };

  const go = useCallback(
    (page: number) => {
      setRequest((r) => (r?.kind === 'quote' ? null : r));
      setNotice(null);
      goTo(page);
    },
    [goTo, setNotice],
  );

  // A citation (or a library search hit) was clicked: go to the page and highlight the quote.
  useEffect(() => {
    if (!focus) return;
    const page = Math.min(Math.max(1, focus.page), Math.max(1, pageCount));
    goTo(page);
    setNotice(focus.page > pageCount ? `This document has ${pageCount} pages; showing the last one.` : null, page);
    if (focus.quote) {
      const s = nextSeq();
      revealFor.current = { seq: s, page };
      if (isSubstantial(cleanQuote(focus.quote))) {
        setRequest({ kind: 'quote', page, ...(focus.pageEnd !== undefined ? { pageEnd: focus.pageEnd } : {}), quote: focus.quote, seq: s });
      } else {
        // a word from a library search ("rent"): too short to be a quote, so mark where it occurs on the page
        setRequest({ kind: 'search', words: new Map([[page, queryWords(focus.quote)]]), seq: s });
      }
    } else setRequest(null);
  }, [focus, pageCount, goTo, setNotice]);

  // The quote was looked for: say so when it is not on the page; go to where it was placed.
  useEffect(() => {
    if (!quoteOutcome || quoteOutcome.seq !== request?.seq || ocrQuote?.seq !== request.seq) return;
    const placedOn = quoteOutcome.found ? quoteOutcome.page : ocrQuote.found ? Math.min(...ocrQuote.byPage.keys()) : null;
    if (!quoteOutcome.found && !ocrQuote.found) {
      setNotice(NOT_LOCATED, request.kind === 'quote' ? request.page : undefined);
      revealFor.current = null;
      return;
    }
    // found after all (a document opened at a quote is looked up again once its pages can be read): no "not located"
    setNotice(null);
    if (placedOn !== null && revealFor.current?.seq === quoteOutcome.seq && placedOn !== revealFor.current.page) {
      revealFor.current = { seq: quoteOutcome.seq, page: placedOn };
      goTo(placedOn);
    }
  }, [quoteOutcome, ocrQuote, request, goTo, setNotice]);

  const onMarked = useCallback(
    (page: number, first: HTMLElement | null) => {
      const want = revealFor.current;
      if (!want || !marks || want.seq !== marks.seq || want.page !== page) return;
      revealFor.current = null;
      if (first) reveal(page, first);
      else if (marks.kind === 'quote') setNotice(NOT_LOCATED, page);
    },
    [marks, reveal, setNotice],
  );

  // Find: the page shown gets every occurrence marked (and so does each matching page in view).
  const showHit = useCallback(
    (index: number) => {
      const hit = search.hits?.[index];
      if (!search.hits || !hit) return;
      const words = new Map(search.hits.map((h) => [h.pageNumber, h.matches ?? queryWords(search.searched)] as const));
      const s = nextSeq();
      revealFor.current = { seq: s, page: hit.pageNumber };
      setRequest({ kind: 'search', words, seq: s });
      setNotice(null);
      goTo(hit.pageNumber);
    },
    [search.hits, search.searched, goTo, setNotice],
  );
  useEffect(() => {
    if (search.active !== null) showHit(search.active);
    // showHit changes with the hits; only showing a hit moves the view
  }, [search.shownSeq]);

  const runSearch = (backwards: boolean): void => {
    if (search.hits && search.query.trim() === search.searched && search.hits.length > 0) {
      search.step(backwards ? -1 : 1);
      return;
    }
    setRequest((r) => (r?.kind === 'search' ? null : r));
    setNotice(null);
    void search.run();
  };
  const closeSearch = (): void => {
    search.close();
    setRequest((r) => (r?.kind === 'search' ? null : r));
  };
  // a search with no hit leaves nothing marked from an earlier one
  useEffect(() => {
    if (search.hits === null || search.hits.length === 0) setRequest((r) => (r?.kind === 'search' ? null : r));
  }, [search.hits]);

  // Bookmarks rail: the toolbar button, the menu command and Ctrl/Cmd+B.
  const hasOutline = outline.length > 0;
  const showRail = hasOutline && outlineOpen;
  const toggleOutline = useCallback(() => {
    if (!hasOutline) {
      setNotice(NO_BOOKMARKS);
      return;
    }
    // closing with the focus inside the rail: keep it on the button, not on <body>
    if (outlineOpen && railRef.current?.contains(document.activeElement)) outlineButtonRef.current?.focus();
    holdPosition();
    onOutlineOpen(!outlineOpen);
  }, [hasOutline, outlineOpen, onOutlineOpen, setNotice, holdPosition]);
  const seenToggleSeq = useRef(toggleOutlineSeq);
  useEffect(() => {
    if (toggleOutlineSeq === seenToggleSeq.current) return;
    seenToggleSeq.current = toggleOutlineSeq;
    toggleOutline();
  }, [toggleOutlineSeq, toggleOutline]);

  return (
    <section className="viewer" aria-label="PDF viewer">
      <ViewerToolbar
        outlineButtonRef={outlineButtonRef}
        hasOutline={hasOutline}
        showRail={showRail}
        onToggleOutline={toggleOutline}
        noBookmarksText={NO_BOOKMARKS}
        currentPage={currentPage}
        pageCount={pageCount}
        labels={labels}
        onGo={go}
        onUnknownPage={(text) => setNotice(`No page is numbered “${text}”.`)}
        zoom={zoom}
        scale={scale}
        onZoom={onZoom}
        query={search.query}
        onQuery={search.setQuery}
        onSearch={runSearch}
        onStep={search.step}
        onCloseSearch={closeSearch}
        searchOpen={search.hits !== null || search.error !== null}
        searching={search.searching}
        pageMark={<OcrPageMark docId={docId} page={currentPage} />}
      />
      <SearchResults search={{ ...search, close: closeSearch }} />
      <OcrViewerNote docId={docId} onGo={go} />
      {notice ? (
        <div className="viewer-notice" role="status">
          {notice}
        </div>
      ) : null}
      <div className={`viewer-body${showRail ? ' with-rail' : ''}`}>
        {showRail ? (
          <div className="outline-rail-wrap" ref={railRef}>
            <OutlineRail id="outline-rail" outline={outline} currentPage={currentPage} onGoTo={go} />
          </div>
        ) : null}
        <div className="viewer-scroll" ref={scrollRef} tabIndex={0} aria-label="Document pages">
          {pdf.error ? (
            <div className="viewer-error" role="alert">
              <strong>The PDF could not be shown.</strong>
              <p>{pdf.error}</p>
              <p className="muted">The analysis panel still works: questions and summaries use the text stored in the library.</p>
            </div>
          ) : !pdf.doc ? (
            <div className="viewer-loading" role="status">
              Opening the PDF…
            </div>
          ) : (
            <div className="pdf-pages" style={{ gap: PAGE_GAP }}>
              {pages.map((page) => (
                <PageView
                  key={page}
                  doc={pdf.doc as NonNullable<typeof pdf.doc>}
                  pageNumber={page}
                  scale={scale}
                  size={pdf.sizeOf(page)}
                  visible={nav.visible.has(page)}
                  marks={marks?.byPage.get(page) ?? null}
                  ocrBoxes={ocrQuote && ocrQuote.seq === request?.seq ? (ocrQuote.byPage.get(page) ?? null) : null}
                  markKind={marks?.kind ?? 'quote'}
                  onSize={pdf.reportSize}
                  onMarked={onMarked}
                />
              ))}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
