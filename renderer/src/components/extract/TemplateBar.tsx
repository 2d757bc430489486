/** Choose a template, or open the editor on it (or on a new one). */
import { useState, type ReactNode } from 'react';
import type { Template } from '../../../../shared/api';
import { TemplateEditor } from './TemplateEditor';

export function TemplateBar({
  templates,
  chosen,
  onChoose,
  onSaved,
  disabled = false,
}: {
  templates: Template[];
  chosen: Template | null;
  onChoose: (id: string) => void;
  onSaved: (saved: Template) => void;
  disabled?: boolean;
}): ReactNode {
  const [editing, setEditing] = useState<{ template: Template | null } | null>(null);
  return (
    <div className="template-bar">
      <label className="template-pick">
        <span>Template</span>
        <select value={chosen?.id ?? ''} onChange={(e) => onChoose(e.target.value)} disabled={disabled} data-testid="template-select">
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.builtIn ? `${t.name[0]?.toUpperCase() ?? ''}${t.name.slice(1)} (built in)` : t.name} · {t.fields.length} fields
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button-small" onClick={() => setEditing({ template: chosen })} disabled={!chosen || disabled}>
        {chosen?.builtIn ? 'Copy and edit…' : 'Edit…'}
      </button>
      <button type="button" className="button button-small" onClick={() => setEditing({ template: null })} disabled={disabled}>
        New template…
      </button>
      <TemplateEditor open={editing !== null} template={editing?.template ?? null} onClose={() => setEditing(null)} onSaved={onSaved} />
    </div>
  );
}
