/**
 * One past answer in a history list (a document's History tab, a collection's past answers): a row that opens
 * it in place, with its status, cost and date. The list gives the tag, the title and what the body shows.
 */
import type { ReactNode } from 'react';
import type { AnswerRecord } from '../../../shared/api';
import { formatCost, formatDate } from '../lib/format';

export function HistoryItem({
  item,
  open,
  onToggle,
  tag,
  title,
  titleHint,
  meta,
  children,
}: {
  item: AnswerRecord;
  open: boolean;
  onToggle: () => void;
  tag: ReactNode;
  title: ReactNode;
  /** The full title on hover (a long question is cut short in the row). */
  titleHint: string | undefined;
  /** More facts shown before the cost (cached, which model). */
  meta?: ReactNode;
  /** The opened answer. */
  children: ReactNode;
}): ReactNode {
  return (
    <li className={`history-item${open ? ' open' : ''}`} data-status={item.status} data-answer-id={item.id}>
      <button type="button" className="history-row" aria-expanded={open} onClick={onToggle}>
        {tag}
        <span className="history-title" title={titleHint}>
          {title}
        </span>
        <span className="history-meta">
          {item.status !== 'complete' ? <span className={`badge ${item.status === 'failed' ? 'badge-bad' : 'badge-warn'}`}>{item.status === 'failed' ? 'Failed' : 'Incomplete'}</span> : null}
          {meta}
          <span className="small">{formatCost(item.costUsd)}</span>
          <time className="muted small" dateTime={item.createdAt}>
            {formatDate(item.createdAt)}
          </time>
        </span>
      </button>
      {open ? <div className="history-body">{children}</div> : null}
    </li>
  );
}
