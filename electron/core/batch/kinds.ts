/**
 * The registry of batch kinds: 'answer', 'summary' and 'extraction' here (answer-kind.ts, summary-kind.ts,
 * extraction-kind.ts over extract/batch-kind.ts); another area
 * may register its own (registerBatchKind) before jobs are collected.
 */
import type { BatchKind } from '../../../shared/api/jobs';
import { PagewiseError } from '../errors';
import { answerKind } from './answer-kind';
import { extractionKind } from './extraction-kind';
import { summaryKind } from './summary-kind';
import type { BatchKindHandler } from './types';

const registry = new Map<BatchKind, BatchKindHandler>([
  ['answer', answerKind],
  ['summary', summaryKind],
  ['extraction', extractionKind],
]);

export function registerBatchKind(kind: BatchKind, handler: BatchKindHandler): void {
  registry.set(kind, handler);
}

export function batchKind(kind: BatchKind): BatchKindHandler {
  const handler = registry.get(kind);
  if (!handler) throw new PagewiseError('INTERNAL', `No batch handler is registered for "${kind}" requests.`);
  return handler;
}
