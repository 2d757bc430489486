/**
 * The CLI's front door to the engine: the same operations the app uses,
 * called directly (docs/ARCHITECTURE.md rule 1).
 */
import type { OpEvent, OpInput, OpName, OpOutput } from '../../shared/api';
import { createEngine, type Engine } from '../core/engine';
import type { StoredSettings } from '../core/settings/store';
import { dispatch } from '../core/service';
import { PagewiseError } from '../core/errors';

export interface CliSession {
  engine: Engine;
  call<Op extends OpName>(op: Op, input: OpInput<Op>, onEvent?: (event: OpEvent) => void): Promise<OpOutput<Op>>;
  /** A full answer id from an id or a unique prefix of one; null when none matches. */
  findAnswerId(ref: string): string | null;
  /** Like findAnswerId, but throws ANSWER_NOT_FOUND. */
  resolveAnswerId(ref: string): string;
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
  const findAnswerId = (ref: string): string | null => {
    const trimmed = ref.trim();
    if (trimmed.length < 4) return null;
    if (engine.library.getAnswer(trimmed)) return trimmed;
    const matches = engine.library
      .listAnswers({ limit: 100_000 })
      .filter((answer) => answer.id.startsWith(trimmed));
    return matches.length === 1 && matches[0] ? matches[0].id : null;
  };
  return {
    engine,
    async call(op, input, onEvent) {
      const result = await dispatch(engine, op, input, { signal: options.signal, emit: (event) => onEvent?.(event) });
      if (!result.ok) throw new PagewiseError(result.error.code, result.error.message);
      return result.value;
    },
    findAnswerId,
    resolveAnswerId(ref) {
      const id = findAnswerId(ref);
      if (!id) throw new PagewiseError('ANSWER_NOT_FOUND', `No answer or summary with id "${ref}". List them with: pagewise history`);
      return id;
    },
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
    const n = (v: number): string => v.toLocaleString('en-US');
    process.stderr.write(`pagewise: note: an answer reserve of ${n(wanted)} tokens is more than ${model.id} can write in one answer; using ${n(cap)}.\n`);
  }
}
