/**
 * The options every command takes, and moving them after the command name: shared by the command
 * (pagewise.ts) and its launcher (launch.ts, which names the code cache after the command).
 */
import type { OptionSpec } from './command';

export const GLOBAL_OPTIONS: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  // settings for this run (./config.ts reads them)
  model: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  reserve: { type: 'string' },
  concurrency: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

/** `pagewise --db lib.db ingest a.pdf`: global options given before the command move after it. */
export function hoistGlobalOptions(argv: readonly string[]): string[] {
  const hoisted: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const match = /^--([a-z-]+)(=.*)?$/.exec(argv[i] ?? '');
    const name = match?.[1];
    const spec = name !== undefined && name !== 'help' && name !== 'version' ? GLOBAL_OPTIONS[name] : undefined;
    if (!match || !spec) break;
    hoisted.push(argv[i] as string);
    i++;
    if (spec.type === 'string' && match[2] === undefined && i < argv.length) hoisted.push(argv[i++] as string);
  }
  if (hoisted.length === 0 || i >= argv.length) return [...argv];
  return [argv[i] as string, ...hoisted, ...argv.slice(i + 1)];
}
