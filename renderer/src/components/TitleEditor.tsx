/** Inline rename of a document: Enter or leaving the field saves, Esc cancels; errors stay beside the field. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DocumentRecord } from '../../../shared/api';
import { toApiError } from '../api/errors';
import { useClient } from '../state';

export function TitleEditor({
  doc,
  onDone,
  className = '',
}: {
  doc: Pick<DocumentRecord, 'id' | 'title'>;
  /** renamed: the stored document; null: cancelled or unchanged */
  onDone: (renamed: DocumentRecord | null) => void;
  className?: string;
}): ReactNode {
  const client = useClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(doc.title);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const finished = useRef(false);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const finish = (renamed: DocumentRecord | null): void => {
    if (finished.current) return;
    finished.current = true;
    onDone(renamed);
  };

  const save = async (): Promise<void> => {
    if (saving || finished.current) return;
    const title = value.replace(/\s+/g, ' ').trim();
    if (title === doc.title) return finish(null);
    if (!title) {
      setError('Type a title, or press Esc to keep the current one.');
      return;
    }
    setSaving(true);
    try {
      const { document } = await client.call('library.rename', { docId: doc.id, title });
      finish(document);
    } catch (e) {
      setError(toApiError(e).message);
      setSaving(false);
      inputRef.current?.focus();
    }
  };

  return (
    <form
      className={`title-editor ${className}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        ref={inputRef}
        type="text"
        value={value}
        maxLength={300}
        aria-label="Document title"
        aria-invalid={error ? true : undefined}
        disabled={saving}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // the app's Esc (stop an answer) must not also fire
            e.preventDefault();
            e.stopPropagation();
            finish(null);
          }
        }}
        onBlur={() => {
          if (!error) void save();
        }}
      />
      {error ? (
        <span className="title-editor-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
