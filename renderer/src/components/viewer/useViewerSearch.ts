/**
 * Find in this document: every matching page in page order (library.search
 * with order 'page'), the match being shown, previous and next.
 */
import { useCallback, useState } from 'react';
import type { SearchHit } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { useClient } from '../../state';

export interface ViewerSearch {
  query: string;
  setQuery: (query: string) => void;
  /** the query the hits are for */
  searched: string;
  hits: SearchHit[] | null;
  /** index of the hit shown on the page, null before one is picked */
  active: number | null;
  /** changes each time a hit is shown (the same one again too) */
  shownSeq: number;
  listOpen: boolean;
  setListOpen: (open: boolean) => void;
  error: string | null;
  searching: boolean;
  /** total occurrences over all matching pages */
  occurrences: number;
  run: () => Promise<void>;
  show: (index: number) => void;
  /** the next (+1) or previous (-1) matching page; from none shown, the first */
  step: (direction: 1 | -1) => void;
  close: () => void;
}

export function useViewerSearch(docId: string): ViewerSearch {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [shownSeq, setShownSeq] = useState(0);
  const [listOpen, setListOpen] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);

  const close = useCallback(() => {
    setHits(null);
    setError(null);
    setActive(null);
  }, []);

  const run = useCallback(async () => {
    const q = query.trim();
    if (!q) {
      close();
      return;
    }
    setSearching(true);
    setError(null);
    setActive(null); // the old matches go as soon as a new search starts
    setHits(null);
    try {
      const result = await client.call('library.search', { docId, query: q, order: 'page' });
      setHits(result.hits);
      setSearched(q);
      setListOpen(true);
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setSearching(false);
    }
  }, [client, docId, query, close]);

  const show = useCallback((index: number) => {
    setActive(index);
    setShownSeq((n) => n + 1);
    setListOpen(false);
  }, []);

  const step = useCallback(
    (direction: 1 | -1) => {
      if (!hits || hits.length === 0) return;
      const next = active === null ? (direction > 0 ? 0 : hits.length - 1) : Math.min(hits.length - 1, Math.max(0, active + direction));
      show(next);
    },
    [hits, active, show],
  );

  const occurrences = hits?.reduce((sum, h) => sum + (h.occurrences ?? 1), 0) ?? 0;
  return { query, setQuery, searched, hits, active, shownSeq, listOpen, setListOpen, error, searching, occurrences, run, show, step, close };
}
