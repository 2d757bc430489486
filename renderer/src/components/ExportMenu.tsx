import { useState, type ReactNode } from 'react';
import type { ExportFormatName, ExportTarget } from '../../../shared/api';
import { toApiError } from '../api/errors';
import { useClient } from '../state';
import { useMenu } from './useMenu';

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
  const menu = useMenu({ closeOnTab: true });

  const run = async (format: ExportFormatName): Promise<void> => {
    menu.close(true);
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
        ref={menu.details}
        onToggle={menu.onToggle}
        onBlur={menu.onBlur}
      >
        <summary ref={menu.summary} className="button button-small" aria-label={`${label} (choose a format)`} aria-haspopup="menu">
          {busy ? 'Exporting…' : label} <span aria-hidden="true">▾</span>
        </summary>
        <div className="menu-items" role="menu" onKeyDown={menu.onMenuKey}>
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
