/**
 * The divider between the PDF and the analysis panel: drag it, or focus it and
 * use the arrow keys (Home/End: widest/narrowest panel, Enter: back to the
 * default). The width is remembered (localStorage, by the caller).
 */
import { useEffect, useRef, type ReactNode } from 'react';

export const PANEL_MIN = 320;
/** The PDF keeps at least this much. */
export const VIEWER_MIN = 360;
const KEY_STEP = 32;

export function panelMax(totalWidth: number): number {
  return Math.max(PANEL_MIN, totalWidth - VIEWER_MIN);
}

export function clampPanel(width: number, totalWidth: number): number {
  return Math.round(Math.min(panelMax(totalWidth), Math.max(PANEL_MIN, width)));
}

export function PanelSplitter({
  panelWidth,
  totalWidth,
  onResize,
  controls,
}: {
  /** the panel's width now (px) */
  panelWidth: number;
  /** the width the PDF and the panel share */
  totalWidth: number;
  /** a new width, or null for the default */
  onResize: (width: number | null) => void;
  controls: string;
}): ReactNode {
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  const frame = useRef(0);
  // the width asked for and not yet measured back: key presses faster than a layout build on it, not on a
  // stale measurement (three quick presses move three steps)
  const pending = useRef<number | null>(null);
  useEffect(() => {
    if (pending.current !== null && Math.abs(panelWidth - pending.current) <= 1) pending.current = null;
  }, [panelWidth]);
  // a new window width re-clamps the panel: measure again
  useEffect(() => {
    pending.current = null;
  }, [totalWidth]);
  const current = (): number => pending.current ?? panelWidth;
  const set = (width: number): void => {
    const next = clampPanel(width, totalWidth);
    pending.current = next;
    onResize(next);
  };
  const reset = (): void => {
    pending.current = null;
    onResize(null);
  };
  const share = totalWidth > 0 ? Math.round((100 * (totalWidth - panelWidth)) / totalWidth) : 50;
  return (
    <div
      className="panel-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the PDF and the analysis panel"
      aria-controls={controls}
      aria-valuenow={share}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuetext={`PDF ${share}% of the width`}
      title="Drag to resize (arrow keys when focused; Enter: default)"
      tabIndex={0}
      data-testid="panel-splitter"
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') set(current() + KEY_STEP);
        else if (e.key === 'ArrowRight') set(current() - KEY_STEP);
        else if (e.key === 'Home') set(panelMax(totalWidth));
        else if (e.key === 'End') set(PANEL_MIN);
        else if (e.key === 'Enter') reset();
        else return;
        e.preventDefault();
      }}
      onDoubleClick={reset}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { startX: e.clientX, startWidth: panelWidth };
        document.body.classList.add('resizing-columns');
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        const x = e.clientX;
        cancelAnimationFrame(frame.current);
        frame.current = requestAnimationFrame(() => set(d.startWidth + (d.startX - x)));
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
        document.body.classList.remove('resizing-columns');
      }}
      onPointerCancel={() => {
        drag.current = null;
        document.body.classList.remove('resizing-columns');
      }}
    />
  );
}
