/** extraction.* and template.* operations (contract: shared/api/extract.ts). */
import type { OpEvent } from '../../../shared/api';
import type { Scope } from '../../../shared/api/scope';
import type { Engine } from '../engine';
import type { HandlerMap } from '../service';
import { PagewiseError } from '../errors';
import { resolveScope } from '../collections/scope';
import { retryProgress } from '../analysis/run';
import type { AnalysisContext } from '../analysis/types';
import { planExtraction } from './plan';
import { runExtraction } from './run';
import { TABLE_MIME_TYPES, renderTable, tableFileName } from './table';
import { findTemplate, listTemplates, parseTemplateFile, resolveTemplate, templateFileJson } from './templates';

function target(engine: Engine, input: { docId?: string | undefined; scope?: Scope | undefined }): { docIds: string[]; label: string } {
  if (input.docId !== undefined) {
    const doc = engine.library.resolveDocument(input.docId);
    return { docIds: [doc.id], label: doc.title };
  }
  if (input.scope === undefined) throw new PagewiseError('INVALID_INPUT', 'Give a document or a scope (a collection, --docs, or --all).');
  const resolved = resolveScope(engine.library, input.scope);
  return { docIds: resolved.documents.map((d) => d.id), label: resolved.label };
}

function withRetryEvents(ctx: AnalysisContext, emit: (event: OpEvent) => void): AnalysisContext {
  return { ...ctx, onRetry: (info) => emit({ type: 'progress', progress: retryProgress(info) }) };
}

function budget(budgetTokens: number | null | undefined): { budgetTokens?: number | null } {
  return budgetTokens === undefined ? {} : { budgetTokens };
}

export const extractHandlers = {
  async 'extraction.plan'(engine, input) {
    const ctx = await engine.analysisContext({ withProvider: false });
    const { docIds, label } = target(engine, input);
    const template = resolveTemplate(engine.library, input.template);
    const documents = docIds.map((id) => {
      const p = planExtraction(ctx, id, template.fields, budget(input.budgetTokens));
      return { docId: p.docId, title: p.title, plan: p.plan, groups: p.groups.map((g) => ({ fields: g.fields.map((f) => f.name), pages: g.pages, promptTokens: g.promptTokens })) };
    });
    return {
      templateName: template.name,
      fields: template.fields,
      scopeLabel: label,
      documents,
      calls: documents.reduce((n, d) => n + d.plan.calls, 0),
      promptTokens: documents.reduce((n, d) => n + d.plan.promptTokens, 0),
      estimatedCostUsd: documents.reduce((n, d) => n + d.plan.estimatedCostUsd, 0),
      model: ctx.model.id,
      offline: engine.offline(),
    };
  },

  async 'extraction.run'(engine, input, { signal, emit }) {
    const { docIds, label } = target(engine, input);
    const template = resolveTemplate(engine.library, input.template);
    if (engine.offline()) throw new PagewiseError('NO_PROVIDER', 'Extraction needs a model: set up a provider and API key (Settings, or OPENAI_API_KEY).');
    const ctx = withRetryEvents(await engine.analysisContext(), emit);
    return runExtraction(ctx, docIds, template, label, {
      ...budget(input.budgetTokens),
      signal,
      onProgress: (done, total, title) => emit({ type: 'progress', progress: { stage: 'extract', done, total, ...(title ? { message: title } : {}) } }),
    });
  },

  'extraction.list'(engine, input) {
    const docId = input.docId !== undefined ? engine.library.resolveDocument(input.docId).id : undefined;
    return { extractions: engine.library.extractions.list({ ...(docId ? { docId } : {}), ...(input.limit ? { limit: input.limit } : {}) }) };
  },

  'extraction.get'(engine, { id }) {
    return { extraction: engine.library.extractions.getOrThrow(id) };
  },

  async 'extraction.export'(engine, { ids, format }) {
    const extractions = ids.map((id) => engine.library.extractions.getOrThrow(id));
    const data = await renderTable(extractions, format);
    return { fileName: tableFileName(extractions, format), mimeType: TABLE_MIME_TYPES[format], dataBase64: Buffer.from(data).toString('base64') };
  },

  'template.list'(engine) {
    return { templates: listTemplates(engine.library) };
  },

  'template.get'(engine, { template }) {
    return { template: findTemplate(engine.library, template) };
  },

  'template.save'(engine, { id, definition }) {
    if (id !== undefined && findTemplate(engine.library, id).builtIn) {
      throw new PagewiseError('INVALID_INPUT', 'Built-in templates cannot be changed: save your version under another name.');
    }
    return { template: engine.library.extractions.saveTemplate(definition, id) };
  },

  'template.delete'(engine, { template }) {
    const t = findTemplate(engine.library, template);
    if (t.builtIn) throw new PagewiseError('INVALID_INPUT', `"${t.name}" is built in and cannot be deleted.`);
    return { deleted: engine.library.extractions.deleteTemplate(t.id) };
  },

  'template.import'(engine, { json }) {
    return { template: engine.library.extractions.saveTemplate(parseTemplateFile(json)) };
  },

  'template.export'(engine, { template }) {
    const t = findTemplate(engine.library, template);
    const fileName = `${t.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'template'}.template.json`;
    return { fileName, json: templateFileJson(t) };
  },
} satisfies HandlerMap<
  | 'extraction.plan'
  | 'extraction.run'
  | 'extraction.list'
  | 'extraction.get'
  | 'extraction.export'
  | 'template.list'
  | 'template.get'
  | 'template.save'
  | 'template.delete'
  | 'template.import'
  | 'template.export'
>;
