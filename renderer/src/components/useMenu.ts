/**
 * A drop-down menu made of <details> (the "Export ▾" and "Add to collection ▾" menus): opening it focuses the
 * first item; arrows move, Home/End jump, Escape closes it and gives the focus back to its button; focus leaving
 * it closes it. `closeOnTab`: Tab also closes it (the focus moves on as usual).
 */
import { useRef, type FocusEvent, type KeyboardEvent, type SyntheticEvent } from 'react';

export function useMenu({ closeOnTab }: { closeOnTab: boolean }) {
  const details = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  const items = (): HTMLButtonElement[] => Array.from(details.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
  const close = (focusButton: boolean): void => {
    if (details.current) details.current.open = false;
    if (focusButton) summary.current?.focus();
  };
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
    } else if (e.key === 'Tab' && closeOnTab) {
      close(false);
      return;
    } else return;
    e.preventDefault();
  };
  const onToggle = (e: SyntheticEvent<HTMLDetailsElement>): void => {
    if (e.currentTarget.open) items()[0]?.focus();
  };
  // focus left the menu (a click or Tab elsewhere): close it
  const onBlur = (e: FocusEvent<HTMLDetailsElement>): void => {
    if (details.current?.open && !details.current.contains(e.relatedTarget as Node | null)) close(false);
  };
  return { details, summary, close, onMenuKey, onToggle, onBlur };
}
