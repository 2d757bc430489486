/** Extract (a document's panel tab): choose a template, see the cost, run; the fields beside the viewer. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Extraction, ExtractionPlan, Progress } from '../../../../shared/api';
import { toApiError } from '../../api/errors';
import { useClient } from '../../state';
import type { CiteHandler } from '../AnswerView';
import { FieldList, PlanNotes, RunSummary } from './FieldList';
import { TemplateBar } from './TemplateBar';
import './extract.css';
import { useTemplates } from './useTemplates';
import { ErrorNote } from '../ErrorNote';

export function ExtractTab({ docId, onCite }: { docId: string; onCite: CiteHandler }): ReactNode {
  const client = useClient();
  const { templates, chosen, choose, reload, error: templatesError } = useTemplates();
  const [plan, setPlan] = useState<ExtractionPlan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [result, setResult] = useState<Extraction | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [runError, setRunError] = useState<string | null>(null);

  // the cost first, and the last stored extraction with this template
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    setPlan(null);
    setPlanError(null);
    setRunError(null);
    client
      .call('extraction.plan', { docId, template: { template: chosen.id } })
      .then((p) => live && setPlan(p))
      .catch((e: unknown) => live && setPlanError(toApiError(e).message));
    client
      .call('extraction.list', { docId, limit: 50 })
      .then((r) => live && setResult(r.extractions.find((x) => x.templateId === chosen.id || x.templateName === chosen.name) ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, docId, chosen]);

  const run = useCallback(async () => {
    if (!chosen) return;
    setRunning(true);
    setRunError(null);
    setProgress(null);
    try {
      const r = await client.call('extraction.run', { docId, template: { template: chosen.id } }, { onEvent: (e) => e.type === 'progress' && setProgress(e.progress) });
      setResult(r.documents[0] ?? null);
    } catch (e) {
      setRunError(toApiError(e).message);
    } finally {
      setRunning(false);
    }
  }, [client, docId, chosen]);

  return (
    <div className="extract-tab" data-testid="extract-tab">
      <TemplateBar templates={templates} chosen={chosen} onChoose={choose} onSaved={(t) => reload(t.id)} disabled={running} />
      {templatesError ? <p className="error-text">{templatesError}</p> : null}
      <PlanNotes plan={plan} planError={planError} />
      <div className="extract-actions">
        <button type="button" className="button button-primary" onClick={() => void run()} disabled={running || !plan || plan.offline} data-testid="extract-run">
          {running ? 'Extracting…' : `Extract ${chosen ? chosen.fields.length : ''} fields`}
        </button>
        {running && progress?.message ? <span className="muted small">{progress.message}</span> : null}
      </div>
      <ErrorNote error={runError} />
      {result ? (
        <>
          <RunSummary extractions={[result]} />
          <FieldList extraction={result} onOpen={(f) => f.page !== null && onCite({ page: f.page, quote: f.quote })} />
        </>
      ) : null}
    </div>
  );
}
