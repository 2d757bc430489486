/**
 * Settings: what is in use (provider, URL, key origin), provider fields, API key (write-only), model, reserve, budget,
 * concurrency, and how scanned pages are read (ScannedPagesFields).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { DEFAULTS, type Connection, type PublicSettings, type SettingsUpdate } from '../../../shared/api';
import { ScannedPagesFields, type ScannedPagesForm } from './ScannedPagesFields';
import { toApiError } from '../api/errors';
import { useAppState, useClient } from '../state';

type Provider = PublicSettings['provider'];

const PROVIDERS: { value: Provider; label: string; hint: string }[] = [
  { value: 'none', label: 'None (offline)', hint: 'No model: answers are extractive, quoting the best-matching sentences. Nothing leaves this computer.' },
  { value: 'openai', label: 'OpenAI', hint: 'The OpenAI API with your API key (api.openai.com unless a base URL is set).' },
  { value: 'azure', label: 'Azure OpenAI', hint: 'Your Azure OpenAI resource: endpoint, deployment and API version.' },
  { value: 'compatible', label: 'OpenAI-compatible', hint: 'Any server that speaks the OpenAI API (a local model, a gateway).' },
];

const KNOWN_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'];

interface Form extends ScannedPagesForm {
  provider: Provider;
  apiKey: string;
  removeKey: boolean;
  model: string;
  baseUrl: string;
  azureEndpoint: string;
  azureDeployment: string;
  azureApiVersion: string;
  customContextWindow: string;
  customMaxOutput: string;
  customInputPricePerM: string;
  customOutputPricePerM: string;
  answerReserveTokens: string;
  budgetTokens: string;
  concurrency: string;
}

function toForm(s: PublicSettings): Form {
  const str = (v: number | string | null): string => (v === null ? '' : String(v));
  return {
    provider: s.provider,
    apiKey: '',
    removeKey: false,
    model: s.model,
    baseUrl: str(s.baseUrl),
    azureEndpoint: str(s.azureEndpoint),
    azureDeployment: str(s.azureDeployment),
    azureApiVersion: str(s.azureApiVersion),
    customContextWindow: str(s.customContextWindow),
    customMaxOutput: str(s.customMaxOutput),
    customInputPricePerM: str(s.customInputPricePerM),
    customOutputPricePerM: str(s.customOutputPricePerM),
    answerReserveTokens: str(s.answerReserveTokens),
    budgetTokens: str(s.budgetTokens),
    concurrency: str(s.concurrency),
    ocrMode: s.ocrMode,
    visionDetail: s.visionDetail,
    ocrLanguage: s.ocrLanguage,
  };
}

function num(value: string, field: string, integer = true): number | null {
  const v = value.trim().replace(/[,_\s]/g, '');
  if (!v) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new Error(`${field} must be a ${integer ? 'whole ' : ''}number.`);
  return n;
}

function buildUpdate(form: Form): SettingsUpdate {
  const text = (v: string): string | null => (v.trim() ? v.trim() : null);
  const update: SettingsUpdate = {
    provider: form.provider,
    model: form.model.trim() || DEFAULTS.model,
    baseUrl: text(form.baseUrl),
    azureEndpoint: text(form.azureEndpoint),
    azureDeployment: text(form.azureDeployment),
    azureApiVersion: text(form.azureApiVersion),
    customContextWindow: num(form.customContextWindow, 'Context window'),
    customMaxOutput: num(form.customMaxOutput, 'Max output'),
    customInputPricePerM: num(form.customInputPricePerM, 'Input price', false),
    customOutputPricePerM: num(form.customOutputPricePerM, 'Output price', false),
    budgetTokens: num(form.budgetTokens, 'Budget'),
    ocrMode: form.ocrMode,
    visionDetail: form.visionDetail,
    ocrLanguage: form.ocrLanguage,
  };
  const reserve = num(form.answerReserveTokens, 'Answer reserve');
  if (reserve !== null) update.answerReserveTokens = reserve;
  const concurrency = num(form.concurrency, 'Concurrency');
  if (concurrency !== null) update.concurrency = concurrency;
  if (form.removeKey) update.apiKey = null;
  else if (form.apiKey.trim()) update.apiKey = form.apiKey.trim();
  if (form.provider === 'compatible' && !update.baseUrl) throw new Error('An OpenAI-compatible provider needs its base URL (for example http://localhost:8000/v1).');
  if (form.provider === 'azure' && (!update.azureEndpoint || !update.azureDeployment))
    throw new Error('Azure OpenAI needs the endpoint (https://NAME.openai.azure.com) and the deployment name.');
  return update;
}

/** Where the key in use comes from, in words. */
export function keyOriginText(connection: Connection): string {
  const hint = connection.keyHint ? ` (${connection.keyHint})` : '';
  switch (connection.keySource) {
    case 'environment':
      return `From the environment variable ${connection.keyVariable ?? 'OPENAI_API_KEY'}${hint}`;
    case 'keychain':
      return `Stored in the OS keychain${hint}`;
    case 'session':
      return `Stored for this session only${hint}; forgotten when Pagewise stops`;
    case 'none':
      if (connection.provider === 'none') return 'None yet: set OPENAI_API_KEY before starting, or choose a provider below and type a key';
      return connection.keyRequired ? 'None yet: answers need a key' : 'None (this server may need none)';
  }
}

