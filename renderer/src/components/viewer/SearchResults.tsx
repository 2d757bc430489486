/**
 * Find results over the pages: the list of matching pages (in page order,
 * with how often the words occur on each), and once one is shown, a bar with
 * "12 of 214", previous and next.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import type { SearchHit } from '../../../../shared/api';
import { formatInt, plural } from '../../lib/format';
import { Snippet } from '../Snippet';
import type { ViewerSearch } from './useViewerSearch';

function pageName(hit: SearchHit): string {
  return hit.label && hit.label !== String(hit.pageNumber) ? `p. ${hit.label} (pdf ${hit.pageNumber})` : `p. ${hit.pageNumber}`;
}

export function SearchResults({ search }: { search: ViewerSearch }): ReactNode {
  const { hits, active, error, searched } = search;
  if (hits === null && !error) return null;
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') search.close();
  };
  const current = hits && active !== null ? hits[active] : undefined;
  if (hits && current && !search.listOpen && !error) {
    return (
      <div className="search-results search-bar" role="region" aria-label="Search results" onKeyDown={onKeyDown}>
        <span className="search-bar-text" data-testid="search-count" aria-live="polite">
          {formatInt((active ?? 0) + 1)} of {formatInt(hits.length)}
        </span>
        <span className="search-bar-page muted">
          {pageName(current)}
          {current.occurrences && current.occurrences > 1 ? ` · ${formatInt(current.occurrences)} here` : ''}
        </span>
        <button type="button" className="icon-button" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={(active ?? 0) <= 0} onClick={() => search.step(-1)}>
          ‹
        </button>
        <button type="button" className="icon-button" aria-label="Next match" title="Next match (Enter)" disabled={(active ?? 0) >= hits.length - 1} onClick={() => search.step(1)}>
          ›
        </button>
        <button type="button" className="link-button" onClick={() => search.setListOpen(true)}>
          All results
        </button>
        <button type="button" className="link-button" onClick={search.close}>
          Close
        </button>
      </div>
    );
  }
  return (
    <div className="search-results" role="region" aria-label="Search results" onKeyDown={onKeyDown}>
      <div className="search-results-head">
        <span data-testid="search-summary">
          {error
            ? 'Search failed'
            : hits && hits.length > 0
              ? `${plural(hits.length, 'page')} match “${searched}” (${plural(search.occurrences, 'time')})`
              : `No page matches “${searched}”`}
        </span>
        <button type="button" className="link-button" onClick={search.close}>
          Close
        </button>
      </div>
      {error ? <p className="error-text">{error}</p> : null}
      <ol className="hit-list">
        {(hits ?? []).map((hit, index) => (
          <li key={hit.pageNumber}>
            <button type="button" className={`hit${index === active ? ' active' : ''}`} onClick={() => search.show(index)} data-page={hit.pageNumber}>
              <span className="hit-page">{pageName(hit)}</span>
              <span className="hit-snippet">
                <Snippet text={hit.snippet} />
              </span>
              {hit.occurrences && hit.occurrences > 1 ? <span className="hit-count muted">{formatInt(hit.occurrences)}×</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
