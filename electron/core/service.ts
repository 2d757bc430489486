/**
 * The one entry point of the engine: combines the per-area handler maps and
 * dispatches an operation by name. Every transport (CLI, HTTP, Electron engine
 * host) calls dispatch; it validates the input with the contract's schema,
 * runs the handler, validates the output and turns any error into ErrorShape.
 */
import { formatZodError } from '../../shared/api/issues';
import { isOpName, loadOpDefinition, OP_AREA, type ContractArea } from '../../shared/api/areas';
import type { EngineOpName, OpName, OpOutput, OpParsedInput } from '../../shared/api/contract';
import type { OpEvent } from '../../shared/api/op';
import type { Transport } from '../../shared/api/app';
import type { Engine } from './engine';
import { PagewiseError, toPagewiseError, type ErrorShape } from './errors';

/** Uploaded files a handler may be handed by its front door (browser mode: electron/server/uploads.ts). */
export interface UploadedFiles {
  /** The stored upload's file, or null when unknown/expired. */
  path(uploadId: string): string | null;
  /** Give the stored upload another file name (the document's file name); returns its new path. */
  rename(uploadId: string, fileName: string): string | null;
  discard(uploadId: string): void;
}

// ---- handler typing (used by electron/core/<area>/handlers.ts) ----
export interface HandlerContext {
  signal: AbortSignal;
  emit: (event: OpEvent) => void;
  transport: Transport;
  /** Present only where the front door takes uploads (HTTP). */
  uploads?: UploadedFiles;
}
export type Handler<Op extends EngineOpName> = (
  engine: Engine,
  input: OpParsedInput<Op>,
  context: HandlerContext,
) => Promise<OpOutput<Op>> | OpOutput<Op>;
export type HandlerMap<Ops extends EngineOpName> = { [K in Ops]: Handler<K> };

/** Combine handler maps; a name declared twice is a programming error. */
export function combineHandlers(...maps: Record<string, unknown>[]): Record<string, unknown> {
  const combined: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (Object.prototype.hasOwnProperty.call(combined, name)) throw new Error(`Duplicate handler for operation "${name}".`);
      combined[name] = handler;
    }
  }
  return combined;
}

type AreaHandlers = Record<string, unknown>;

/**
 * Each contract area's handlers, imported on first use: a command loads the code of the areas it
 * calls only (a CLI `list` does not build the extraction, batch or export code; issue 9).
 */
const AREA_HANDLERS: Record<ContractArea, () => Promise<AreaHandlers>> = {
  library: async () => (await import('./library/handlers')).libraryHandlers,
  collections: async () => (await import('./collections/handlers')).collectionHandlers,
  ocr: async () => (await import('./ocr/handlers')).ocrHandlers,
  analysis: async () => (await import('./analysis/handlers')).analysisHandlers,
  compare: async () => (await import('./compare/handlers')).compareHandlers,
  history: async () => (await import('./history/handlers')).historyHandlers,
  export: async () => (await import('./export/handlers')).exportHandlers,
  extract: async () => (await import('./extract/handlers')).extractHandlers,
  settings: async () => (await import('./settings/handlers')).settingsHandlers,
  app: async () => (await import('./settings/handlers')).appHandlers,
  jobs: async () => (await import('./batch/handlers')).jobHandlers,
};

/**
 * Every area's handlers combined (the contract test checks: one handler per engine operation, each
 * in the area the contract declares it in, none for shell operations).
 */
export async function loadAllHandlers(): Promise<{ combined: AreaHandlers; byArea: Record<ContractArea, AreaHandlers> }> {
  const areas = Object.keys(AREA_HANDLERS) as ContractArea[];
  const maps = await Promise.all(areas.map((area) => AREA_HANDLERS[area]()));
  const byArea = Object.fromEntries(areas.map((area, i) => [area, maps[i]])) as Record<ContractArea, AreaHandlers>;
  return { combined: combineHandlers(...maps), byArea };
}

async function handlerFor(op: EngineOpName): Promise<Handler<EngineOpName>> {
  const handler = (await AREA_HANDLERS[OP_AREA[op]]())[op];
  if (typeof handler !== 'function') throw new Error(`No handler for operation "${op}".`);
  return handler as Handler<EngineOpName>;
}

export interface DispatchOptions {
  signal?: AbortSignal;
  emit?: (event: OpEvent) => void;
  /** Which front door called (app.info reports it); default 'direct'. */
  transport?: Transport;
  /** The front door's uploads (browser mode), for library.ingest of an upload. */
  uploads?: UploadedFiles;
}

export type DispatchResult<Op extends OpName> = { ok: true; value: OpOutput<Op> } | { ok: false; error: ErrorShape };

/**
 * Run one operation. Never throws: failures come back as { ok: false, error }.
 * Events the op does not declare are dropped; events after the op ended too.
 */
export async function dispatch<Op extends OpName>(
  engine: Engine,
  op: Op,
  input: unknown,
  options: DispatchOptions = {},
): Promise<DispatchResult<Op>> {
  const signal = options.signal ?? new AbortController().signal;
  try {
    if (!isOpName(op)) throw new PagewiseError('INVALID_INPUT', `Unknown operation "${String(op)}".`);
    const def = await loadOpDefinition(op);
    if (def.scope !== 'engine') {
      throw new PagewiseError('NOT_AVAILABLE', `"${op}" is only available in the desktop app.`);
    }
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) throw new PagewiseError('INVALID_INPUT', formatZodError(parsed.error, op));
    if (signal.aborted) throw new PagewiseError('CANCELLED', 'The operation was cancelled.');

    let running = true;
    const allowed = new Set<string>(def.events);
    const context: HandlerContext = {
      signal,
      transport: options.transport ?? 'direct',
      ...(options.uploads ? { uploads: options.uploads } : {}),
      emit: (event) => {
        if (!running || !allowed.has(event.type) || !options.emit) return;
        try {
          options.emit(event);
        } catch {
          // a listener that fails must not fail the job
        }
      },
    };
    const handler = (await handlerFor(op as EngineOpName)) as unknown as (e: Engine, i: unknown, c: HandlerContext) => unknown;
    let output: unknown;
    try {
      output = await handler(engine, parsed.data, context);
    } finally {
      running = false;
    }
    const checked = def.output.safeParse(output);
    if (!checked.success) {
      throw new PagewiseError('INTERNAL', `The engine produced an invalid result for ${op}: ${formatZodError(checked.error)}`);
    }
    return { ok: true, value: checked.data as OpOutput<Op> };
  } catch (caught) {
    let error = toPagewiseError(caught);
    if (signal.aborted && error.code === 'INTERNAL') error = new PagewiseError('CANCELLED', 'The operation was cancelled.');
    return { ok: false, error: error.toJSON() };
  }
}

/** dispatch, but throwing PagewiseError on failure (tests, CLI helpers). */
export async function call<Op extends OpName>(engine: Engine, op: Op, input: unknown, options: DispatchOptions = {}): Promise<OpOutput<Op>> {
  const result = await dispatch(engine, op, input, options);
  if (!result.ok) throw new PagewiseError(result.error.code, result.error.message);
  return result.value;
}
