import { useRef, useState, type ReactNode } from 'react';
import type { ExportFormatName, ExportTarget } from '../../../shared/api';
import { toApiError } from '../api/errors';
import { useClient } from '../state';

const FORMATS: { format: ExportFormatName; label: string; hint: string }[] = [
  { format: 'md', label: 'Markdown', hint: '.md' },
  { format: 'html', label: 'HTML', hint: '.html' },
  { format: 'docx', label: 'Word', hint: '.docx' },
  { format: 'json', label: 'JSON', hint: '.json' },
];

/** "Export ▾" with the four formats; downloads in the browser, save dialog in Electron. */
export function ExportMenu({ target, label = 'Export' }: { target: ExportTarget; label?: string }): ReactNode {
  const client = useClient();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);

  const run = async (format: ExportFormatName): Promise<void> => {
    if (details.current) details.current.open = false;
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
      <details className="menu" ref={details}>
        <summary className="button button-small" aria-label={`${label} (choose a format)`}>
          {busy ? 'Exporting…' : label} <span aria-hidden="true">▾</span>
        </summary>
        <div className="menu-items" role="menu">
          {FORMATS.map((f) => (
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
