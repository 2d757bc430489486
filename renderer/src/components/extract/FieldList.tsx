/** One document's extracted fields: value, quote, and a page chip with the verified mark (click: show the page). */
import type { ReactNode } from 'react';
import type { ExtractedField, Extraction, ExtractionPlan } from '../../../../shared/api';
import { checkText, valueText } from '../../lib/extract';
import { formatCost, formatInt, formatPageList, plural } from '../../lib/format';
import { useAppState } from '../../state';

export function PageChip({ field, onOpen }: { field: ExtractedField; onOpen: () => void }): ReactNode {
  if (field.value === null || field.page === null) return null;
  const label = field.pageLabel && field.pageLabel !== String(field.page) ? `p. ${field.pageLabel}` : `p. ${field.page}`;
  return (
    <button
      type="button"
      className={`cite ${field.verified ? 'cite-verified' : 'cite-unverified'}`}
      data-page={field.page}
      data-verified={field.verified ? 'verified' : 'unverified'}
      title={`${field.name}: ${checkText(field)}. Click to show the page with the quote highlighted.`}
      aria-label={`${field.name}, page ${field.page}, ${field.verified ? 'verified' : 'not verified'}`}
      onClick={onOpen}
    >
      {label}
      {field.verified ? <span aria-hidden="true"> ✓</span> : <span className="cite-flag">not verified</span>}
    </button>
  );
}

export function PlanLine({ plan }: { plan: ExtractionPlan | null }): ReactNode {
  if (!plan) return null;
  const docs = plan.documents;
  const strategy = docs.length === 1 ? (docs[0]?.plan.strategy === 'whole' ? 'The whole document' : `The best pages for each group of fields (${formatPageList(docs[0]?.plan.pages ?? [])})`) : plural(docs.length, 'document');
  return (
    <p className="extract-cost" data-testid="extract-cost">
      {strategy} · {plural(plan.calls, 'request')} · {formatInt(plan.promptTokens)} prompt tokens · at most <strong>{formatCost(plan.estimatedCostUsd)}</strong>
    </p>
  );
}

/** The plan line, then what stops a run: the plan's error, or no model set up. */
export function PlanNotes({ plan, planError }: { plan: ExtractionPlan | null; planError: string | null }): ReactNode {
  const { openSettings } = useAppState();
  return (
    <>
      <PlanLine plan={plan} />
      {planError ? (
        <p className="error-text" role="alert">
          {planError}
        </p>
      ) : null}
      {plan?.offline ? (
        <p className="muted small">
          Extraction needs a model.{' '}
          <button type="button" className="link-button" onClick={openSettings}>
            Set one up in Settings
          </button>
        </p>
      ) : null}
    </>
  );
}

export function RunSummary({ extractions }: { extractions: readonly Extraction[] }): ReactNode {
  const values = extractions.flatMap((e) => e.fields).filter((f) => f.value !== null);
  const verified = values.filter((f) => f.verified).length;
  const sent = extractions.reduce((n, e) => n + e.usage.promptTokens, 0);
  const predicted = extractions.reduce((n, e) => n + e.predictedPromptTokens, 0);
  const cost = extractions.reduce((n, e) => n + e.costUsd, 0);
  return (
    <p className="muted small" data-testid="extract-summary">
      <span className={`badge ${verified === values.length ? 'badge-ok' : 'badge-warn'}`}>
        {verified} of {plural(values.length, 'value')} verified
      </span>{' '}
      Sent {formatInt(sent)} prompt tokens (predicted {formatInt(predicted)}) · cost {formatCost(cost)}
    </p>
  );
}

export function FieldList({ extraction, onOpen }: { extraction: Extraction; onOpen: (field: ExtractedField) => void }): ReactNode {
  return (
    <>
      {extraction.errorMessage ? (
        <div className="error-box" role="alert">
          <p>{extraction.errorMessage}</p>
          {extraction.rawOutput ? (
            <details>
              <summary>What the model returned</summary>
              <pre className="raw-output">{extraction.rawOutput}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
      <ul className="extract-fields" aria-label="Extracted fields">
        {extraction.fields.map((f) => (
          <li key={f.name} className="extract-field" data-testid="extract-field" data-field={f.name} data-verified={f.value === null ? 'none' : f.verified ? 'verified' : 'unverified'}>
            <div className="xf-head">
              <span className="xf-name">{f.name}</span>
              <PageChip field={f} onOpen={() => onOpen(f)} />
            </div>
            <div className={`xf-value${f.value === null ? ' muted' : ''}`}>{valueText(f.value)}</div>
            {f.quote && f.value !== null ? <blockquote className="xf-quote">{f.quote}</blockquote> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
