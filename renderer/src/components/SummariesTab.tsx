/** Summaries: pick a kind, see the plan (calls, cost), watch progress, read the result with citations. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AnswerRecord, DocumentFit, Plan, Progress, SummaryKind } from '../../../shared/api';
import { isCancelled, toApiError } from '../api/errors';
import { useAppState, useClient, useSessionState } from '../state';
import { AnswerBody, AnswerCard, type CiteHandler } from './AnswerView';
import { ContextMeter } from './ContextMeter';
import { ProgressText } from './ProgressText';

const KINDS: { value: SummaryKind; label: string; hint: string }[] = [
  { value: 'brief', label: 'Brief', hint: 'A few paragraphs: what the document is and its main points' },
  { value: 'detailed', label: 'Detailed', hint: 'Section by section, with the important figures' },
  { value: 'chapters', label: 'Chapters', hint: 'One entry per chapter or part' },
  { value: 'key-terms', label: 'Key terms', hint: 'Defined terms, parties, dates and amounts' },
];

export interface SummaryRequest {
  kind: SummaryKind;
  fresh: boolean;
  seq: number;
}

export function SummariesTab({
  docId,
  pageCount,
  fit,
  onCite,
  request,
  onDone,
  registerStop,
}: {
  docId: string;
  pageCount: number;
  fit: DocumentFit | null;
  onCite: CiteHandler;
  request: SummaryRequest | null;
  onDone: () => void;
  registerStop: (stop: (() => void) | null) => void;
}): ReactNode {
  const client = useClient();
  const { settings } = useAppState();
  const [kind, setKind] = useSessionState<SummaryKind>('pagewise.summaryKind', 'brief');
  const [budget, setBudget] = useSessionState<number | null>('pagewise.summaryBudget', null);
  const [lastId, setLastId] = useSessionState<string | null>(`pagewise.summary.${docId}`, null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [text, setText] = useState('');
  const [record, setRecord] = useState<AnswerRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stopped, setStopped] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!lastId || record) return;
    client
      .call('history.get', { answerId: lastId })
      .then((r) => setRecord((current) => current ?? r))
      .catch(() => setLastId(null));
  }, [client, lastId, record, setLastId]);

  useEffect(() => {
    const controller = new AbortController();
    setPlanning(true);
    client
      .call('analysis.planSummary', { docId, kind, budgetTokens: budget }, { signal: controller.signal })
      .then((p) => {
        setPlan(p);
        setPlanError(null);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setPlan(null);
        setPlanError(toApiError(e).message);
      })
      .finally(() => {
        if (!controller.signal.aborted) setPlanning(false);
      });
    return () => controller.abort();
  }, [client, docId, kind, budget, settings]);

  const run = useCallback(
    async (which: SummaryKind, fresh: boolean) => {
      if (abortRef.current) return;
      const controller = new AbortController();
      abortRef.current = controller;
      registerStop(() => controller.abort());
      setRunning(true);
      setProgress(null);
      setText('');
      setRecord(null);
      setError(null);
      setStopped(false);
      try {
        const result = await client.call(
          'analysis.summarize',
          { docId, kind: which, budgetTokens: budget, ...(fresh ? { fresh: true } : {}) },
          {
            signal: controller.signal,
            onEvent: (event) => {
              if (event.type === 'delta') setText((t) => t + event.text);
              else setProgress(event.progress);
            },
          },
        );
        setRecord(result);
        setLastId(result.id);
      } catch (e) {
        if (isCancelled(e) || controller.signal.aborted) setStopped(true);
        else setError(toApiError(e).message);
      } finally {
        abortRef.current = null;
        registerStop(null);
        setRunning(false);
        onDone();
      }
    },
    [client, docId, budget, setLastId, onDone, registerStop],
  );

  const lastRequest = useRef(0);
  useEffect(() => {
    if (!request || request.seq === lastRequest.current) return;
    lastRequest.current = request.seq;
    setKind(request.kind);
    void run(request.kind, request.fresh);
  }, [request, run, setKind]);

  useEffect(() => () => abortRef.current?.abort(), []);

  return (
    <div className="summaries-tab">
      <div className="summary-controls">
        <fieldset className="kind-picker">
          <legend>Kind of summary</legend>
          <div className="segmented" role="radiogroup" aria-label="Kind of summary">
            {KINDS.map((k) => (
              <label key={k.value} className={`segment${kind === k.value ? ' active' : ''}`} title={k.hint}>
                <input type="radio" name="summary-kind" value={k.value} checked={kind === k.value} disabled={running} onChange={() => setKind(k.value)} />
                {k.label}
              </label>
            ))}
          </div>
          <p className="muted small">{KINDS.find((k) => k.value === kind)?.hint}</p>
        </fieldset>
        <ContextMeter
          kind="summary"
          fit={fit}
          plan={plan}
          planError={planError}
          planning={planning}
          hasQuestion
          budget={budget}
          onBudget={setBudget}
          pageCount={pageCount}
        />
        <div className="summary-actions">
          {running ? (
            <button type="button" className="button button-danger" onClick={() => abortRef.current?.abort()}>
              Stop
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={() => void run(kind, false)}>
              Summarize
            </button>
          )}
          {plan && plan.calls > 1 ? (
            <span className="muted small">Too long for one request: Pagewise reads it in parts, then combines them ({plan.calls} requests in all).</span>
          ) : null}
        </div>
      </div>
      <div className="summary-result" aria-live="polite">
        {running ? (
          <div className="summary-progress" role="status" data-testid="summary-progress">
            <div className="progress-line">
              <span className="spinner" aria-hidden="true" />
              <span>
                <ProgressText progress={progress} writing={text.length > 0} />
              </span>
            </div>
            {progress && progress.total > 0 ? (
              <progress max={progress.total} value={progress.done} aria-label="Summary progress" />
            ) : null}
          </div>
        ) : null}
        {(running || stopped) && text ? (
          <article className="answer-card streaming">
            <div className="answer-text">
              <AnswerBody text={text} record={null} onCite={onCite} />
            </div>
          </article>
        ) : null}
        {stopped ? (
          <p className="warn-text" role="status">
            Stopped. {text ? 'The partial summary above is not complete.' : 'Nothing was summarized.'}
          </p>
        ) : null}
        {error ? (
          <div className="error-box" role="alert">
            <p>{error}</p>
            <button type="button" className="button button-small" onClick={() => void run(kind, false)}>
              Try again
            </button>
          </div>
        ) : null}
        {record && !running ? <AnswerCard record={record} onCite={onCite} onRerun={() => void run(record.question as SummaryKind, true)} /> : null}
        {!record && !running && !stopped && !error ? (
          <div className="empty-state small-empty">
            <h3>Summaries of any length</h3>
            <p>
              Pick a kind and press Summarize. Documents larger than the model’s window are read in chunks and combined; every point cites its page.
            </p>
          </div>
        ) : null}
      </div>
    </div>
  );
}
