/**
 * Where a run over several documents is started: run it now at the normal price, or as a batch at half the
 * price with results within 24 hours (the Batch API, issue 12). Reusable by every multi-document screen;
 * `batchUnavailable` (the provider has no Batch API) disables the batch choice and says why.
 */
import { useId, type ReactNode } from 'react';
import { formatCost } from '../lib/format';

export interface BatchChoiceProps {
  /** true: as a batch. */
  batch: boolean;
  onChange: (batch: boolean) => void;
  /** The estimate of the direct run, when known: the batch line shows half of it. */
  estimatedCostUsd?: number | null;
  /** Why a batch is not possible here (e.g. "This provider has no Batch API"), or null. */
  batchUnavailable?: string | null;
  disabled?: boolean;
}

export function BatchChoice({ batch, onChange, estimatedCostUsd = null, batchUnavailable = null, disabled = false }: BatchChoiceProps): ReactNode {
  const name = useId();
  const cost = (factor: number): string => (estimatedCostUsd !== null ? ` · at most ${formatCost(estimatedCostUsd * factor)}` : '');
  return (
    <fieldset className="batch-choice" disabled={disabled} data-testid="batch-choice">
      <legend>How to run it</legend>
      <label className="batch-choice-option">
        <input type="radio" name={name} checked={!batch} onChange={() => onChange(false)} />
        <span>
          Run now<span className="muted">{cost(1)}</span>
        </span>
      </label>
      <label className={`batch-choice-option${batchUnavailable ? ' unavailable' : ''}`}>
        <input type="radio" name={name} checked={batch} disabled={batchUnavailable !== null} onChange={() => onChange(true)} />
        <span>
          Run as batch (half price, results within 24 h)<span className="muted">{cost(0.5)}</span>
          {batchUnavailable ? <span className="batch-choice-why muted">{batchUnavailable}</span> : null}
        </span>
      </label>
    </fieldset>
  );
}
