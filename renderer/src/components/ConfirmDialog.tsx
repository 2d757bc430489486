/** The app's own "are you sure?" dialog (a modal <dialog>: focus stays inside, Esc cancels, Enter confirms). */
import { useId, useRef, type ReactNode } from 'react';
import { useModal } from './useModal';

export interface ConfirmRequest {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** A destructive action shows its button in the warning colour. */
  danger?: boolean;
  onConfirm: () => void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }): ReactNode {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();
  // the safe choice has the focus: a stray Enter does not remove anything
  const modal = useModal(request !== null, () => cancelRef.current?.focus());

  return (
    <dialog
      ref={modal.ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onClose={onClose}
      onClick={modal.onBackdropClick}
    >
      {request ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            request.onConfirm();
            modal.close();
          }}
        >
          <h2 id={titleId}>{request.title}</h2>
          <div id={messageId} className="confirm-message">
            {request.message}
          </div>
          <div className="confirm-actions">
            <button ref={cancelRef} type="button" className="button" onClick={() => modal.close()}>
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
