/**
 * 'extraction' requests: a template's fields from each document, through the extraction lane's spec builder
 * and completer (extract/batch-kind.ts). A document whose fields go out in several groups gives several
 * requests, one extraction row: the completer creates it with the first result and fills it with the others.
 */
import { PagewiseError, toPagewiseError } from '../errors';
import type { AnalysisContext } from '../analysis/types';
import { buildExtractionSpecs, extractionBatchKind } from '../extract/batch-kind';
import type { ExtractionPlanOptions } from '../extract/plan';
import type { ResolvedTemplate } from '../extract/run';
import type { BatchKindHandler, PlannedRequest } from './types';

/** Every request of one document's extraction, or one failed request when it cannot be planned. */
export function planExtractionRequests(ctx: AnalysisContext, docId: string, template: ResolvedTemplate, options: ExtractionPlanOptions = {}): PlannedRequest[] {
  try {
    return buildExtractionSpecs(ctx, docId, template, options).map(({ customId: _c, meta, ...spec }) => ({ docId: spec.docId, spec: { ...spec, meta: { ...meta } } }));
  } catch (error) {
    return [{ docId, kind: 'extraction', meta: { templateName: template.name }, outcome: { status: 'failed', error: toPagewiseError(error).message } }];
  }
}

export const extractionKind: BatchKindHandler = {
  complete(ctx, spec, chat) {
    const extractionId = typeof spec.meta.extractionId === 'string' ? spec.meta.extractionId : null;
    const before = extractionId !== null ? (ctx.library.extractions.get(extractionId)?.costUsd ?? 0) : 0;
    const extraction = extractionBatchKind.complete(ctx, spec, chat);
    // the row sums its groups: this line's share is what it added
    return { answerId: extraction.id, costUsd: Math.max(0, extraction.costUsd - before) };
  },
  // one group of a document's fields cannot be re-run alone at the normal price (its row is a batch row):
  // say how to run the document's extraction directly instead of leaving the request silently failed
  runDirect(_ctx, request) {
    const name = typeof request.meta.templateName === 'string' ? request.meta.templateName : 'NAME';
    return Promise.reject(new PagewiseError('INVALID_INPUT', `An extraction request is not re-run on its own: run the document's extraction directly (pagewise extract ${request.docId.slice(0, 8)} --template ${name}), or re-run the failed requests as a batch.`));
  },
};
