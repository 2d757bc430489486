/**
 * The one API contract (docs/ARCHITECTURE.md, rule 1): every operation declared
 * once with zod schemas for input, output and events, combined from the
 * per-area files. Transports (Electron IPC, HTTP + SSE, direct calls) are
 * generic adapters over `api`. index.ts re-exports this with everything else;
 * code inside shared/api imports this file, never index.ts (no import circle).
 */
import type * as z from './zod';
import { analysisOps } from './analysis';
import { appOps } from './app';
import { collectionOps } from './collections';
import { compareOps } from './compare';
import { exportOps } from './export';
import { extractOps } from './extract';
import { historyOps } from './history';
import { jobOps } from './jobs';
import { libraryOps } from './library';
import { ocrOps } from './ocr';
import type { OpEvent } from './op';
import { settingsOps } from './settings';

export const api = {
  ...libraryOps,
  ...collectionOps,
  ...ocrOps,
  ...analysisOps,
  ...compareOps,
  ...historyOps,
  ...exportOps,
  ...extractOps,
  ...settingsOps,
  ...appOps,
  ...jobOps,
} as const;

export type Api = typeof api;
export type OpName = keyof Api;
/** What a caller passes (before zod defaults/trim). */
export type OpInput<Op extends OpName> = z.input<Api[Op]['input']>;
/** What a handler receives (after parsing). */
export type OpParsedInput<Op extends OpName> = z.output<Api[Op]['input']>;
export type OpOutput<Op extends OpName> = z.output<Api[Op]['output']>;

export const OP_NAMES = Object.keys(api) as OpName[];
export type EngineOpName = { [K in OpName]: Api[K]['scope'] extends 'engine' ? K : never }[OpName];
export type ShellOpName = Exclude<OpName, EngineOpName>;
export const ENGINE_OP_NAMES = OP_NAMES.filter((op) => api[op].scope === 'engine') as EngineOpName[];
export const SHELL_OP_NAMES = OP_NAMES.filter((op) => api[op].scope === 'shell') as ShellOpName[];


export interface CallOptions {
  /** progress of a job, tokens of a streamed answer */
  onEvent?: (event: OpEvent) => void;
  /** aborting cancels the job (IPC: cancel message; HTTP: the SSE stream is closed) */
  signal?: AbortSignal;
}

/** The only thing the renderer knows about the engine. Rejects with ApiError. */
export interface ApiClient {
  call<Op extends OpName>(op: Op, input: OpInput<Op>, options?: CallOptions): Promise<OpOutput<Op>>;
}
