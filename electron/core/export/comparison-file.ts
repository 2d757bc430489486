/** A stored comparison rendered to a file in one of the five formats (export.comparison, export.render). */
import type { ComparisonFormat } from '../../../shared/api/compare';
import type { ExportFile } from '../../../shared/api/export';
import type { Engine } from '../engine';
import { renderComparisonCsv, renderComparisonHtml, renderComparisonJson, renderComparisonMarkdown } from './comparison-text';
import { buildComparisonView, type ComparisonBundle } from './comparison-view';

export const COMPARISON_MIME_TYPES: Record<ComparisonFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export async function renderComparison(bundle: ComparisonBundle, format: ComparisonFormat): Promise<Buffer> {
  switch (format) {
    case 'md':
      return Buffer.from(renderComparisonMarkdown(buildComparisonView(bundle)), 'utf8');
    case 'html':
      return Buffer.from(renderComparisonHtml(buildComparisonView(bundle), bundle.appVersion), 'utf8');
    case 'csv':
      return Buffer.from(renderComparisonCsv(buildComparisonView(bundle)), 'utf8');
    case 'json':
      return Buffer.from(renderComparisonJson(bundle), 'utf8');
    case 'docx': {
      // the docx package loads only for a DOCX export
      const { renderComparisonDocx } = await import('./comparison-docx');
      return renderComparisonDocx(buildComparisonView(bundle), bundle.appVersion);
    }
  }
}

/** `comparison-<question-slug>-<YYYY-MM-DD>.<ext>`, ASCII only. */
export function comparisonFileName(bundle: ComparisonBundle, format: ComparisonFormat): string {
  const slug = bundle.comparison.question
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  const date = /^\d{4}-\d{2}-\d{2}/.exec(bundle.generatedAt)?.[0];
  return `comparison${slug ? `-${slug}` : ''}${date ? `-${date}` : ''}.${format}`;
}

export async function renderComparisonFile(engine: Engine, comparisonId: string, format: ComparisonFormat): Promise<ExportFile> {
  const comparison = engine.library.comparisons.resolve(comparisonId);
  const pageLabels: Record<string, (string | null)[]> = {};
  for (const row of comparison.rows) {
    if (engine.library.getDocument(row.docId)) pageLabels[row.docId] = engine.library.pageStats(row.docId).map((p) => p.label);
  }
  const bundle: ComparisonBundle = { comparison, generatedAt: new Date().toISOString(), appVersion: engine.version, pageLabels };
  const data = await renderComparison(bundle, format);
  return { fileName: comparisonFileName(bundle, format), mimeType: COMPARISON_MIME_TYPES[format], dataBase64: data.toString('base64') };
}
