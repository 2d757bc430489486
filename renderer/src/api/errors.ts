import { ApiError } from '../../../shared/api/errors';

export { ApiError };

export function isCancelled(error: unknown): boolean {
  if (error instanceof ApiError) return error.code === 'CANCELLED';
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Anything thrown -> an ApiError whose code is one of the contract's. The
 * transports already reject with ApiError (HTTP) or an ErrorShape (IPC).
 */
export function toApiError(error: unknown): ApiError {
  return ApiError.from(error);
}
