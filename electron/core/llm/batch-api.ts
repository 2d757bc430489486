/**
 * What the batch engine needs of a provider's Batch API (implemented over the openai SDK in batches.ts,
 * handed out by provider.ts). No SDK import here: the engine loads the SDK only when it calls a model.
 */
import { PagewiseError } from '../errors';

export const BATCH_UNSUPPORTED_MESSAGE = 'This provider has no Batch API: run it directly instead.';
export type ProviderBatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface BatchInfo {
  id: string;
  status: ProviderBatchStatus;
  inputFileId: string;
  outputFileId: string | null;
  errorFileId: string | null;
  counts: { total: number; completed: number; failed: number };
  /** Why a batch failed as a whole (validation errors), or null. */
  error: string | null;
}

export interface BatchApi {
  /** The JSON body of one request, exactly what a direct chat request would send. */
  body(messages: readonly { role: string; content: string }[], maxOutputTokens: number, responseFormat?: unknown): Record<string, unknown>;
  upload(jsonl: string, fileName: string, signal?: AbortSignal): Promise<string>;
  create(inputFileId: string, metadata: Record<string, string>, signal?: AbortSignal): Promise<BatchInfo>;
  retrieve(batchId: string, signal?: AbortSignal): Promise<BatchInfo>;
  /** A recent batch created from this input file (a create whose answer was lost to a crash), or null. */
  findByInputFile(inputFileId: string, signal?: AbortSignal): Promise<BatchInfo | null>;
  cancel(batchId: string, signal?: AbortSignal): Promise<BatchInfo>;
  fileText(fileId: string, signal?: AbortSignal): Promise<string>;
}

export function unsupportedError(): PagewiseError {
  return new PagewiseError('BATCH_UNSUPPORTED', BATCH_UNSUPPORTED_MESSAGE);
}

