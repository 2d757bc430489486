/** An error in words, announced to screen readers; nothing when there is none. */
import type { ReactNode } from 'react';

export function ErrorNote({ error }: { error: string | null }): ReactNode {
  if (!error) return null;
  return (
    <div className="error-box" role="alert">
      <p>{error}</p>
    </div>
  );
}
