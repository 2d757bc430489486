/**
 * The registry of batch kinds: 'answer' and 'summary' here (answer-kind.ts, summary-kind.ts); another area
 * registers its own (the extraction lane: registerBatchKind('extraction', ...)) before jobs are collected.
 */
import type { BatchKind } from '../../../shared/api/jobs';
import { PagewiseError } from '../errors';
import { answerKind } from './answer-kind';
import { summaryKind } from './summary-kind';
import type { BatchKindHandler } from './types';

const registry = new Map<BatchKind, BatchKindHandler>([
  ['answer', answerKind],
  ['summary', summaryKind],
]);

export function registerBatchKind(kind: BatchKind, handler: BatchKindHandler): void {
  registry.set(kind, handler);
}

export function batchKind(kind: BatchKind): BatchKindHandler {
  const handler = registry.get(kind);
  if (!handler) throw new PagewiseError('INTERNAL', `No batch handler is registered for "${kind}" requests.`);
  return handler;
}
