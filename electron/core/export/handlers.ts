/** export.* operations (contract: shared/api/export.ts). */
import type { AnswerRecord, DocumentRecord } from '../../../shared/api';
import type { HandlerMap } from '../service';
import { PagewiseError } from '../errors';
import { renderComparisonFile } from './comparison-file';
import { exportFileName, renderExport, type ExportFormat } from './index';

export const EXPORT_MIME_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
};

export const exportHandlers = {
  async 'export.render'(engine, { target, format }) {
    if (target.kind === 'comparison') return renderComparisonFile(engine, target.comparisonId, format);
    let document: DocumentRecord | null;
    let items: AnswerRecord[];
    if (target.kind === 'answer') {
      const answer = engine.library.resolveAnswer(target.answerId);
      document = engine.library.getDocument(answer.docId);
      if (!document) throw new PagewiseError('DOC_NOT_FOUND', 'The document of this answer is no longer in the library.');
      items = [answer];
    } else {
      document = engine.library.resolveDocument(target.docId);
      // Oldest first reads like the session it came from; failed attempts have nothing to export.
      items = engine.library
        .listAnswers({ docId: document.id, limit: 100_000 })
        .filter((item) => item.status !== 'failed')
        .reverse();
    }
    // asked after the lookup, so a reference that names nothing still says so first
    if (format === 'csv') throw new PagewiseError('INVALID_INPUT', 'CSV is for comparison tables: export an answer as Markdown, HTML, Word or JSON.');
    const pageLabels = engine.library.pageStats(document.id).map((page) => page.label);
    const bundle = { document, items, generatedAt: new Date().toISOString(), appVersion: engine.version, pageLabels };
    const data = await renderExport(bundle, format);
    return { fileName: exportFileName(bundle, format), mimeType: EXPORT_MIME_TYPES[format], dataBase64: Buffer.from(data).toString('base64') };
  },
} satisfies HandlerMap<'export.render'>;
