/** Before sending: document tokens against the model's input budget, strategy, budget, pages, cost. */
import type { ReactNode } from 'react';
import type { DocumentFit, Plan, PlanSource, StrategyChoice } from '../../../shared/api';
import { formatCompact, formatCost, formatInt, formatPageList, plural } from '../lib/format';
import { fitBadge, fitSentence, offlineSentence, planHeadline, planWork } from '../lib/meter-words';
import { useAppState } from '../state';

const STRATEGIES: { value: StrategyChoice; label: string; hint: string }[] = [
  { value: 'auto', label: 'Auto', hint: 'Whole document when it fits, else the best-matching pages' },
  { value: 'whole', label: 'Whole', hint: 'Send the entire document (only when it fits the window)' },
  { value: 'focused', label: 'Focused', hint: 'Send only the pages that best match the question' },
  { value: 'exhaustive', label: 'Exhaustive', hint: 'Read every page in several requests, then combine' },
];

const BUDGETS = [2000, 4000, 8000, 16000, 32000, 64000, 100000];

export function budgetOptions(max: number): number[] {
  return BUDGETS.filter((b) => b < max);
}

export function StrategyPicker({ value, onChange, disabled }: { value: StrategyChoice; onChange: (v: StrategyChoice) => void; disabled?: boolean }): ReactNode {
  return (
    <div className="segmented" role="radiogroup" aria-label="Strategy">
      {STRATEGIES.map((s) => (
        <label key={s.value} className={`segment${value === s.value ? ' active' : ''}`} title={s.hint}>
          <input type="radio" name="strategy" value={s.value} checked={value === s.value} disabled={disabled} onChange={() => onChange(s.value)} />
          {s.label}
        </label>
      ))}
    </div>
  );
}

export function BudgetPicker({
  value,
  max,
  onChange,
  id,
}: {
  value: number | null;
  max: number;
  onChange: (v: number | null) => void;
  id: string;
}): ReactNode {
  const options = budgetOptions(max);
  return (
    <label className="inline-field" htmlFor={id}>
      <span>Budget</span>
      <select id={id} value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)} title="Most document tokens one request may carry">
        <option value="">Full window ({formatCompact(max)})</option>
        {options.map((b) => (
          <option key={b} value={String(b)}>
            {formatCompact(b)} tokens
          </option>
        ))}
        {value !== null && !options.includes(value) ? <option value={String(value)}>{formatCompact(value)} tokens</option> : null}
      </select>
    </label>
  );
}

export function FitBar({ documentTokens, inputBudget, sentTokens }: { documentTokens: number; inputBudget: number; sentTokens?: number | null }): ReactNode {
  const ratio = inputBudget > 0 ? documentTokens / inputBudget : Infinity;
  const fits = ratio <= 1;
  const fill = Math.min(1, ratio);
  const sent = sentTokens !== null && sentTokens !== undefined && inputBudget > 0 ? Math.min(1, sentTokens / inputBudget) : null;
  return (
    <div
      className={`fit-bar${fits ? '' : ' over'}`}
      role="meter"
      aria-label="Document tokens against the input budget of one request"
      aria-valuemin={0}
      aria-valuemax={inputBudget}
      aria-valuenow={Math.min(documentTokens, inputBudget)}
      aria-valuetext={`${formatInt(documentTokens)} of ${formatInt(inputBudget)} tokens`}
    >
      <div className="fit-bar-doc" style={{ width: `${fill * 100}%` }} />
      {sent !== null ? <div className="fit-bar-sent" style={{ width: `${sent * 100}%` }} /> : null}
    </div>
  );
}

