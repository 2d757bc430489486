/**
 * Scrolling through the pages: which pages are near the viewport (draw them),
 * which one is current, and going to a page. A jump holds its place: until the
 * reader scrolls, the target stays where it was put (the top of the page, or
 * a highlight a third of the way down) while the pages around it are drawn,
 * measured and resized, and when the zoom changes.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export const PAGE_GAP = 16;

/** A place in the document: a page and a distance below its top, in PDF units (scale 1). */
interface Anchor {
  page: number;
  offset: number;
}

export interface PageNavigation {
  scrollRef: RefObject<HTMLDivElement | null>;
  visible: ReadonlySet<number>;
  currentPage: number;
  /** show the top of a page (offset: PDF units below its top) */
  goTo: (page: number, offset?: number) => void;
  /** bring an element on a page a third of the way down the view */
  reveal: (page: number, el: HTMLElement) => void;
  /** keep what is on screen there through a zoom or width change */
  holdPosition: () => void;
}

function pageElement(container: HTMLElement, page: number): HTMLElement | null {
  return container.querySelector<HTMLElement>(`.pdf-page[data-page="${page}"]`);
}

/** A page's top in the scroller's content (independent of offsetParent). */
function pageTop(container: HTMLElement, el: HTMLElement): number {
  return el.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
}

export function usePageNavigation({
  ready,
  pageCount,
  scale,
  layoutKey,
  initialPage,
}: {
  ready: boolean;
  pageCount: number;
  scale: number;
  /** changes when page sizes change */
  layoutKey: unknown;
  initialPage: number;
}): PageNavigation {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState<Set<number>>(new Set());
  const [currentPage, setCurrentPage] = useState(initialPage);
  const anchor = useRef<Anchor | null>(initialPage > 1 ? { page: initialPage, offset: 0 } : null);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;

  const applyAnchor = useCallback(() => {
    const container = scrollRef.current;
    const target = anchor.current;
    if (!container || !target) return;
    const el = pageElement(container, target.page);
    if (!el) return;
    container.scrollTop = Math.max(0, pageTop(container, el) - PAGE_GAP / 2 + target.offset * scaleRef.current);
  }, []);

  // re-apply after every change of layout (sizes measured, zoom, width) while the jump holds
  useLayoutEffect(() => {
    if (ready) applyAnchor();
  }, [ready, scale, layoutKey, applyAnchor]);

  // the reader moves the pages: the jump no longer holds
  useEffect(() => {
    const container = scrollRef.current;
    if (!container) return;
    const release = (): void => {
      anchor.current = null;
    };
    const onKey = (e: KeyboardEvent): void => {
      if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(e.key)) release();
    };
    const onPointer = (e: PointerEvent): void => {
      if (e.target === container) release(); // the scrollbar
    };
    container.addEventListener('wheel', release, { passive: true });
    container.addEventListener('touchmove', release, { passive: true });
    container.addEventListener('keydown', onKey);
    container.addEventListener('pointerdown', onPointer);
    return () => {
      container.removeEventListener('wheel', release);
      container.removeEventListener('touchmove', release);
      container.removeEventListener('keydown', onKey);
      container.removeEventListener('pointerdown', onPointer);
    };
  }, [ready]);

  const goTo = useCallback(
    (page: number, offset = 0) => {
      const target = Math.min(Math.max(1, Math.round(page)), Math.max(1, pageCount));
      if (!Number.isFinite(target)) return;
      anchor.current = { page: target, offset };
      applyAnchor();
    },
    [pageCount, applyAnchor],
  );

  const reveal = useCallback(
    (page: number, el: HTMLElement) => {
      const container = scrollRef.current;
      const pageEl = container ? pageElement(container, page) : null;
      if (!container || !pageEl) return;
      const within = el.getBoundingClientRect().top - pageEl.getBoundingClientRect().top;
      anchor.current = { page, offset: (within - container.clientHeight / 3 + PAGE_GAP / 2) / scaleRef.current };
      applyAnchor();
    },
    [applyAnchor],
  );

  const holdPosition = useCallback(() => {
    const container = scrollRef.current;
    if (!container || anchor.current) return; // a jump that holds already says where to stay
    const el = pageElement(container, currentPageRef.current);
    if (!el) return;
    const offset = (container.scrollTop - pageTop(container, el) + PAGE_GAP / 2) / scaleRef.current;
    anchor.current = { page: currentPageRef.current, offset };
  }, []);
  const currentPageRef = useRef(currentPage);
  currentPageRef.current = currentPage;

  // Which pages are near the viewport (draw them) and which one is current.
  useEffect(() => {
    const container = scrollRef.current;
    if (!container || !ready) return;
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
    // the current page is the one under a line a third of the way down the view (binary search over the pages)
    let frame = 0;
    const updateCurrent = (): void => {
      frame = 0;
      const pagesEls = container.querySelectorAll<HTMLElement>('.pdf-page');
      const line = container.getBoundingClientRect().top + container.clientHeight / 3;
      let lo = 0;
      let hi = pagesEls.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((pagesEls[mid] as HTMLElement).getBoundingClientRect().top - PAGE_GAP / 2 <= line) lo = mid;
        else hi = mid - 1;
      }
      const page = Number(pagesEls[lo]?.dataset.page ?? 0);
      if (page > 0) setCurrentPage(page);
    };
    const onScroll = (): void => {
      if (!frame) frame = requestAnimationFrame(updateCurrent);
    };
    container.addEventListener('scroll', onScroll, { passive: true });
    for (const el of Array.from(container.querySelectorAll('.pdf-page'))) {
      near.observe(el);
    }
    applyAnchor();
    updateCurrent();
    return () => {
      near.disconnect();
      container.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ready, pageCount, applyAnchor]);

  return { scrollRef, visible, currentPage, goTo, reveal, holdPosition };
}
