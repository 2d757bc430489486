/**
 * PagewiseError: the engine's typed error. Its codes are the contract's
 * (shared/api/errors.ts, docs/ARCHITECTURE.md "Errors"): add a code there,
 * never here. `message` is a sentence a person can act on.
 */
// Types only: the engine's hot paths (the pdf worker threads) then load no zod for their errors.
import type { ErrorCode, ErrorShape } from '../../shared/api/errors';

export type { ErrorCode, ErrorShape };

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
