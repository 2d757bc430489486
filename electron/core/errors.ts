/**
 * One error shape for every boundary (CLI, IPC, HTTP). `code` is stable and
 * machine-readable; `message` is a sentence a person can act on.
 */
export const ERROR_CODES = [
  // input files
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'NOT_A_PDF',
  'CORRUPT_PDF',
  'ENCRYPTED_PDF',
  'WRONG_PASSWORD',
  'EMPTY_PDF',
  /** a stream (or the whole document) decompresses to more than any real PDF needs */
  'PDF_TOO_LARGE',
  // output files (export)
  'FILE_UNWRITABLE',
  // library
  'DOC_NOT_FOUND',
  'ANSWER_NOT_FOUND',
  'NO_TEXT_LAYER',
  'DB_BUSY',
  /** the disk holding the library is full (SQLITE_FULL, ENOSPC) */
  'DISK_FULL',
  // requests
  'INVALID_INPUT',
  'CANCELLED',
  // model providers
  'NO_PROVIDER',
  'AUTH_FAILED',
  'RATE_LIMITED',
  'MODEL_NOT_FOUND',
  'CONTEXT_TOO_LONG',
  'PROVIDER_UNAVAILABLE',
  'STREAM_INTERRUPTED',
  'TIMEOUT',
  // anything else
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The transferable form that crosses IPC / HTTP / CLI JSON. */
export interface ErrorShape {
  type: 'PagewiseError';
  code: ErrorCode;
  message: string;
}

export class PagewiseError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PagewiseError';
    this.code = code;
  }

  toJSON(): ErrorShape {
    return { type: 'PagewiseError', code: this.code, message: this.message };
  }
}

export function isPagewiseError(value: unknown): value is PagewiseError {
  return value instanceof PagewiseError;
}

/** Normalise anything thrown into a PagewiseError (unknown errors become INTERNAL). */
export function toPagewiseError(value: unknown): PagewiseError {
  if (value instanceof PagewiseError) return value;
  if (value instanceof Error && value.name === 'AbortError') {
    return new PagewiseError('CANCELLED', 'The operation was cancelled.', { cause: value });
  }
  const message = value instanceof Error ? value.message : String(value);
  return new PagewiseError('INTERNAL', `Unexpected error: ${message}`, { cause: value });
}

export function cancelledError(): PagewiseError {
  return new PagewiseError('CANCELLED', 'The operation was cancelled.');
}

/** Throw CANCELLED if the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
