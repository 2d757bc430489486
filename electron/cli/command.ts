/** What every `command-<verb>.ts` exports: usage text, option spec, action (see pagewise.ts for the registry). */
import type { ParseArgsConfig } from 'node:util';
import type { CliSession } from './session';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  positionals: string[];
  options: OptionValues;
  json: boolean;
  /** Opens the library + engine lazily (commands like --help need none). */
  session: () => Promise<CliSession>;
  signal: AbortSignal;
}

export interface Command {
  usage: string;
  options: OptionSpec;
  /** Returns the process exit code. */
  run(context: CommandContext): Promise<number>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

export function intOption(options: OptionValues, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = stringOption(options, name);
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
  if (value > max) throw new UsageError(`--${name} must be at most ${max}, got "${raw}"`);
  return value;
}

export function choiceOption<T extends string>(options: OptionValues, name: string, choices: readonly T[], fallback: T): T {
  const raw = stringOption(options, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** A choice flag that may be absent (the engine then uses its setting). */
export function optionalChoiceOption<T extends string>(options: OptionValues, name: string, choices: readonly T[]): T | undefined {
  return stringOption(options, name) === undefined ? undefined : choiceOption(options, name, choices, choices[0] as T);
}

export function requirePositional(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}
