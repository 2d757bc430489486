/**
 * OpenAIBatchApi: the provider's Files + Batch API through the same openai client as chat (provider.ts hands it out):
 * upload a JSONL file (purpose "batch"), create a batch over /v1/chat/completions, retrieve, cancel, and read
 * the output and error files. A server without these routes (an OpenAI-compatible local server answers 404)
 * is BATCH_UNSUPPORTED; other failures are classified like chat errors. Transient errors are retried a few
 * times here (the SDK's own retries are off).
 */
import { APIError, toFile, type OpenAI } from 'openai';
import { unsupportedError, type BatchApi, type BatchInfo } from './batch-api';
import { classifyError, type ErrorContext } from './provider-errors';
import { retryDelay, sleep } from './retry';

const ATTEMPTS = 3;

function toInfo(b: OpenAI.Batches.Batch): BatchInfo {
  const errors = b.errors?.data?.map((e) => `${e.line != null ? `line ${e.line}: ` : ''}${e.message ?? e.code ?? 'error'}`) ?? [];
  return {
    id: b.id,
    status: b.status,
    inputFileId: b.input_file_id,
    outputFileId: b.output_file_id ?? null,
    errorFileId: b.error_file_id ?? null,
    counts: { total: b.request_counts?.total ?? 0, completed: b.request_counts?.completed ?? 0, failed: b.request_counts?.failed ?? 0 },
    error: errors.length > 0 ? errors.slice(0, 5).join('; ') : null,
  };
}

export class OpenAIBatchApi implements BatchApi {
  constructor(
    private readonly client: OpenAI,
    private readonly errorContext: ErrorContext,
    readonly body: BatchApi['body'],
  ) {}

  /** One call with a few retries; a 404 on the collection routes means no Batch API at all. */
  private async call<T>(what: 'files' | 'batch', fn: (signal: AbortSignal | undefined) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(signal);
      } catch (err) {
        if (err instanceof APIError && (err.status === 404 || err.status === 405) && what === 'files') throw unsupportedError();
        const classified = classifyError(err, this.errorContext);
        if (!classified.retryable || attempt >= ATTEMPTS) throw classified.error;
        const delay = retryDelay(attempt, classified.retryAfterMs, 1_000, 30_000);
        if (delay === null) throw classified.error;
        await sleep(delay, signal);
      }
    }
  }

  upload(jsonl: string, fileName: string, signal?: AbortSignal): Promise<string> {
    return this.call(
      'files',
      async (s) => {
        const file = await this.client.files.create({ file: await toFile(Buffer.from(jsonl, 'utf8'), fileName), purpose: 'batch' }, { signal: s ?? null, maxRetries: 0 });
        return file.id;
      },
      signal,
    );
  }

  create(inputFileId: string, metadata: Record<string, string>, signal?: AbortSignal): Promise<BatchInfo> {
    return this.call(
      'files', // a server that took the file but has no /v1/batches is just as unsupported
      async (s) =>
        toInfo(await this.client.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata }, { signal: s ?? null, maxRetries: 0 })),
      signal,
    );
  }

  retrieve(batchId: string, signal?: AbortSignal): Promise<BatchInfo> {
    return this.call('batch', async (s) => toInfo(await this.client.batches.retrieve(batchId, { signal: s ?? null, maxRetries: 0 })), signal);
  }

  findByInputFile(inputFileId: string, signal?: AbortSignal): Promise<BatchInfo | null> {
    return this.call(
      'batch',
      async (s) => {
        // the newest 100 batches: a crash between create and storing its id is minutes old, not pages back
        const page = await this.client.batches.list({ limit: 100 }, { signal: s ?? null, maxRetries: 0 });
        const found = page.data.find((b) => b.input_file_id === inputFileId);
        return found ? toInfo(found) : null;
      },
      signal,
    );
  }

  cancel(batchId: string, signal?: AbortSignal): Promise<BatchInfo> {
    return this.call('batch', async (s) => toInfo(await this.client.batches.cancel(batchId, { signal: s ?? null, maxRetries: 0 })), signal);
  }

  fileText(fileId: string, signal?: AbortSignal): Promise<string> {
    return this.call('batch', async (s) => (await this.client.files.content(fileId, { signal: s ?? null, maxRetries: 0 })).text(), signal);
  }
}
