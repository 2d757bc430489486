/** The side-by-side table: one row per document with its answer (citation chips), tokens and cost, or its error. */
import type { ReactNode } from 'react';
import type { Comparison } from '../../../../shared/api';
import { formatCost, formatInt } from '../../lib/format';
import { AnswerBody, VerifiedBadge } from '../AnswerView';
import type { OpenTarget } from '../DocumentView';

export function CompareTable({ comparison, onOpenDocument }: { comparison: Comparison; onOpenDocument: (docId: string, target?: OpenTarget) => void }): ReactNode {
  return (
    <div className="compare-table-wrap">
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Answer</th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.rows.map((row) => {
            const a = row.answer;
            return (
              <tr key={row.docId} data-doc-id={row.docId} data-testid="compare-row">
                <th scope="row" className="compare-doc">
                  <button type="button" className="link-button" onClick={() => onOpenDocument(row.docId)} title="Open this document">
                    {row.title}
                  </button>
                </th>
                <td className="compare-answer">
                  {a ? (
                    <>
                      <div className="answer-text">
                        <AnswerBody text={a.text} record={a} onCite={(ref) => onOpenDocument(row.docId, { page: ref.page, quote: ref.quote })} documentTitle={row.title} />
                      </div>
                      <div className="compare-badges">
                        <VerifiedBadge record={a} />
                        {a.cached ? <span className="badge badge-neutral" title="Served from the answer cache: no model call, no cost">Cached</span> : null}
                        {a.extractive ? <span className="badge badge-info">Extractive (no model used)</span> : null}
                        {a.status !== 'complete' ? <span className="badge badge-warn">{a.status === 'failed' ? 'Failed' : 'Incomplete'}</span> : null}
                      </div>
                    </>
                  ) : (
                    <p className="error-text" data-testid="compare-row-error">
                      Not answered: {row.error?.message ?? 'this answer is no longer in the library.'}
                    </p>
                  )}
                </td>
                <td className="num small">
                  {a ? (
                    <>
                      {formatInt(a.usage.promptTokens)} in
                      <br />
                      {formatInt(a.usage.completionTokens)} out
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num small">{a ? (a.cached ? `${formatCost(0)} (cached)` : formatCost(a.costUsd)) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {comparison.rows.length < comparison.documentCount ? (
        <p className="muted small">{comparison.documentCount - comparison.rows.length} documents were not reached (the comparison was stopped).</p>
      ) : null}
    </div>
  );
}
