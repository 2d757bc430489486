import { ApiError } from '../../../shared/api/wire';

export { ApiError };

export function isCancelled(error: unknown): boolean {
  if (error instanceof ApiError) return error.code === 'CANCELLED';
  return error instanceof Error && error.name === 'AbortError';
}

/** Normalise anything thrown into an ApiError with a message a person can act on. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) {
    return new ApiError(
      'ENGINE_UNREACHABLE',
      'Pagewise could not reach its engine. If you started it with `pagewise serve`, check that it is still running, then reload this page.',
    );
  }
  return ApiError.from(error);
}