/** What the engine uses right now (the saved settings, not the form being edited). */
function ConnectionCard({ connection, keyNotice }: { connection: Connection; keyNotice: string | null }): ReactNode {
  return (
    <dl className="connection-card" aria-label="In use now" data-testid="connection">
      <dt>In use now</dt>
      <dd>
        {connection.provider === 'none' ? (
          'Offline: extractive answers, no model is called'
        ) : (
          <>
            {connection.providerLabel} — <code>{connection.url ?? 'no URL set'}</code>
          </>
        )}
      </dd>
      {connection.provider === 'none' ? null : (
        <>
          <dt>Model</dt>
          <dd>{connection.model}</dd>
        </>
      )}
      <dt>API key</dt>
      <dd>{keyOriginText(connection)}</dd>
      {keyNotice ? (
        <dd className="key-storage-notice" role="note" data-testid="key-storage-notice">
          {keyNotice}
        </dd>
      ) : null}
    </dl>
  );
}

export function SettingsDialog({ open, settings, onClose, onSaved }: { open: boolean; settings: PublicSettings | null; onClose: () => void; onSaved: (s: PublicSettings) => void }): ReactNode {
  const client = useClient();
  const { info } = useAppState();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [form, setForm] = useState<Form | null>(settings ? toForm(settings) : null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setForm(settings ? toForm(settings) : null);
      setError(null);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open, settings]);

  // opened before the app had its settings (a click during start-up): they fill the form when they come
  useEffect(() => {
    if (open && settings) setForm((current) => current ?? toForm(settings));
  }, [open, settings]);

  // what is in use, fetched each time the dialog opens (and after a save changes it)
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    client
      .call('settings.connection', {})
      .then((c) => {
        if (!cancelled) setConnection(c);
      })
      .catch(() => {
        if (!cancelled) setConnection(null);
      });
    return () => {
      cancelled = true;
    };
  }, [client, open, settings]);

  const set = <K extends keyof Form>(key: K, value: Form[K]): void => setForm((f) => (f ? { ...f, [key]: value } : f));

  const save = async (): Promise<void> => {
    if (!form) return;
    setError(null);
    let update: SettingsUpdate;
    try {
      update = buildUpdate(form);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    setSaving(true);
    try {
      const saved = await client.call('settings.update', update);
      setConnection(await client.call('settings.connection', {}).catch(() => null));
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setSaving(false);
    }
  };

  const customModel = form ? !KNOWN_MODELS.includes(form.model.trim()) : false;
  const providerHint = PROVIDERS.find((p) => p.value === form?.provider)?.hint;

  return (
    <dialog ref={dialogRef} className="settings-dialog" aria-labelledby="settings-title" onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <header className="dialog-head">
          <h2 id="settings-title">Settings</h2>
          <button type="button" className="icon-button" aria-label="Close settings" onClick={onClose}>
            ×
          </button>
        </header>
        {!form ? (
          <p className="muted">Loading settings…</p>
        ) : (
          <div className="dialog-body">
            <fieldset>
              <legend>Model provider</legend>
              {connection ? <ConnectionCard connection={connection} keyNotice={settings?.keyStorage?.notice ?? null} /> : null}
              <div className="provider-options">
                {PROVIDERS.map((p) => (
                  <label key={p.value} className={`provider-option${form.provider === p.value ? ' active' : ''}`}>
                    <input type="radio" name="provider" value={p.value} checked={form.provider === p.value} onChange={() => set('provider', p.value)} />
                    {p.label}
                  </label>
                ))}
              </div>
              <p className="muted small">{providerHint}</p>
              {form.provider === 'compatible' || form.provider === 'openai' ? (
                <label className="field">
                  <span>Base URL{form.provider === 'openai' ? ' (optional)' : ''}</span>
                  <input
                    type="url"
                    value={form.baseUrl}
                    placeholder={form.provider === 'openai' ? 'https://api.openai.com/v1' : 'http://localhost:8000/v1'}
                    onChange={(e) => set('baseUrl', e.target.value)}
                  />
                </label>
              ) : null}
              {form.provider === 'azure' ? (
                <div className="field-grid">
                  <label className="field">
                    <span>Endpoint</span>
                    <input type="url" value={form.azureEndpoint} placeholder="https://my-resource.openai.azure.com" onChange={(e) => set('azureEndpoint', e.target.value)} />
                  </label>
                  <label className="field">
                    <span>Deployment</span>
                    <input type="text" value={form.azureDeployment} placeholder="gpt-4o-mini" onChange={(e) => set('azureDeployment', e.target.value)} />
                  </label>
                  <label className="field">
                    <span>API version</span>
                    <input type="text" value={form.azureApiVersion} placeholder="2024-10-21" onChange={(e) => set('azureApiVersion', e.target.value)} />
                  </label>
                </div>
              ) : null}
              {form.provider !== 'none' ? (
                <div className="field">
                  <label htmlFor="api-key">API key</label>
                  <input
                    id="api-key"
                    type="password"
                    autoComplete="off"
                    spellCheck={false}
                    value={form.apiKey}
                    disabled={form.removeKey}
                    placeholder={settings?.hasApiKey ? `In use: ${settings.apiKeyHint ?? '••••'} (type to replace)` : 'sk-…'}
                    onChange={(e) => set('apiKey', e.target.value)}
                  />
                  <span className="muted small" data-testid="key-help">
                    {keyHelp(connection, info?.transport === 'ipc', settings?.keyStorage?.sessionOnly ?? false)}
                    {connection && (connection.keySource === 'keychain' || connection.keySource === 'session') ? (
                      <label className="inline-check">
                        <input type="checkbox" checked={form.removeKey} onChange={(e) => set('removeKey', e.target.checked)} /> Remove the stored key
                      </label>
                    ) : null}
                  </span>
                </div>
              ) : null}
            </fieldset>
            <fieldset>
              <legend>Model</legend>
              <label className="field">
                <span>Model id</span>
                <input type="text" list="known-models" value={form.model} onChange={(e) => set('model', e.target.value)} spellCheck={false} />
                <datalist id="known-models">
                  {KNOWN_MODELS.map((m) => (
                    <option key={m} value={m} />
                  ))}
                </datalist>
              </label>
              {customModel ? (
                <>
                  <p className="muted small">Pagewise does not know “{form.model.trim() || '…'}”: tell it the model’s window and prices so it can count and estimate.</p>
                  <div className="field-grid">
                    <label className="field">
                      <span>Context window (tokens)</span>
                      <input type="text" inputMode="numeric" value={form.customContextWindow} placeholder="128000" onChange={(e) => set('customContextWindow', e.target.value)} />
                    </label>
                    <label className="field">
                      <span>Max output (tokens)</span>
                      <input type="text" inputMode="numeric" value={form.customMaxOutput} placeholder="16384" onChange={(e) => set('customMaxOutput', e.target.value)} />
                    </label>
                    <label className="field">
                      <span>Input $ / 1M tokens</span>
                      <input type="text" inputMode="decimal" value={form.customInputPricePerM} placeholder="0" onChange={(e) => set('customInputPricePerM', e.target.value)} />
                    </label>
                    <label className="field">
                      <span>Output $ / 1M tokens</span>
                      <input type="text" inputMode="decimal" value={form.customOutputPricePerM} placeholder="0" onChange={(e) => set('customOutputPricePerM', e.target.value)} />
                    </label>
                  </div>
                </>
              ) : null}
            </fieldset>
            <fieldset>
              <legend>Requests</legend>
              <div className="field-grid">
                <label className="field">
                  <span>Answer reserve (tokens)</span>
                  <input type="text" inputMode="numeric" value={form.answerReserveTokens} onChange={(e) => set('answerReserveTokens', e.target.value)} />
                  <span className="muted small">Room kept for the answer in every request.</span>
                </label>
                <label className="field">
                  <span>Budget (document tokens per request)</span>
                  <input type="text" inputMode="numeric" value={form.budgetTokens} placeholder="Full window" onChange={(e) => set('budgetTokens', e.target.value)} />
                  <span className="muted small">Empty: the model’s whole input budget.</span>
                </label>
                <label className="field">
                  <span>Concurrency</span>
                  <input type="number" min={1} max={16} value={form.concurrency} onChange={(e) => set('concurrency', e.target.value)} />
                  <span className="muted small">Parallel requests for long summaries.</span>
                </label>
              </div>
            </fieldset>
            <ScannedPagesFields form={form} open={open} onChange={(key, value) => setForm((f) => (f ? { ...f, [key]: value } : f))} />
            {error ? (
              <p className="error-box" role="alert">
                {error}
              </p>
            ) : null}
          </div>
        )}
        <footer className="dialog-foot">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!form || saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

/** Under the key field: where a typed key goes, and what happens to the one in use. */
function keyHelp(connection: Connection | null, desktop: boolean, sessionOnly: boolean): string {
  const where =
    desktop && !sessionOnly
      ? 'stored in the OS keychain'
      : desktop
        ? 'kept for this session only, because this system does not protect stored keys'
        : 'kept for this session only (set OPENAI_API_KEY to keep one)';
  if (!connection || connection.keySource === 'none') return `A key typed here is ${where}; it is never shown again.`;
  if (connection.keySource === 'environment') return `The key in use comes from ${connection.keyVariable ?? 'the environment'}. A key typed here is used instead and ${where}.`;
  return `A key typed here replaces the stored one and is ${where}. Keys are never shown again or sent to this window.`;
}
