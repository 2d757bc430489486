/** Keyboard shortcuts help: `?` outside text fields, or the header's "Keyboard shortcuts" button. */
import { useEffect, useRef, type ReactNode } from 'react';
import { SHORTCUTS, shortcutKeys } from '../lib/shortcuts';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }): ReactNode {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => {
        // a click on the backdrop (the dialog element itself, outside its content) closes it
        if (e.target === e.currentTarget) dialogRef.current?.close();
      }}
    >
      <div className="shortcuts-content">
        <header className="dialog-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={() => dialogRef.current?.close()}>
            ×
          </button>
        </header>
        <div className="dialog-body shortcuts-body">
          {SHORTCUTS.map((group) => (
            <section key={group.title} className="shortcut-group" aria-labelledby={`shortcuts-${group.title.replace(/\W+/g, '-')}`}>
              <h3 id={`shortcuts-${group.title.replace(/\W+/g, '-')}`}>{group.title}</h3>
              <dl>
                {group.shortcuts.map((s) => (
                  <div key={s.action} className="shortcut-row">
                    <dt>
                      {s.keys.map((chord, i) => (
                        <span key={chord} className="chord">
                          {i > 0 ? <span className="muted or"> or </span> : null}
                          {shortcutKeys(chord).map((k) => (
                            <kbd key={k}>{k}</kbd>
                          ))}
                        </span>
                      ))}
                    </dt>
                    <dd>{s.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </dialog>
  );
}
