/**
 * Everything the contract exports, for the transports and clients
 * (docs/ARCHITECTURE.md, rule 1). The operations are combined in ./contract.
 */
export * from './contract';
export * from './areas';
export * from './domain';
export * from './errors';
export * from './defaults';
export * from './op';
export * from './wire';
export * from './library';
export * from './scope';
export * from './collections';
export * from './ocr';
export * from './analysis';
export * from './compare';
export * from './history';
export * from './export';
export * from './settings';
export * from './app';
export * from './jobs';
export { formatZodError } from './issues';
export { descriptionOf, unwrapLazy } from './zod';
export { createHttpClient, readSse, type HttpApiClient, type HttpClientOptions } from './http-client';
export * from './extract';
