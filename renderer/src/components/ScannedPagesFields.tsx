/**
 * The Settings dialog's "Scanned pages" section: how pages without text (scans) are read when a PDF is added
 * (ocrMode), how closely the model looks when it reads them (visionDetail, only for that choice), and the
 * language offline OCR reads (ocrLanguage, only the languages installed: ocr.languages).
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { OcrLanguageInfo, PublicSettings } from '../../../shared/api';
import { useClient } from '../state';

export type ScannedPagesForm = Pick<PublicSettings, 'ocrMode' | 'visionDetail' | 'ocrLanguage'>;

const MODES: { value: PublicSettings['ocrMode']; label: string; hint: string }[] = [
  {
    value: 'auto',
    label: 'On this computer (recommended, free, offline)',
    hint: 'Pagewise reads the text of scanned pages itself when you add a PDF. Nothing leaves this computer.',
  },
  {
    value: 'off',
    label: 'Later, when I choose Run OCR',
    hint: 'Scanned pages are added without their text. “Run OCR” in the library reads them when you want.',
  },
  {
    value: 'vision',
    label: 'Send page images to the model (for handwriting and hard scans; costs money, you see the cost first)',
    hint: 'Each scanned page goes to the model as a picture. First you see how many pages and what it costs; nothing is sent until you choose Send.',
  },
];

const DETAILS: { value: PublicSettings['visionDetail']; label: string }[] = [
  { value: 'high', label: 'Closely (reads small print)' },
  { value: 'low', label: 'Quickly (cheaper)' },
];

export function ScannedPagesFields({
  form,
  open,
  onChange,
}: {
  form: ScannedPagesForm;
  /** The dialog is open: the installed languages are fetched each time it opens. */
  open: boolean;
  onChange: <K extends keyof ScannedPagesForm>(key: K, value: ScannedPagesForm[K]) => void;
}): ReactNode {
  const client = useClient();
  const [languages, setLanguages] = useState<OcrLanguageInfo[] | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    client
      .call('ocr.languages', {})
      .then((result) => {
        if (live) setLanguages(result.languages);
      })
      .catch(() => {
        if (live) setLanguages(null);
      });
    return () => {
      live = false;
    };
  }, [client, open]);

  // the chosen language stays listed even if its data went missing (saving it again then says what to install)
  const listed: OcrLanguageInfo[] = languages ?? [];
  const options = listed.some((l) => l.code === form.ocrLanguage)
    ? listed
    : [...listed, { code: form.ocrLanguage, name: `${form.ocrLanguage} (not installed)`, package: `@tesseract.js-data/${form.ocrLanguage}` }];
  const vision = form.ocrMode === 'vision';

  return (
    <fieldset className="scanned-pages" data-testid="scanned-pages">
      <legend>Scanned pages</legend>
      <p className="muted small">Some PDFs are scans: pictures of pages with no text in them. To search, count and quote them, their text has to be read first.</p>
      <div className="field" role="radiogroup" aria-labelledby="ocr-mode-label">
        <span id="ocr-mode-label">Read scanned pages</span>
        <div className="choice-list">
          {MODES.map((m) => (
            <label key={m.value} className={`choice-option${form.ocrMode === m.value ? ' active' : ''}`}>
              <input type="radio" name="ocrMode" value={m.value} checked={form.ocrMode === m.value} onChange={() => onChange('ocrMode', m.value)} />
              <span className="choice-text">
                <span className="choice-label">{m.label}</span>
                <span className="muted small">{m.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </div>
      <div className="field-grid">
        {vision ? (
          <label className="field">
            <span>How closely the model looks</span>
            <select value={form.visionDetail} onChange={(e) => onChange('visionDetail', e.target.value === 'low' ? 'low' : 'high')}>
              {DETAILS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
            <span className="muted small">A close look reads small print and tables; a quick look costs several times less but may miss them.</span>
          </label>
        ) : null}
        <label className="field">
          <span>Language of the scans</span>
          <select value={form.ocrLanguage} onChange={(e) => onChange('ocrLanguage', e.target.value)}>
            {options.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
          <span className="muted small">
            {vision ? 'Used when scans are read on this computer (Run OCR). ' : ''}Only the languages installed with Pagewise are listed.
          </span>
        </label>
      </div>
    </fieldset>
  );
}
