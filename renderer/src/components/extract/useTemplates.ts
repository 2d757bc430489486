/** The templates (built-in and saved) and the one chosen, remembered for the session. */
import { useCallback, useEffect, useState } from 'react';
import type { Template } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { useClient, useSessionState } from '../../state';

export function useTemplates(): {
  templates: Template[];
  chosen: Template | null;
  choose: (id: string) => void;
  reload: (selectId?: string) => void;
  error: string | null;
} {
  const client = useClient();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [chosenId, setChosenId] = useSessionState<string>('pagewise.extract.template', 'contract');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    client
      .call('template.list', {})
      .then((r) => {
        if (live) setTemplates(r.templates);
      })
      .catch((e: unknown) => {
        if (live) setError(toApiError(e).message);
      });
    return () => {
      live = false;
    };
  }, [client, version]);
  const reload = useCallback(
    (selectId?: string) => {
      if (selectId) setChosenId(selectId);
      setVersion((n) => n + 1);
    },
    [setChosenId],
  );
  const chosen = templates.find((t) => t.id === chosenId) ?? templates[0] ?? null;
  return { templates, chosen, choose: setChosenId, reload, error };
}
