/**
 * Compare (issue 10): one question put to each document of a collection (or chosen documents, or the whole
 * library) separately; the cost shown first, progress per document, then the answers side by side.
 * Entry: App routes #/compare here; `initialScope` lets a collection screen open it on that collection.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { readCompareProgress, type CollectionRecord, type Comparison, type CompareRowState, type ComparisonSummary, type ComparePlan, type DocumentRecord, type Progress, type Scope } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { BatchChoice } from '../BatchChoice';
import { formatCost, formatDate, formatInt, plural } from '../../lib/format';
import { useClient, useDebounced } from '../../state';
import type { OpenTarget } from '../DocumentView';
import { ExportMenu } from '../ExportMenu';
import { CompareTable } from './CompareTable';
import './compare.css';

type ScopeChoice = { kind: 'collection'; name: string } | { kind: 'all' } | { kind: 'docs'; ids: string[] };

function toScope(choice: ScopeChoice): Scope | null {
  if (choice.kind === 'all') return { all: true };
  if (choice.kind === 'collection') return { collection: choice.name };
  return choice.ids.length > 0 ? { docIds: choice.ids } : null;
}

function fromScope(scope: Scope | null | undefined): ScopeChoice {
  if (!scope) return { kind: 'docs', ids: [] };
  if ('all' in scope) return { kind: 'all' };
  if ('collection' in scope) return { kind: 'collection', name: scope.collection };
  return { kind: 'docs', ids: scope.docIds };
}

export function CompareView({
  documents,
  initialScope,
  onOpenDocument,
}: {
  documents: DocumentRecord[];
  /** A collection (or documents) to start from. */
  initialScope?: Scope | null;
  onOpenDocument: (docId: string, target?: OpenTarget) => void;
}): ReactNode {
  const client = useClient();
  const [choice, setChoice] = useState<ScopeChoice>(() => fromScope(initialScope));
  const [collections, setCollections] = useState<CollectionRecord[]>([]);
  const [question, setQuestion] = useState('');
  const [plan, setPlan] = useState<ComparePlan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  /** Each document's state while the comparison runs, by 1-based position (the plan's rows are in the same order). */
  const [rowStates, setRowStates] = useState<Record<number, CompareRowState>>({});
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Comparison | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const stop = useRef<AbortController | null>(null);
  const [past, setPast] = useState<ComparisonSummary[]>([]);
  const [pastVersion, setPastVersion] = useState(0);
  /** Run as one Batch API job (half price, results within 24 h) instead of now. */
  const [batch, setBatch] = useState(false);
  /** The provider's one line when it has no Batch API (learnt from the first refusal); the normal run stays. */
  const [batchUnavailable, setBatchUnavailable] = useState<string | null>(null);
  const [sentJob, setSentJob] = useState<string | null>(null);

  useEffect(() => {
    client
      .call('history.comparisons', { limit: 12 })
      .then((r) => setPast(r.items))
      .catch(() => setPast([]));
  }, [client, pastVersion]);

  const openPast = async (id: string): Promise<void> => {
    try {
      const found = await client.call('history.comparison', { comparisonId: id });
      setResult(found);
      setQuestion(found.question);
      // the documents it was asked of, so Re-run fresh and the cost line mean the same ones
      const collection = found.collectionId ? collections.find((c) => c.id === found.collectionId) : undefined;
      if (collection) setChoice({ kind: 'collection', name: collection.name });
      else if (found.scopeLabel === 'All documents' && !found.collectionId) setChoice({ kind: 'all' });
      else setChoice({ kind: 'docs', ids: found.rows.map((r) => r.docId).filter((id) => documents.some((d) => d.id === id)) });
      setRunError(null);
    } catch (e) {
      setRunError(toApiError(e).message);
    }
  };

  useEffect(() => {
    client
      .call('collection.list', {})
      .then((r) => setCollections(r.collections))
      .catch(() => setCollections([]));
  }, [client]);
  useEffect(() => () => stop.current?.abort(), []);
  // Esc stops a running comparison, as it stops a running answer (the rows already done are kept)
  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && stop.current) {
        e.preventDefault();
        stop.current.abort();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running]);

  const scope = toScope(choice);
  const settledQuestion = useDebounced(question.trim(), 350);
  const scopeKey = JSON.stringify(scope);
  // the cost first: every change of question or documents re-plans (no model call)
  useEffect(() => {
    if (!scope || settledQuestion === '') {
      setPlan(null);
      setPlanError(null);
      return;
    }
    let live = true;
    client
      .call('analysis.planCompare', { scope, question: settledQuestion })
      .then((p) => {
        if (!live) return;
        setPlan(p);
        setPlanError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setPlan(null);
        setPlanError(toApiError(e).message);
      });
    return () => {
      live = false;
    };
    // scopeKey stands for scope
  }, [client, scopeKey, settledQuestion]);

  /** As a batch: the job is sent and listed under Jobs; the comparison fills in as it is collected. */
  const sendBatch = async (): Promise<void> => {
    if (!scope || question.trim() === '') return;
    setRunning(true);
    setRunError(null);
    setSentJob(null);
    try {
      const { job } = await client.call('jobs.compareEach', { scope, question: question.trim() });
      setSentJob(
        `Sent as a batch: ${plural(job.requests, 'request')}, at most ${formatCost(job.estimatedCostUsd)}. Results within 24 hours: see Jobs; the answers then appear under Past comparisons.`,
      );
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'BATCH_UNSUPPORTED') {
        setBatchUnavailable(error.message);
        setBatch(false);
      }
      setRunError(error.message);
    } finally {
      setRunning(false);
      setPastVersion((n) => n + 1);
    }
  };

  const run = async (fresh = false): Promise<void> => {
    if (!scope || question.trim() === '') return;
    if (batch && !fresh) return sendBatch();
    setSentJob(null);
    const controller = new AbortController();
    stop.current = controller;
    setRunning(true);
    setRunError(null);
    setResult(null);
    setProgress(null);
    setRowStates({});
    try {
      const done = await client.call(
        'analysis.compare',
        { scope, question: question.trim(), fresh },
        {
          signal: controller.signal,
          onEvent: (e) => {
            if (e.type !== 'progress') return;
            setProgress(e.progress);
            const row = readCompareProgress(e.progress.message ?? '');
            if (row) setRowStates((prev) => ({ ...prev, [row.index]: row.state }));
          },
        },
      );
      setResult(done);
    } catch (e) {
      const error = toApiError(e);
      setRunError(error.code === 'CANCELLED' ? 'Stopped. The documents already answered are kept under Past comparisons.' : error.message);
    } finally {
      setRunning(false);
      stop.current = null;
      setPastVersion((n) => n + 1);
    }
  };

  const askable = plan ? plan.rows.filter((r) => r.plan).length : 0;
  const toggleDoc = (id: string): void => {
    const ids = choice.kind === 'docs' ? choice.ids : [];
    setChoice({ kind: 'docs', ids: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id] });
  };

  return (
    <main className="compare-view" aria-labelledby="compare-title">
      <div className="compare-head">
        <h1 id="compare-title">Compare documents</h1>
        <p className="muted">The same question is asked of each document on its own. The answers appear side by side, each with its checked citations.</p>
      </div>

      <form
        className="compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="compare-scope">
          <legend>Documents</legend>
          <label>
            <span className="visually-hidden">Which documents</span>
            <select
              aria-label="Which documents"
              value={choice.kind === 'collection' ? `c:${choice.name}` : choice.kind}
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'all') setChoice({ kind: 'all' });
                else if (v === 'docs') setChoice({ kind: 'docs', ids: [] });
                else setChoice({ kind: 'collection', name: v.slice(2) });
              }}
            >
              <option value="docs">Choose documents…</option>
              {collections.map((c) => (
                <option key={c.id} value={`c:${c.name}`}>
                  Collection: {c.name} ({plural(c.docIds.length, 'document')})
                </option>
              ))}
              {choice.kind === 'collection' && !collections.some((c) => c.name === choice.name) ? (
                <option value={`c:${choice.name}`}>Collection: {choice.name}</option>
              ) : null}
              <option value="all">All documents ({documents.length})</option>
            </select>
          </label>
          {choice.kind === 'docs' ? (
            <ul className="compare-doc-list" aria-label="Choose the documents to compare">
              {documents.map((d) => (
                <li key={d.id}>
                  <label>
                    <input type="checkbox" checked={choice.ids.includes(d.id)} onChange={() => toggleDoc(d.id)} /> {d.title}
                  </label>
                </li>
              ))}
            </ul>
          ) : null}
        </fieldset>

        <label className="compare-question">
          <span>Question for each document</span>
          <textarea
            rows={2}
            value={question}
            placeholder="e.g. What is the monthly rent?"
            onChange={(e) => setQuestion(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void run();
              }
            }}
          />
        </label>

        <div className="compare-cost" role="status" data-testid="compare-cost">
          {!scope ? (
            <span className="muted">Choose two or more documents, a collection, or all documents.</span>
          ) : planError ? (
            <span className="error-text">{planError}</span>
          ) : plan ? (
            <>
              <strong>
                {plan.extractive ? 'No cost (offline: answers quote the documents)' : `At most ${formatCost(plan.totals.estimatedCostUsd)}`}
              </strong>{' '}
              <span className="muted">
                · {plural(plan.totals.calls, 'request')} · {formatInt(plan.totals.promptTokens)} prompt tokens · {askable} of {plural(plan.rows.length, 'document')} can be asked
              </span>
              {plan.rows.some((r) => r.error) ? (
                <ul className="compare-plan-errors">
                  {plan.rows
                    .filter((r) => r.error)
                    .map((r) => (
                      <li key={r.docId} className="warn-text small">
                        {r.title}: {r.error?.message}
                      </li>
                    ))}
                </ul>
              ) : null}
            </>
          ) : question.trim() !== '' ? (
            <span className="muted">Working out the cost…</span>
          ) : (
            <span className="muted">Type a question to see what it costs before anything is sent.</span>
          )}
        </div>

        {plan && !plan.extractive ? (
          <BatchChoice batch={batch} onChange={setBatch} estimatedCostUsd={plan.totals.estimatedCostUsd} batchUnavailable={batchUnavailable} disabled={running} />
        ) : null}

        <div className="compare-actions">
          {running && !batch ? (
            <button type="button" className="button" onClick={() => stop.current?.abort()} title="Stop (Esc); the documents already answered are kept">
              Stop
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={running || !scope || question.trim() === '' || !plan || askable === 0}>
              {batch ? 'Send as batch' : 'Compare'}
            </button>
          )}
          {running ? (
            <span className="muted" role="status" data-testid="compare-progress">
              {progress?.message ?? 'Starting…'}
              {progress && progress.total > 0 ? ` (${progress.done} of ${progress.total} done)` : ''}
            </span>
          ) : null}
        </div>
      </form>

      {running && plan ? (
        <ol className="compare-progress-list" aria-label="Progress per document" data-testid="compare-progress-list">
          {plan.rows.map((r, i) => {
            const state = rowStates[i + 1];
            return (
              <li key={r.docId} data-state={state ?? 'waiting'}>
                <span className="compare-progress-mark" aria-hidden="true">
                  {state === 'answered' ? '✓' : state === 'failed' ? '✗' : state === 'asking' ? '…' : '·'}
                </span>
                {r.title}{' '}
                <span className="muted small">
                  {state === 'answered' ? 'answered' : state === 'failed' ? 'could not be answered' : state === 'asking' ? 'asking…' : 'waiting'}
                </span>
              </li>
            );
          })}
        </ol>
      ) : null}

      {sentJob ? (
        <p className="notice" role="status" data-testid="compare-batch-sent">
          {sentJob}
        </p>
      ) : null}

      {runError ? (
        <div className="error-box" role="alert">
          <p>{runError}</p>
        </div>
      ) : null}

      {result ? (
        <section className="compare-result" aria-label="Answers side by side">
          <div className="compare-result-head">
            <h2 className="section-title">
              {result.question} <span className="muted">· {result.scopeLabel}</span>
            </h2>
            <span className="muted small" data-testid="compare-total">
              {formatInt(result.rows.filter((r) => r.answer).length)} of {formatInt(result.documentCount)} answered · {formatInt(result.usage.promptTokens)} in ·{' '}
              {formatInt(result.usage.completionTokens)} out · {formatCost(result.costUsd)}
            </span>
            <ExportMenu target={{ kind: 'comparison', comparisonId: result.id }} formats={['md', 'html', 'docx', 'json', 'csv']} />
            <button type="button" className="button button-small" onClick={() => void run(true)} title="Ask every document again, ignoring the answer cache">
              Re-run fresh
            </button>
          </div>
          <CompareTable comparison={result} onOpenDocument={onOpenDocument} />
        </section>
      ) : null}

      {past.length > 0 && !running ? (
        <section className="compare-past" aria-label="Past comparisons">
          <h2 className="section-title">Past comparisons</h2>
          <ul>
            {past.map((c) => (
              <li key={c.id}>
                <button type="button" className="link-button" onClick={() => void openPast(c.id)} aria-current={result?.id === c.id ? 'true' : undefined}>
                  {c.question}
                </button>{' '}
                <span className="muted small">
                  · {c.scopeLabel} · {c.finishedRows - c.failedRows} of {plural(c.documentCount, 'document')} answered · {formatDate(c.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
