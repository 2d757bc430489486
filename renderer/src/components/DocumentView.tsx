/** A document: the PDF on one side, the analysis panel (Ask / Summaries / History) on the other. */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AnswerRecord, DocumentRecord, OpOutput, SummaryKind } from '../../../shared/api';
import { toApiError } from '../api/errors';
import type { CitationRef } from '../lib/citations';
import { formatInt, plural } from '../lib/format';
import { useAppState, useClient, useLocalState, useSessionState } from '../state';
import { AskTab, type AskRequest } from './AskTab';
import { ExtractTab } from './extract/ExtractTab';
import { HistoryTab } from './HistoryTab';
import type { ViewerFocus } from './PdfViewer';
import { OpenFailed, Opening } from './OpenState';
import { useOcrRun } from './ocr/ocrRuns';
import { SummariesTab, type SummaryRequest } from './SummariesTab';
import { clampPanel, PanelSplitter } from './viewer/PanelSplitter';

// pdf.js is large: load it with the first document, not with the library
const PdfViewer = lazy(async () => ({ default: (await import('./PdfViewer')).PdfViewer }));

export type PanelTab = 'ask' | 'summaries' | 'extract' | 'history';

/** Where to land when a document opens: a page (with a term to highlight), or a past answer in History. */
export interface OpenTarget {
  page?: number;
  quote?: string | null;
  tab?: PanelTab;
  answerId?: string;
}

const TABS: { id: PanelTab; label: string }[] = [
  { id: 'ask', label: 'Ask' },
  { id: 'summaries', label: 'Summaries' },
  { id: 'extract', label: 'Extract' },
  { id: 'history', label: 'History' },
];

