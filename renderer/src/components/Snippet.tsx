/** A search snippet whose matched terms the engine wrapped in [[ ]], shown with <mark>. */
import type { ReactNode } from 'react';

export function Snippet({ text }: { text: string }): ReactNode {
  const parts = text.split(/(\[\[[^\]]*\]\])/g);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith('[[') && part.endsWith(']]') ? <mark key={i}>{part.slice(2, -2)}</mark> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

/** The first matched term of a snippet (what the viewer highlights on the page), else the query. */
export function firstMatchedTerm(snippet: string, query: string): string {
  return /\[\[([^\]]+)\]\]/.exec(snippet)?.[1] ?? query.trim();
}
