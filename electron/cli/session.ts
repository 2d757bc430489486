/**
 * The CLI's front door to the engine: every command calls the same operations
 * the app uses, through service.dispatch (docs/ARCHITECTURE.md, one contract).
 * References (a document's id prefix, file name or title; an answer id prefix)
 * are resolved by the handlers, not here.
 */
import type { OpEvent, OpInput, OpName, OpOutput } from '../../shared/api';
import { createEngine, type Engine } from '../core/engine';
import type { StoredSettings } from '../core/settings/store';
import { dispatch } from '../core/service';
import { PagewiseError } from '../core/errors';
import { formatInt } from './output';

export interface CliSession {
  call<Op extends OpName>(op: Op, input: OpInput<Op>, onEvent?: (event: OpEvent) => void): Promise<OpOutput<Op>>;
  /** The library file this session opened. */
  libraryPath: string;
  /** Only for `serve`: the HTTP server is a front door of its own and dispatches to the engine itself. */
  engineForServer(): Engine;
  close(): void;
}

export interface SessionOptions {
  libraryPath: string;
  signal: AbortSignal;
  env: Record<string, string | undefined>;
  /** Settings for this run only (config file, then flags); never saved. */
  overrides: StoredSettings;
}

export async function openSession(options: SessionOptions): Promise<CliSession> {
  const engine = await createEngine({ libraryPath: options.libraryPath, env: options.env, overrides: options.overrides });
  warnAboutCappedReserve(engine, options.overrides);
  return {
    async call(op, input, onEvent) {
      const result = await dispatch(engine, op, input, { signal: options.signal, emit: (event) => onEvent?.(event) });
      if (!result.ok) throw new PagewiseError(result.error.code, result.error.message);
      return result.value;
    },
    libraryPath: engine.libraryPath,
    engineForServer: () => engine,
    close() {
      engine.close();
    },
  };
}

/** A reserve beyond what the model can write in one answer is capped by the planner: say so once. */
function warnAboutCappedReserve(engine: Engine, overrides: StoredSettings): void {
  const wanted = overrides.answerReserveTokens;
  if (wanted === undefined || wanted === null) return;
  let model: ReturnType<Engine['model']>;
  try {
    model = engine.model();
  } catch {
    return; // an unknown model is reported by the command itself
  }
  const cap = Math.min(model.maxOutput, Math.floor(model.contextWindow / 2));
  if (wanted > cap) {
    process.stderr.write(`pagewise: note: an answer reserve of ${formatInt(wanted)} tokens is more than ${model.id} can write in one answer; using ${formatInt(cap)}.\n`);
  }
}