export function DocumentView({
  docId,
  documents,
  tab,
  onTab,
  onOpenDocument,
  onBack,
  initialFocus = null,
  focusQuestionSeq,
  toggleOutlineSeq,
  registerStop,
}: {
  docId: string;
  documents: DocumentRecord[];
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  onOpenDocument: (docId: string, target?: OpenTarget) => void;
  onBack: () => void;
  /** a page to show (and a term to highlight) when the document opens, e.g. from a library search */
  initialFocus?: { page: number; quote: string | null } | null;
  focusQuestionSeq: number;
  /** changes when the menu command or Ctrl/Cmd+B asks to show or hide the bookmarks */
  toggleOutlineSeq: number;
  registerStop: (stop: (() => void) | null) => void;
}): ReactNode {
  const client = useClient();
  const { settings } = useAppState();
  const [info, setInfo] = useState<OpOutput<'library.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState<ViewerFocus | null>(null);
  const [page, setPage] = useSessionState<number>(`pagewise.page.${docId}`, 1);
  const [initialPage] = useState(page);
  const [outlineOpen, setOutlineOpen] = useLocalState<boolean>('pagewise.outline.open', true);
  const [historySeq, setHistorySeq] = useState(0);
  const [askRequest, setAskRequest] = useState<AskRequest | null>(null);
  const [summaryRequest, setSummaryRequest] = useState<SummaryRequest | null>(null);
  const seq = useRef(0);
  // the splitter between the PDF and the panel: a remembered panel width (null: the default, 42%)
  const [panelWidth, setPanelWidth] = useLocalState<number | null>('pagewise.panel.width', null);
  const viewRef = useRef<HTMLElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const [widths, setWidths] = useState({ total: 0, panel: 0 });
  useLayoutEffect(() => {
    const view = viewRef.current;
    const panel = panelRef.current;
    if (!view || !panel) return;
    const measure = (): void => setWidths({ total: view.clientWidth, panel: panel.offsetWidth });
    const observer = new ResizeObserver(measure);
    observer.observe(view);
    observer.observe(panel);
    measure();
    return () => observer.disconnect();
  }, [info !== null]);
  const columns = panelWidth !== null && widths.total > 0 ? `minmax(0, 1fr) 0 ${clampPanel(panelWidth, widths.total)}px` : undefined;
  const labels = useMemo(() => info?.pages.map((p) => p.label) ?? [], [info]);

  // An OCR run of this document that ends (from the viewer or its library row) changes its text, tokens and
  // fit: read them again so the header does not go on saying "pages without text".
  const ocrRun = useOcrRun(docId);
  const ocrSettled = ocrRun !== null && ocrRun.kind !== 'running' ? ocrRun : null;
  useEffect(() => {
    let cancelled = false;
    setError(null);
    client
      .call('library.info', { docId })
      .then((r) => {
        if (!cancelled) setInfo(r);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(toApiError(e).message);
      });
    return () => {
      cancelled = true;
    };
  }, [client, docId, settings, ocrSettled]);

  const onCite = useCallback((ref: CitationRef, citedDocId?: string) => {
    // an answer over several documents (in this document's History) may cite another one: open it there
    if (citedDocId && citedDocId !== docId) {
      onOpenDocument(citedDocId, { page: ref.page, quote: ref.quote });
      return;
    }
    seq.current += 1;
    setFocus({ page: ref.page, ...(ref.pageEnd !== undefined ? { pageEnd: ref.pageEnd } : {}), quote: ref.quote, seq: seq.current });
  }, [docId, onOpenDocument]);

  // opened at a page (library search): go there once, highlighting the term
  useEffect(() => {
    if (!initialFocus) return;
    seq.current += 1;
    setFocus({ page: initialFocus.page, quote: initialFocus.quote, seq: seq.current });
  }, [initialFocus]);

  const onAnswered = useCallback(() => setHistorySeq((n) => n + 1), []);

  const onRerun = useCallback(
    (record: AnswerRecord) => {
      seq.current += 1;
      if (record.kind === 'summary') {
        setSummaryRequest({ kind: record.question as SummaryKind, fresh: true, seq: seq.current });
        onTab('summaries');
      } else {
        setAskRequest({ question: record.question, fresh: true, seq: seq.current });
        onTab('ask');
      }
    },
    [onTab],
  );

  const onPageChange = useCallback((p: number) => setPage(p), [setPage]);

  if (error) return <OpenFailed what="document" error={error} onBack={onBack} />;
  if (!info) return <Opening what="document" />;

  const doc = info.document;
  return (
    <main className="document-view" ref={viewRef} style={columns ? { gridTemplateColumns: columns } : undefined}>
      <Suspense
        fallback={
          <section className="viewer" aria-label="PDF viewer">
            <div className="viewer-loading" role="status">
              Opening the PDF…
            </div>
          </section>
        }
      >
        <PdfViewer
          docId={docId}
          pageCount={doc.pageCount}
          labels={labels}
          focus={focus}
          initialPage={initialPage}
          onPageChange={onPageChange}
          outline={info.outline}
          outlineOpen={outlineOpen}
          onOutlineOpen={setOutlineOpen}
          toggleOutlineSeq={toggleOutlineSeq}
        />
      </Suspense>
      <PanelSplitter panelWidth={widths.panel} totalWidth={widths.total} onResize={setPanelWidth} controls="analysis-panel" />
      <aside className="panel" aria-label="Analysis" id="analysis-panel" ref={panelRef}>
        <div className="panel-head">
          <div className="doc-heading">
            <h1 className="ellipsis" title={doc.title}>
              {doc.title}
            </h1>
            <div className="muted small">
              {plural(doc.pageCount, 'page')} · {formatInt(doc.totalTokens)} tokens ·{' '}
              {info.fit.fitsWhole ? (
                <span className="badge badge-ok">Fits in one request</span>
              ) : (
                <span className="badge badge-warn">Needs focusing</span>
              )}
              {doc.textlessPages.length > 0 ? ` · ${plural(doc.textlessPages.length, 'page')} without text` : ''}
            </div>
          </div>
          <div className="tabs" role="tablist" aria-label="Analysis">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`tabpanel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                className={`tab${tab === t.id ? ' active' : ''}`}
                onClick={() => onTab(t.id)}
                onKeyDown={(e) => {
                  const i = TABS.findIndex((x) => x.id === tab);
                  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
                    if (next) {
                      onTab(next.id);
                      document.getElementById(`tab-${next.id}`)?.focus();
                    }
                  }
                }}
              >
                {t.label}
              </button>
            ))}
          </div>
        </div>
        <div className="panel-body" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
          <div hidden={tab !== 'ask'} className="tab-pane">
            <AskTab
              target={{ kind: 'document', docId }}
              pageCount={doc.pageCount}
              fit={info.fit}
              onCite={onCite}
              focusSeq={focusQuestionSeq}
              request={askRequest}
              onAnswered={onAnswered}
              registerStop={registerStop}
            />
          </div>
          <div hidden={tab !== 'summaries'} className="tab-pane">
            <SummariesTab
              docId={docId}
              pageCount={doc.pageCount}
              fit={info.fit}
              onCite={onCite}
              request={summaryRequest}
              onDone={onAnswered}
              registerStop={registerStop}
            />
          </div>
          {tab === 'extract' ? (
            <div className="tab-pane">
              <ExtractTab docId={docId} onCite={onCite} />
            </div>
          ) : null}
          {tab === 'history' ? (
            <div className="tab-pane">
              <HistoryTab docId={docId} documents={documents} refreshSeq={historySeq} onCite={onCite} onRerun={onRerun} onOpenDocument={onOpenDocument} />
            </div>
          ) : null}
        </div>
      </aside>
    </main>
  );
}
