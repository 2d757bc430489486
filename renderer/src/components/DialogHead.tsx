/** A dialog's title line with its × close button (Esc closes it too). `id` labels the dialog. */
import type { ReactNode } from 'react';

export function DialogHead({ id, title, onClose }: { id: string; title: string; onClose: () => void }): ReactNode {
  return (
    <header className="dialog-head">
      <h2 id={id}>{title}</h2>
      <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose}>
        ×
      </button>
    </header>
  );
}
