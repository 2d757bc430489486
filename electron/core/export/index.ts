/**
 * Export answers and summaries to Markdown, self-contained HTML, DOCX and JSON
 * (docs/ARCHITECTURE.md, "export/"). Pure functions of the bundle: the same bundle renders to
 * the same bytes (DOCX aside: its package carries a creation time).
 */
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { buildView, bundleKind, stripInvalidChars, summaryKindLabel } from './view';
import type { ExportBundle, ExportFormat } from './view';

export type { ExportBundle, ExportFormat } from './view';
export { EXTRACTIVE_LABEL } from './view';
export { EXPORT_JSON_SCHEMA_ID, ExportJsonSchema, buildExportJson } from './json';
export type { ExportJson } from './json';
export { HTML_CSP, escapeHtml } from './html';

export async function renderExport(bundle: ExportBundle, format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case 'md':
      return Buffer.from(stripInvalidChars(renderMarkdown(buildView(bundle))), 'utf8');
    case 'html':
      return Buffer.from(renderHtml(buildView(bundle), bundle.appVersion), 'utf8');
    case 'docx': {
      // The docx package takes ~60 ms to load: only a DOCX export pays for it.
      const { renderDocx } = await import('./docx');
      return renderDocx(buildView(bundle), bundle.appVersion);
    }
    case 'json':
      return Buffer.from(renderJson(bundle), 'utf8');
  }
}

/**
 * A safe file name: `<document-slug>-<answer|summary-kind|qa>-<YYYY-MM-DD>.<ext>`,
 * ASCII only, at most ~90 characters, valid on Windows, macOS and Linux.
 */
export function exportFileName(bundle: ExportBundle, format: ExportFormat): string {
  const doc = bundle.document;
  const base = slugify(doc.title) || slugify(doc.fileName.replace(/\.pdf$/i, '')) || 'document';
  const kind = bundleKind(bundle);
  const only = bundle.items[0];
  const suffix =
    kind === 'summary' && only ? `summary-${slugify(summaryKindLabel(only.question)) || 'summary'}` : kind;
  const date = /^\d{4}-\d{2}-\d{2}/.exec(bundle.generatedAt)?.[0];
  return `${base}-${suffix}${date ? `-${date}` : ''}.${format}`;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}
