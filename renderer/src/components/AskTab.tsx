/**
 * Ask: a conversation about one document or several (a collection), with a context meter before sending and
 * streamed answers. The document view and the collection view both use it, with a different target.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AnswerRecord, DocumentFit, ErrorCode, Plan, Progress, Scope, StrategyChoice } from '../../../shared/api';
import { isCancelled, toApiError } from '../api/errors';
import { useAppState, useClient, useDebounced, useSessionState } from '../state';
import { AnswerBody, AnswerCard, type CiteHandler } from './AnswerView';
import { ContextMeter } from './ContextMeter';
import { ProgressText } from './ProgressText';

interface Turn {
  key: string;
  question: string;
  state: 'streaming' | 'done' | 'stopped' | 'error';
  text: string;
  record: AnswerRecord | null;
  error: string | null;
  errorCode?: ErrorCode;
  progress: Progress | null;
  /** over several documents: the plan's keys ("D2") and titles, so chips name documents while streaming */
  keyTitles?: ReadonlyMap<string, string> | null;
}

/** Errors the user fixes in Settings. */
const SETTINGS_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['AUTH_FAILED', 'NO_PROVIDER', 'MODEL_NOT_FOUND']);

export interface AskRequest {
  question: string;
  fresh: boolean;
  seq: number;
}

/** What is asked: one document, or a scope (a collection) under a key that names its draft and conversation. */
export type AskTarget = { kind: 'document'; docId: string } | { kind: 'scope'; scope: Scope; key: string };

let turnCounter = 0;