/** Several documents: each one's share of the request (a segment of the bar) and the pages and tokens sent from it. */
export function SourcesMeter({
  sources,
  inputBudget,
  calls,
  partial,
}: {
  sources: readonly PlanSource[];
  inputBudget: number;
  calls: number;
  /** only some pages are sent (focused): say how long each whole document is too */
  partial: boolean;
}): ReactNode {
  const perCall = Math.max(1, calls);
  return (
    <div className="meter-sources" data-testid="meter-sources">
      <div className="fit-bar sources-bar" role="img" aria-label={`${plural(sources.length, 'document')} against the input budget of one request`}>
        {sources.map((s, i) => (
          <div
            key={s.docId}
            className={`sources-bar-part part-${i % 4}`}
            style={{ width: `${inputBudget > 0 ? Math.min(100, (s.tokens / perCall / inputBudget) * 100) : 0}%` }}
            title={`${s.title}: ${formatInt(s.tokens)} tokens`}
          />
        ))}
      </div>
      <ul className="sources-list">
        {sources.map((s, i) => (
          <li key={s.docId} className="source-row" data-doc-id={s.docId}>
            <span className={`source-swatch part-${i % 4}`} aria-hidden="true" />
            <span className="source-title ellipsis" title={s.reasons.length > 0 ? `${s.title} — chosen because ${s.reasons.join('; ')}` : s.title}>
              {s.title}
            </span>
            <span className="source-pages muted">{s.pages.length === 0 ? 'not sent' : `${s.pages.length === 1 ? 'p.' : 'pp.'} ${formatPageList(s.pages, 3)}`}</span>
            <span className="source-tokens" title={`${formatInt(s.tokens)} tokens are sent from it (its pages with their page marks); the whole document has ${formatInt(s.documentTokens)}`}>
              {formatInt(s.tokens)} tokens
              {partial ? <span className="muted"> of {formatInt(s.documentTokens)}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ContextMeter({
  fit,
  plan,
  planError,
  planning,
  hasQuestion,
  strategy,
  onStrategy,
  budget,
  onBudget,
  kind = 'question',
  pageCount,
  compact = false,
  onExpand,
  multi = false,
}: {
  pageCount: number;
  fit: DocumentFit | null;
  plan: Plan | null;
  planError: string | null;
  planning: boolean;
  hasQuestion: boolean;
  strategy?: StrategyChoice;
  onStrategy?: (v: StrategyChoice) => void;
  budget: number | null;
  onBudget: (v: number | null) => void;
  kind?: 'question' | 'summary';
  /** one line (between questions, so answers get the room); the controls come back on typing or onExpand */
  compact?: boolean;
  onExpand?: () => void;
  /** a question over several documents: the meter lists each document and its tokens (the plan's sources) */
  multi?: boolean;
}): ReactNode {
  const documentTokens = plan?.documentTokens ?? fit?.documentTokens ?? 0;
  const inputBudget = plan?.inputBudget ?? fit?.inputBudget ?? 0;
  const contextWindow = plan?.contextWindow ?? fit?.contextWindow ?? 0;
  const model = plan?.model ?? fit?.model ?? '';
  const fits = documentTokens <= inputBudget;
  const { settings } = useAppState();
  // offline no model is called: no talk of requests, budgets or prompt tokens
  const offline = plan ? plan.extractive : settings?.provider === 'none';
  const perCallSent = plan && plan.calls > 0 ? Math.round(plan.promptTokens / plan.calls) : null;
  return (
    <section className="context-meter" aria-label="Context meter" data-testid="context-meter">
      <div className="meter-head">
        <span className="meter-title">Context</span>
        <span className="muted small">
          {offline ? 'Offline: no model is called' : `${model} · ${formatCompact(contextWindow)} window`}
        </span>
      </div>
      {compact || offline || (multi && plan) ? null : <FitBar documentTokens={documentTokens} inputBudget={inputBudget} sentTokens={plan?.strategy === 'focused' ? perCallSent : null} />}
      <div className="meter-line" data-testid="meter-fit">
        {offline ? (
          <span>{offlineSentence(documentTokens)}</span>
        ) : (
          <>
            <span>{fitSentence(documentTokens, inputBudget)}</span>
            <span
              className={`badge ${fits ? 'badge-ok' : 'badge-warn'}`}
              title={fits ? 'The whole document goes in one request' : kind === 'summary' ? 'Each part is summarized in its own request, then the parts are combined' : 'Too long for one request: the pages that best match the question are sent'}
            >
              {fitBadge(kind, fits, plan?.parts ?? null)}
            </span>
          </>
        )}
      </div>
      {compact ? (
        <button type="button" className="link-button meter-expand" onClick={onExpand} aria-expanded={false}>
          Strategy, budget and cost…
        </button>
      ) : null}
      {compact ? null : (
        <>
          {multi && plan && !offline ? <SourcesMeter sources={plan.sources} inputBudget={plan.inputBudget} calls={plan.calls} partial={plan.strategy === 'focused'} /> : null}
          <div className="meter-controls">
            {strategy && onStrategy && !offline ? <StrategyPicker value={strategy} onChange={onStrategy} /> : null}
            {offline ? null : <BudgetPicker id={`budget-${kind}`} value={budget} max={fit?.inputBudget ?? inputBudget} onChange={onBudget} />}
          </div>
          <div className="meter-plan" aria-live="polite" data-testid="plan">
            {planError ? (
              <span className="error-text">{planError}</span>
            ) : plan ? (
              <>
                <span>
                  <strong>{planHeadline(plan, kind)}</strong>
                  {multi ? (plan.scopeLabel ? ` · ${plan.scopeLabel}` : '') : ` · ${plan.pages.length === pageCount ? 'all pages' : `pages ${formatPageList(plan.pages, 6)}`}`}
                </span>
                <span>
                  {planWork(plan)} ·{' '}
                  {plan.extractive ? (
                    <strong>$0</strong>
                  ) : (
                    <span title={`Input tokens plus the full ${formatInt(plan.reservedOutputTokens)}-token answer reserve${plan.calls > 1 ? ' per request' : ''}; answers are usually much shorter.`}>
                      at most <strong>{formatCost(plan.estimatedCostUsd)}</strong>
                    </span>
                  )}
                  {planning ? <span className="muted"> · updating…</span> : null}
                </span>
              </>
            ) : kind === 'question' && !hasQuestion ? (
              <span className="muted">Type a question to see the exact pages, tokens and cost before sending.</span>
            ) : (
              <span className="muted">{planning ? 'Working out the plan…' : ' '}</span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
