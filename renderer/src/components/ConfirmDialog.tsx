/** The app's own "are you sure?" dialog (a modal <dialog>: focus stays inside, Esc cancels, Enter confirms). */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmRequest {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** A destructive action shows its button in the warning colour. */
  danger?: boolean;
  onConfirm: () => void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }): ReactNode {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      dialog.showModal();
      // the safe choice has the focus: a stray Enter does not remove anything
      cancelRef.current?.focus();
    } else if (!request && dialog.open) dialog.close();
  }, [request]);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) dialogRef.current?.close();
      }}
    >
      {request ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            request.onConfirm();
            dialogRef.current?.close();
          }}
        >
          <h2 id={titleId}>{request.title}</h2>
          <div id={messageId} className="confirm-message">
            {request.message}
          </div>
          <div className="confirm-actions">
            <button ref={cancelRef} type="button" className="button" onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={`button ${request.danger ? 'button-danger' : 'button-primary'}`}>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