export function AskTab({
  target,
  pageCount,
  fit,
  onCite,
  focusSeq,
  request,
  onAnswered,
  registerStop,
}: {
  target: AskTarget;
  pageCount: number;
  fit: DocumentFit | null;
  onCite: CiteHandler;
  focusSeq: number;
  request: AskRequest | null;
  onAnswered: () => void;
  registerStop: (stop: (() => void) | null) => void;
}): ReactNode {
  const client = useClient();
  const { settings, openSettings } = useAppState();
  const storeKey = target.kind === 'document' ? target.docId : target.key;
  const multi = target.kind === 'scope';
  // what the plan and the question are about (fixed for one key)
  const about = useMemo(() => (target.kind === 'document' ? { docId: target.docId } : { scope: target.scope }), [storeKey]);
  const [draft, setDraft] = useSessionState(`pagewise.draft.${storeKey}`, '');
  const [strategy, setStrategy] = useSessionState<StrategyChoice>('pagewise.strategy', 'auto');
  const [budget, setBudget] = useSessionState<number | null>('pagewise.budget', null);
  const [thread, setThread] = useSessionState<{ threadId: string | null; answerIds: string[] }>(`pagewise.thread.${storeKey}`, {
    threadId: null,
    answerIds: [],
  });
  const [turns, setTurns] = useState<Turn[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  /** the meter folds to one line between questions once there are answers to read; this opens it */
  const [meterOpen, setMeterOpen] = useState(false);
  const [planning, setPlanning] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const busy = turns.some((t) => t.state === 'streaming');

  // Restore the conversation after a reload (answers are stored: readable offline).
  useEffect(() => {
    let cancelled = false;
    if (thread.answerIds.length === 0) return;
    (async () => {
      const restored: Turn[] = [];
      for (const answerId of thread.answerIds) {
        try {
          const record = await client.call('history.get', { answerId });
          restored.push({ key: record.id, question: record.question, state: 'done', text: record.text, record, error: null, progress: null });
        } catch {
          // removed from history: skip it
        }
      }
      if (!cancelled) setTurns((current) => (current.length === 0 ? restored : current));
    })();
    return () => {
      cancelled = true;
    };
    // only on mount / document change
  }, [client, storeKey]);

  useEffect(() => {
    if (focusSeq > 0) textareaRef.current?.focus();
  }, [focusSeq]);

  // Follow the newest turn while it streams, unless the reader scrolled up.
  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [turns]);

  // The plan follows what the user types (debounced).
  const question = useDebounced(draft.trim(), 350);
  const threadId = thread.threadId;
  const answeredCount = turns.filter((t) => t.state === 'done').length;
  useEffect(() => {
    if (!question) {
      setPlan(null);
      setPlanError(null);
      return;
    }
    const controller = new AbortController();
    setPlanning(true);
    client
      .call('analysis.plan', { ...about, question, strategy, budgetTokens: budget, ...(threadId ? { threadId } : {}) }, { signal: controller.signal })
      .then((p) => {
        setPlan(p);
        setPlanError(null);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setPlan(null);
        setPlanError(toApiError(error).message);
      })
      .finally(() => {
        if (!controller.signal.aborted) setPlanning(false);
      });
    return () => controller.abort();
  }, [client, about, question, strategy, budget, threadId, answeredCount, settings]);

  const updateTurn = useCallback((key: string, patch: Partial<Turn> | ((t: Turn) => Partial<Turn>)) => {
    setTurns((list) => list.map((t) => (t.key === key ? { ...t, ...(typeof patch === 'function' ? patch(t) : patch) } : t)));
  }, []);

  const ask = useCallback(
    async (text: string, fresh: boolean) => {
      const q = text.trim();
      if (!q || abortRef.current) return;
      const key = `turn-${++turnCounter}`;
      const controller = new AbortController();
      abortRef.current = controller;
      registerStop(() => controller.abort());
      // the plan shown for this question keys its documents D1, D2, ... in the order of its sources
      const keyTitles = multi && plan && question === q ? new Map(plan.sources.map((source, i) => [`D${i + 1}`, source.title] as const)) : null;
      setTurns((list) => [...list, { key, question: q, state: 'streaming', text: '', record: null, error: null, progress: null, keyTitles }]);
      stickToBottom.current = true;
      try {
        const record = await client.call(
          'analysis.ask',
          { ...about, question: q, strategy, budgetTokens: budget, ...(thread.threadId ? { threadId: thread.threadId } : {}), ...(fresh ? { fresh: true } : {}) },
          {
            signal: controller.signal,
            onEvent: (event) => {
              if (event.type === 'delta') updateTurn(key, (t) => ({ text: t.text + event.text }));
              else updateTurn(key, { progress: event.progress });
            },
          },
        );
        updateTurn(key, { state: 'done', record, text: record.text, progress: null });
        setThread({ threadId: record.threadId ?? thread.threadId ?? record.id, answerIds: [...thread.answerIds, record.id] });
        onAnswered();
      } catch (error) {
        if (isCancelled(error) || controller.signal.aborted) updateTurn(key, { state: 'stopped', progress: null });
        else {
          const e = toApiError(error);
          updateTurn(key, { state: 'error', error: e.message, errorCode: e.code, progress: null });
        }
        onAnswered();
      } finally {
        abortRef.current = null;
        registerStop(null);
      }
    },
    [client, about, strategy, budget, thread, setThread, updateTurn, onAnswered, registerStop, multi, plan, question],
  );

  // Re-run requests from History.
  const lastRequest = useRef(0);
  useEffect(() => {
    if (!request || request.seq === lastRequest.current) return;
    lastRequest.current = request.seq;
    void ask(request.question, request.fresh);
  }, [request, ask]);

  useEffect(() => () => abortRef.current?.abort(), []);

  // the plan for exactly this text failed (e.g. Whole on a document that does not fit): sending would fail the same way
  const blockedByPlan = planError !== null && question === draft.trim();

  const submit = (): void => {
    const q = draft.trim();
    if (!q || busy || blockedByPlan) return;
    setDraft('');
    setMeterOpen(false);
    void ask(q, false);
  };

  const newConversation = (): void => {
    abortRef.current?.abort();
    setTurns([]);
    setThread({ threadId: null, answerIds: [] });
    textareaRef.current?.focus();
  };

  return (
    <div className="ask-tab">
      <div
        className="conversation"
        ref={listRef}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {turns.length === 0 && multi ? (
          <div className="empty-state small-empty">
            <h3>One question to every document</h3>
            <p>
              Answers cite the document and the page, like{' '}
              <span className="cite cite-verified static">Lease 2019 · p. 14 ✓</span>, and Pagewise checks every quote. Click a citation to open that document
              at that page with the quote highlighted.
            </p>
            <p className="muted small">Shortcuts: Ctrl/⌘ K or / to focus the question · Enter to send · Shift+Enter for a new line · Esc to stop.</p>
          </div>
        ) : turns.length === 0 ? (
          <div className="empty-state small-empty">
            <h3>Ask about this document</h3>
            <p>
              Answers quote the document and cite pages like <span className="cite cite-verified static">p. 14 ✓</span>. Pagewise checks every quote against
              the page it cites. Click a citation to see it highlighted in the PDF.
            </p>
            <p className="muted small">Shortcuts: Ctrl/⌘ K or / to focus the question · Enter to send · Shift+Enter for a new line · Esc to stop · ? for all shortcuts.</p>
          </div>
        ) : (
          turns.map((turn) => (
            <div key={turn.key} className="turn" data-state={turn.state}>
              <div className="turn-question">
                <span className="turn-label">You asked</span>
                <p>{turn.question}</p>
              </div>
              {turn.state === 'done' && turn.record ? (
                <AnswerCard record={turn.record} onCite={onCite} showQuestion={false} onRerun={() => void ask(turn.question, true)} />
              ) : (
                // a failure after part of the answer arrived keeps the part in its (dashed) card, above the error
                <article className={`answer-card ${turn.state}`} data-status={turn.state === 'error' && turn.text ? 'error-partial' : turn.state}>
                  {turn.state === 'streaming' ? (
                    <div className="streaming-status" role="status">
                      <span className="spinner" aria-hidden="true" />
                      <ProgressText progress={turn.progress} writing={turn.text.length > 0} />
                    </div>
                  ) : null}
                  {turn.text ? (
                    <div className="answer-text" data-testid="answer-text">
                      <AnswerBody text={turn.text} record={null} onCite={onCite} showDocuments={multi} keyTitles={turn.keyTitles ?? null} />
                      {turn.state === 'streaming' ? <span className="caret" aria-hidden="true" /> : null}
                    </div>
                  ) : null}
                  {turn.state === 'stopped' ? (
                    <p className="warn-text" role="status">
                      Stopped. {turn.text ? 'The partial answer above was not verified.' : 'No answer was received.'}{' '}
                      <button type="button" className="link-button" onClick={() => void ask(turn.question, false)}>
                        Ask again
                      </button>
                    </p>
                  ) : null}
                  {turn.state === 'error' ? (
                    <div className="error-box" role="alert">
                      <p>{turn.error}</p>
                      <div className="error-actions">
                        <button type="button" className="button button-small" onClick={() => void ask(turn.question, false)}>
                          Try again
                        </button>
                        {turn.errorCode && SETTINGS_ERRORS.has(turn.errorCode) ? (
                          <button type="button" className="button button-small" onClick={openSettings}>
                            Open settings
                          </button>
                        ) : null}
                      </div>
                    </div>
                  ) : null}
                </article>
              )}
            </div>
          ))
        )}
      </div>
      <div className="composer">
        <ContextMeter
          fit={fit}
          plan={draft.trim() ? plan : null}
          planError={draft.trim() ? planError : null}
          planning={planning}
          hasQuestion={draft.trim().length > 0}
          strategy={strategy}
          onStrategy={setStrategy}
          budget={budget}
          onBudget={setBudget}
          pageCount={pageCount}
          multi={multi}
          compact={turns.length > 0 && draft.trim() === '' && !meterOpen}
          onExpand={() => setMeterOpen(true)}
        />
        <form
          className="question-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor="question" className="visually-hidden">
            Question
          </label>
          <textarea
            id="question"
            ref={textareaRef}
            rows={2}
            value={draft}
            placeholder={turns.length > 0 ? 'Ask a follow-up question…' : multi ? 'Ask a question about these documents…' : 'Ask a question about this document…'}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                submit();
              }
            }}
          />
          <div className="question-actions">
            {turns.length > 0 ? (
              <button type="button" className="link-button" onClick={newConversation} disabled={busy}>
                New conversation
              </button>
            ) : (
              <span />
            )}
            {busy ? (
              <button type="button" className="button button-danger" onClick={() => abortRef.current?.abort()}>
                Stop
              </button>
            ) : (
              <button type="submit" className="button button-primary" disabled={!draft.trim() || blockedByPlan} title={blockedByPlan ? 'Change the strategy or budget first (see the message above)' : undefined}>
                {turns.length > 0 ? 'Ask follow-up' : 'Ask'}
              </button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
