/**
 * The building block of the contract: one operation = a name, a zod schema for
 * its input and output, and the kinds of events it may emit while it runs.
 * Every transport (IPC, HTTP + SSE, direct calls) is a thin adapter over these
 * declarations. shared/ imports only zod.
 */
import * as z from './zod';
import { ProgressSchema } from './domain';

export const EventKindSchema = z.lazy(() => z.enum(['progress', 'delta']));
export type EventKind = z.infer<typeof EventKindSchema>;

/** A piece of a streamed answer. */
export const DeltaSchema = z.lazy(() => z.object({ text: z.string() }));

/** Events an operation emits while it runs (progress of a job, tokens of a streamed answer). */
export const OpEventSchema = z.lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: ProgressSchema }),
  z.object({ type: z.literal('delta'), text: z.string() }),
]));
export type OpEvent = z.infer<typeof OpEventSchema>;

/**
 * 'engine': handled by the engine service (every transport).
 * 'shell': handled by the Electron main process only (native dialogs); the HTTP
 * server answers them with NOT_AVAILABLE and the renderer offers a browser
 * equivalent (file input, download) when `app.info` says transport 'http'.
 */
export type OpScope = 'engine' | 'shell';

export interface OpDef<I extends z.ZodMiniType = z.ZodMiniType, O extends z.ZodMiniType = z.ZodMiniType, S extends OpScope = OpScope> {
  readonly input: I;
  readonly output: O;
  readonly events: readonly EventKind[];
  readonly scope: S;
  /** One line for docs and error messages. */
  readonly summary: string;
}

/**
 * Declares an operation. Its schemas are given as functions and built on first use (then kept): a
 * process builds the schemas of the operations it runs, not the whole contract's (a CLI `list` would
 * otherwise spend most of its start building zod objects; README, "Start-up").
 */
export function defineOp<I extends z.ZodMiniType, O extends z.ZodMiniType, S extends OpScope = 'engine'>(def: {
  input: () => I;
  output: () => O;
  events?: readonly EventKind[];
  scope?: S;
  summary: string;
}): OpDef<I, O, S> {
  let input: I | undefined;
  let output: O | undefined;
  return {
    get input(): I {
      return (input ??= def.input());
    },
    get output(): O {
      return (output ??= def.output());
    },
    events: def.events ?? [],
    scope: def.scope ?? ('engine' as S),
    summary: def.summary,
  };
}

// Common field schemas (bounded, so a hostile payload cannot be huge).
export const DocIdSchema = z.lazy(() => z.string().check(z.trim(), z.minLength(1, 'a document id is required'), z.maxLength(500)));
export const AnswerIdSchema = z.lazy(() => z.string().check(z.trim(), z.minLength(1, 'an answer id is required'), z.maxLength(200)));
export const EmptyInputSchema = z.lazy(() => z.strictObject({}));
