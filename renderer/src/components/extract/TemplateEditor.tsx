/**
 * The template editor (a modal dialog): a template's name and fields (name, type, description); add, edit,
 * remove fields; save in the library; import and export the JSON file. Built-in templates are read-only:
 * saving one makes an editable copy.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FIELD_TYPES, FIELD_TYPE_LABELS, type FieldType, type Template, type TemplateField } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { downloadText } from '../../lib/download';
import { useClient } from '../../state';

interface Draft {
  id: string | null;
  builtIn: boolean;
  name: string;
  fields: TemplateField[];
}

function draftOf(t: Template | null): Draft {
  if (!t) return { id: null, builtIn: false, name: 'My template', fields: [{ name: '', description: '', type: 'text' }] };
  return { id: t.builtIn ? null : t.id, builtIn: t.builtIn, name: t.builtIn ? `${t.name} (my copy)` : t.name, fields: t.fields.map((f) => ({ ...f })) };
}

export function TemplateEditor({
  open,
  template,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The template to start from (null: a new one). */
  template: Template | null;
  onClose: () => void;
  onSaved: (saved: Template) => void;
}): ReactNode {
  const client = useClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setDraft(draftOf(template));
      setStatus(null);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open, template]);

  const setField = (i: number, patch: Partial<TemplateField>): void => setDraft((d) => ({ ...d, fields: d.fields.map((f, k) => (k === i ? { ...f, ...patch } : f)) }));
  const removeField = (i: number): void => setDraft((d) => ({ ...d, fields: d.fields.filter((_f, k) => k !== i) }));
  const addField = (): void => {
    setDraft((d) => ({ ...d, fields: [...d.fields, { name: '', description: '', type: 'text' }] }));
    // focus the new row's name once it is drawn
    setTimeout(() => dialogRef.current?.querySelector<HTMLInputElement>('.template-field:last-child input')?.focus(), 0);
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    setStatus(null);
    try {
      const fields = draft.fields.filter((f) => f.name.trim() !== '');
      const { template: saved } = await client.call('template.save', { ...(draft.id ? { id: draft.id } : {}), definition: { name: draft.name, fields } });
      onSaved(saved);
      onClose();
    } catch (e) {
      setStatus({ text: toApiError(e).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File): Promise<void> => {
    setStatus(null);
    try {
      const { template: saved } = await client.call('template.import', { json: await file.text() });
      onSaved(saved);
      setDraft(draftOf(saved));
      setStatus({ text: `Imported “${saved.name}” (${saved.fields.length} fields).`, error: false });
    } catch (e) {
      setStatus({ text: toApiError(e).message, error: true });
    }
  };

  const exportFile = (): void => {
    const fields = draft.fields.filter((f) => f.name.trim() !== '');
    const json = `${JSON.stringify({ pagewise: 'extraction-template', version: 1, name: draft.name, fields }, null, 2)}\n`;
    downloadText(`${draft.name.replace(/[^\p{L}\p{N}_-]+/gu, '-') || 'template'}.template.json`, json);
    setStatus({ text: 'Exported the template as a JSON file.', error: false });
  };

  return (
    <dialog ref={dialogRef} className="settings-dialog template-dialog" aria-labelledby="template-dialog-title" onClose={onClose} data-testid="template-editor">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="dialog-head">
          <h2 id="template-dialog-title">Extraction template</h2>
          {draft.builtIn ? <p className="muted small">Built-in templates cannot be changed: saving makes your own copy.</p> : null}
        </div>
        <div className="dialog-body">
          <label className="field">
            <span>Template name</span>
            <input value={draft.name} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} required maxLength={80} />
          </label>
          <ol className="template-fields" aria-label="Fields">
            {draft.fields.map((f, i) => (
              <li key={i} className="template-field">
                <input aria-label={`Field ${i + 1} name`} placeholder="Field name, e.g. Governing law" value={f.name} maxLength={80} onChange={(e) => setField(i, { name: e.target.value })} />
                <select aria-label={`Field ${i + 1} type`} value={f.type} onChange={(e) => setField(i, { type: e.target.value as FieldType })}>
                  {FIELD_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {FIELD_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
                <button type="button" className="button button-small" aria-label={`Remove field ${f.name || i + 1}`} onClick={() => removeField(i)}>
                  Remove
                </button>
                <textarea
                  aria-label={`Field ${i + 1} description`}
                  placeholder="What to look for, in plain words (helps the model find it)"
                  rows={2}
                  maxLength={600}
                  value={f.description}
                  onChange={(e) => setField(i, { description: e.target.value })}
                />
              </li>
            ))}
          </ol>
          <button type="button" className="button button-small" onClick={addField}>
            + Add field
          </button>
          {status ? (
            <p className={status.error ? 'error-text' : 'muted small'} role={status.error ? 'alert' : 'status'}>
              {status.text}
            </p>
          ) : null}
        </div>
        <div className="dialog-foot">
          <button type="button" className="button" onClick={() => fileRef.current?.click()}>
            Import JSON…
          </button>
          <button type="button" className="button" onClick={exportFile}>
            Export JSON
          </button>
          <span className="spacer" />
          <button type="button" className="button" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save template'}
          </button>
        </div>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="template-import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </form>
    </dialog>
  );
}
