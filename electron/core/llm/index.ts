export * from './types';
export * from './provider';
export { classifyError, scrubSecrets, type ErrorContext } from './provider-errors';
export { parseRetryAfter, backoffDelay, retryDelay } from './retry';
export * from './models';
