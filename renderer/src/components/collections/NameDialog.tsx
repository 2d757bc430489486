/** "Make a collection" / "Rename the collection": a modal asking for a name; errors stay in the dialog, in words. */
import { useId, useRef, useState, type ReactNode } from 'react';
import { CollectionNameSchema } from '../../../../shared/api/collections';
import { toApiError } from '../../api/errors';
import { useModal } from '../useModal';

export interface NameRequest {
  title: string;
  /** a sentence under the title: what will happen */
  message: ReactNode;
  confirmLabel: string;
  initialName: string;
  /** resolves when done; a rejection's message is shown in the dialog */
  onSubmit: (name: string) => Promise<void>;
}

/** The name schema's first complaint, as a sentence ("Type a name for the collection."). */
export function nameProblem(name: string): string | null {
  const parsed = CollectionNameSchema.safeParse(name);
  if (parsed.success) return null;
  const message = parsed.error.issues[0]?.message ?? 'this name cannot be used';
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

export function NameDialog({ request, onClose }: { request: NameRequest | null; onClose: () => void }): ReactNode {
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();

  const modal = useModal(request !== null, () => {
    setName(request?.initialName ?? '');
    setError(null);
    setSaving(false);
    inputRef.current?.focus();
    inputRef.current?.select();
  });

  const submit = async (): Promise<void> => {
    if (!request || saving) return;
    const problem = nameProblem(name);
    if (problem) {
      setError(problem);
      inputRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      await request.onSubmit(name.trim());
      modal.close();
    } catch (e) {
      setError(toApiError(e).message);
      setSaving(false);
      inputRef.current?.focus();
    }
  };

  return (
    <dialog
      ref={modal.ref}
      className="confirm-dialog name-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={(e) => {
        // the app's Esc (stop an answer) must not also fire; the dialog closes itself
        if (e.key === 'Escape') e.stopPropagation();
      }}
      onClick={modal.onBackdropClick}
    >
      {request ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2 id={titleId}>{request.title}</h2>
          <div className="confirm-message">{request.message}</div>
          <label htmlFor={inputId} className="name-label">
            Name
          </label>
          <input
            id={inputId}
            ref={inputRef}
            type="text"
            className="name-input"
            value={name}
            maxLength={200}
            placeholder="For example: Acme lease set"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            disabled={saving}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
          {error ? (
            <p id={errorId} className="error-text small name-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="confirm-actions">
            <button type="button" className="button" onClick={() => modal.close()}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? 'Saving…' : request.confirmLabel}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
