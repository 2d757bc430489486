/**
 * How other screens open Compare: `open(scope?)` remembers the scope (a collection, chosen documents) for the
 * view and routes there. A collection screen calls `open({ collection: name })`.
 */
import { useCallback, useState } from 'react';
import type { Scope } from '../../../../shared/api';

const KEY = 'pagewise.compareScope';

function savedScope(): Scope | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Scope) : null;
  } catch {
    return null;
  }
}

export function useCompareEntry(route: () => void): { scope: Scope | null; open: (scope?: Scope | null) => void } {
  const [scope, setScope] = useState<Scope | null>(savedScope);
  const open = useCallback(
    (next: Scope | null = null) => {
      setScope(next);
      try {
        if (next) window.sessionStorage.setItem(KEY, JSON.stringify(next));
        else window.sessionStorage.removeItem(KEY);
      } catch {
        // no storage: the view starts on "Choose documents"
      }
      route();
    },
    [route],
  );
  return { scope, open };
}
