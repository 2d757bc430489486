/**
 * The app's modal <dialog> (focus stays inside, Esc cancels): shown while `open` (then `onOpen`, if given, sets up
 * its content and focus), closed when `open` turns false, by close() or by a click on the backdrop.
 */
import { useEffect, useLayoutEffect, useRef, type MouseEvent } from 'react';

export function useModal(open: boolean, onOpen: () => void = () => {}) {
  const ref = useRef<HTMLDialogElement>(null);
  // the latest onOpen, without re-running the open/close effect each render
  const onOpenRef = useRef(onOpen);
  useLayoutEffect(() => {
    onOpenRef.current = onOpen;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      onOpenRef.current();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const close = (): void => ref.current?.close();
  const onBackdropClick = (e: MouseEvent<HTMLDialogElement>): void => {
    if (e.target === e.currentTarget) close();
  };
  return { ref, close, onBackdropClick };
}
