/** Keyboard shortcuts help: `?` outside text fields, or the header's "Keyboard shortcuts" button. */
import type { ReactNode } from 'react';
import { DialogHead } from './DialogHead';
import { useModal } from './useModal';
import { SHORTCUTS, shortcutKeys } from '../lib/shortcuts';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }): ReactNode {
  const modal = useModal(open);

  return (
    <dialog
      ref={modal.ref}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={modal.onBackdropClick}
    >
      <div className="shortcuts-content">
        <DialogHead id="shortcuts-title" title="Keyboard shortcuts" onClose={modal.close} />
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
