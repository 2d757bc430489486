import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ExportFormatName, ExportTarget } from '../../../shared/api';
import { toApiError } from '../api/errors';
import { useClient } from '../state';

const FORMATS: { format: ExportFormatName; label: string; hint: string }[] = [
  { format: 'md', label: 'Markdown', hint: '.md' },
  { format: 'html', label: 'HTML', hint: '.html' },
  { format: 'docx', label: 'Word', hint: '.docx' },
  { format: 'json', label: 'JSON', hint: '.json' },
  { format: 'csv', label: 'CSV (spreadsheet)', hint: '.csv' },
];
const ANSWER_FORMATS: readonly ExportFormatName[] = ['md', 'html', 'docx', 'json'];

/** "Export ▾" with its formats (answers: four; comparison tables add CSV); downloads in the browser, save dialog in Electron. */
export function ExportMenu({
  target,
  label = 'Export',
  formats = ANSWER_FORMATS,
}: {
  target: ExportTarget;
  label?: string;
  formats?: readonly ExportFormatName[];
}): ReactNode {
  const client = useClient();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);

  const items = (): HTMLButtonElement[] => Array.from(details.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
  const close = (focusButton: boolean): void => {
    if (details.current) details.current.open = false;
    if (focusButton) summary.current?.focus();
  };
  // a menu: arrows move, Home/End jump, Escape closes and gives the focus back
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number): void => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.stopPropagation();
      close(e.key === 'Escape');
      if (e.key === 'Tab') return;
    } else return;
    e.preventDefault();
  };

  const run = async (format: ExportFormatName): Promise<void> => {
    close(true);
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ text: await client.saveExport(target, format), error: false });
    } catch (error) {
      setStatus({ text: toApiError(error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export">
      <details
        className="menu"
        ref={details}
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open) items()[0]?.focus();
        }}
        onBlur={(e) => {
          // focus left the menu (click or Tab elsewhere): close it
          if (details.current?.open && !details.current.contains(e.relatedTarget as Node | null)) close(false);
        }}
      >
        <summary ref={summary} className="button button-small" aria-label={`${label} (choose a format)`} aria-haspopup="menu">
          {busy ? 'Exporting…' : label} <span aria-hidden="true">▾</span>
        </summary>
        <div className="menu-items" role="menu" onKeyDown={onMenuKey}>
          {FORMATS.filter((f) => formats.includes(f.format)).map((f) => (
            <button key={f.format} type="button" role="menuitem" className="menu-item" onClick={() => void run(f.format)}>
              {f.label} <span className="muted">{f.hint}</span>
            </button>
          ))}
        </div>
      </details>
      {status ? (
        <span className={status.error ? 'error-text small' : 'muted small'} role="status">
          {status.text}
        </span>
      ) : null}
    </div>
  );
}
