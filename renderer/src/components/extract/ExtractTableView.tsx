/**
 * Tables (#/extract): a template over a collection or all documents gives a table, documents x fields. Each
 * cell shows the value and its page with the verified mark; clicking it opens that document at the page
 * with the quote highlighted. The table exports to CSV, XLSX, JSON, Markdown and HTML.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { CollectionRecord, ExtractedField, ExtractionPlan, ExtractionRun, Progress, Scope, TableFormat } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { formatCost, plural } from '../../lib/format';
import { downloadBase64 } from '../../lib/download';
import { checkText, valueText } from '../../lib/extract';
import { useClient, useSessionState } from '../../state';
import { BatchChoice } from '../BatchChoice';
import type { OpenTarget } from '../DocumentView';
import { PlanNotes, RunSummary } from './FieldList';
import { TemplateBar } from './TemplateBar';
import './extract.css';
import { useTemplates } from './useTemplates';

const FORMATS: { format: TableFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'json', label: 'JSON' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
];

function scopeOf(key: string): Scope {
  return key === 'all' ? { all: true } : { collection: key.slice('c:'.length) };
}

function Cell({ field, onOpen }: { field: ExtractedField | undefined; onOpen: () => void }): ReactNode {
  if (!field || field.value === null) return <td className="xt-cell muted">Not stated</td>;
  return (
    <td className="xt-cell">
      <button
        type="button"
        className={`xt-open ${field.verified ? 'xt-verified' : 'xt-unverified'}`}
        onClick={onOpen}
        title={`“${field.quote ?? ''}” (${checkText(field)}). Click to open the page.`}
        data-testid="extract-cell"
        data-field={field.name}
        data-page={field.page ?? ''}
        data-verified={field.verified ? 'verified' : 'unverified'}
      >
        <span className="xt-value">{valueText(field.value)}</span>
        <span className={`cite ${field.verified ? 'cite-verified' : 'cite-unverified'} static`}>
          p. {field.pageLabel ?? field.page}
          {field.verified ? <span aria-hidden="true"> ✓</span> : <span className="cite-flag">not verified</span>}
        </span>
      </button>
    </td>
  );
}

export function ExtractTableView({ onOpenDocument, onBack }: { onOpenDocument: (docId: string, target?: OpenTarget) => void; onBack: () => void }): ReactNode {
  const client = useClient();
  const { templates, chosen, choose, reload } = useTemplates();
  const [collections, setCollections] = useState<CollectionRecord[]>([]);
  const [scopeKey, setScopeKey] = useSessionState<string>('pagewise.extract.scope', 'all');
  const [plan, setPlan] = useState<ExtractionPlan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [run, setRun] = useState<ExtractionRun | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportStatus, setExportStatus] = useState<string | null>(null);
  const [table, setTable] = useSessionState<ExtractionRun | null>('pagewise.extract.table', null);
  /** As one Batch API job (half price, results within 24 h); the provider's one line when it has none. */
  const [batch, setBatch] = useState(false);
  const [batchUnavailable, setBatchUnavailable] = useState<string | null>(null);
  const [sentJob, setSentJob] = useState<string | null>(null);

  useEffect(() => {
    client
      .call('collection.list', {})
      .then((r) => setCollections(r.collections))
      .catch(() => undefined);
  }, [client]);

  useEffect(() => {
    if (!chosen) return;
    let live = true;
    setPlan(null);
    setPlanError(null);
    client
      .call('extraction.plan', { scope: scopeOf(scopeKey), template: { template: chosen.id } })
      .then((p) => live && setPlan(p))
      .catch((e: unknown) => live && setPlanError(toApiError(e).message));
    return () => {
      live = false;
    };
  }, [client, chosen, scopeKey]);

  // a batch only over several documents (the choice is not shown for one)
  const asBatch = batch && (plan?.documents.length ?? 0) > 1;
  const start = useCallback(async () => {
    if (!chosen) return;
    setRunning(true);
    setError(null);
    setProgress(null);
    setSentJob(null);
    if (asBatch) {
      try {
        const { job } = await client.call('jobs.extractEach', { scope: scopeOf(scopeKey), template: { template: chosen.id } });
        setSentJob(`Sent as a batch: ${plural(job.requests, 'request')}, at most ${formatCost(job.estimatedCostUsd)}. Results within 24 hours: see Jobs; each document's fields then appear on its Extract tab.`);
      } catch (e) {
        const err = toApiError(e);
        if (err.code === 'BATCH_UNSUPPORTED') {
          setBatchUnavailable(err.message);
          setBatch(false);
        }
        setError(err.message);
      } finally {
        setRunning(false);
      }
      return;
    }
    try {
      const r = await client.call('extraction.run', { scope: scopeOf(scopeKey), template: { template: chosen.id } }, { onEvent: (e) => e.type === 'progress' && setProgress(e.progress) });
      setRun(r);
      setTable(r);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setRunning(false);
    }
  }, [client, chosen, scopeKey, setTable, asBatch]);

  const shown = run ?? table;
  const exportAs = async (format: TableFormat): Promise<void> => {
    if (!shown) return;
    setExportStatus(null);
    try {
      const file = await client.call('extraction.export', { ids: shown.documents.map((d) => d.id), format });
      downloadBase64(file.fileName, file.dataBase64, file.mimeType);
      setExportStatus(`Downloaded ${file.fileName}`);
    } catch (e) {
      setExportStatus(toApiError(e).message);
    }
  };

  return (
    <main className="extract-view" data-testid="extract-view">
      <div className="extract-view-head">
        <button type="button" className="button button-small" onClick={onBack}>
          ← Library
        </button>
        <h1>Extract a table</h1>
      </div>
      <div className="extract-controls">
        <label className="template-pick">
          <span>Documents</span>
          <select value={scopeKey} onChange={(e) => setScopeKey(e.target.value)} disabled={running} data-testid="extract-scope">
            <option value="all">All documents</option>
            {collections.map((c) => (
              <option key={c.id} value={`c:${c.name}`}>
                {c.name} ({c.docIds.length})
              </option>
            ))}
          </select>
        </label>
        <TemplateBar templates={templates} chosen={chosen} onChoose={choose} onSaved={(t) => reload(t.id)} disabled={running} />
      </div>
      <PlanNotes plan={plan} planError={planError} />
      {plan && !plan.offline && plan.documents.length > 1 ? (
        <BatchChoice batch={batch} onChange={setBatch} estimatedCostUsd={plan.estimatedCostUsd} batchUnavailable={batchUnavailable} disabled={running} />
      ) : null}
      <div className="extract-actions">
        <button type="button" className="button button-primary" onClick={() => void start()} disabled={running || !plan || plan.offline} data-testid="extract-run">
          {running ? (asBatch ? 'Sending…' : 'Extracting…') : `${asBatch ? 'Send as batch' : 'Build the table'}${plan ? ` (${plan.documents.length} documents)` : ''}`}
        </button>
        {running && progress ? (
          <span className="muted small" role="status">
            {progress.done} of {progress.total} documents{progress.message ? ` · ${progress.message}` : ''}
          </span>
        ) : null}
      </div>
      {sentJob ? (
        <p className="notice" role="status" data-testid="extract-batch-sent">
          {sentJob}
        </p>
      ) : null}
      {error ? (
        <div className="error-box" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {shown ? (
        <>
          <div className="extract-table-bar">
            <RunSummary extractions={shown.documents} />
            <div className="extract-exports" role="group" aria-label="Export the table">
              {FORMATS.map((f) => (
                <button key={f.format} type="button" className="button button-small" onClick={() => void exportAs(f.format)}>
                  {f.label}
                </button>
              ))}
              {exportStatus ? <span className="muted small">{exportStatus}</span> : null}
            </div>
          </div>
          <div className="extract-table-wrap">
            <table className="extract-table" data-testid="extract-table">
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  {shown.fields.map((f) => (
                    <th key={f.name} scope="col" title={f.description}>
                      {f.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.documents.map((d) => (
                  <tr key={d.id} data-doc={d.docId}>
                    <th scope="row" className="xt-doc">
                      {d.title}
                      {d.errorMessage ? (
                        <span className="badge badge-bad" title={d.errorMessage}>
                          failed
                        </span>
                      ) : null}
                    </th>
                    {shown.fields.map((f) => {
                      const field = d.fields.find((x) => x.name === f.name);
                      return <Cell key={f.name} field={field} onOpen={() => field?.page != null && onOpenDocument(d.docId, { page: field.page, quote: field.quote, tab: 'extract' })} />;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </main>
  );
}
