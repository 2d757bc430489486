#!/usr/bin/env node
/**
 * `pagewise`: the headless front door. One file per command (command-<verb>.ts);
 * this file parses global options, picks the command and maps outcomes to
 * exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
 */
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../core/engine';
import { defaultLibraryPath } from '../core/store';
import { toPagewiseError } from '../core/errors';
import { type Command, type OptionSpec, UsageError } from './command';
import { askCommand } from './command-ask';
import { exportCommand } from './command-export';
import { historyCommand, showCommand } from './command-history';
import { infoCommand } from './command-info';
import { ingestCommand } from './command-ingest';
import { listCommand } from './command-list';
import { removeCommand } from './command-remove';
import { renameCommand } from './command-rename';
import { searchCommand } from './command-search';
import { serveCommand } from './command-serve';
import { summarizeCommand } from './command-summarize';
import { SETTINGS_OPTIONS, settingsOverrides } from './config';
import { printError } from './output';
import { openSession, type CliSession } from './session';

const COMMANDS: readonly Command[] = [
  ingestCommand,
  listCommand,
  infoCommand,
  searchCommand,
  renameCommand,
  removeCommand,
  askCommand,
  summarizeCommand,
  historyCommand,
  showCommand,
  exportCommand,
  serveCommand,
];

const GLOBAL_OPTIONS: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  ...SETTINGS_OPTIONS,
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Pagewise: read long PDFs with GPT-4o mini, with page citations the app verifies.',
    '',
    'Usage: pagewise <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    '  --db FILE       the library database (default: $PAGEWISE_DB or ' + defaultLibraryPath() + ')',
    '  --json          machine-readable output',
    '  --model ID      model for this run (default: the saved setting, gpt-4o-mini)',
    '  --provider P    none | openai | azure | compatible (default: openai when OPENAI_API_KEY is set)',
    '  --base-url URL  an OpenAI-compatible server (Ollama, LM Studio, vLLM...)',
    '  --reserve N     tokens reserved for the answer (default 4,096)',
    '  --concurrency N parallel requests for long summaries (default 4)',
    '  --config FILE   settings file (default: ~/.config/pagewise/config.json)',
    '  -h, --help      help for a command: pagewise <command> --help',
    '',
    'Provider: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server).',
    'Without one, ask and summarize work offline in extractive mode (no model used).',
  ].join('\n');
}

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

export async function main(rawArgv: string[]): Promise<number> {
  const argv = hoistGlobalOptions(rawArgv);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`pagewise ${APP_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`pagewise: unknown command "${name}". Run pagewise --help for the list.\n`);
    return 2;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (caught) {
    process.stderr.write(`pagewise ${command.name}: ${(caught as Error).message}\nUsage: ${command.usage}\n`);
    return 2;
  }
  const options = parsed.values as Record<string, string | boolean | undefined>;
  if (options.help) {
    process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nStopping… (Ctrl+C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  const env: Record<string, string | undefined> = { ...process.env };
  const libraryPath = typeof options.db === 'string' ? options.db : defaultLibraryPath();
  let session: CliSession | null = null;
  try {
    return await command.run({
      positionals: parsed.positionals,
      options,
      json: options.json === true,
      signal: controller.signal,
      session: async () => {
        session ??= await openSession({ libraryPath, signal: controller.signal, env, overrides: settingsOverrides(options, env) });
        return session;
      },
    });
  } catch (caught) {
    if (caught instanceof UsageError) {
      process.stderr.write(`pagewise ${command.name}: ${caught.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    const error = toPagewiseError(caught);
    if (options.json === true) process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    printError(error.toJSON());
    if (error.code === 'CANCELLED') return 130;
    if (error.code === 'INVALID_INPUT') return 2;
    return 1;
  } finally {
    (session as CliSession | null)?.close();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

// `pagewise history | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (caught: unknown) => {
    process.stderr.write(`pagewise: unexpected failure: ${String(caught)}\n`);
    process.exitCode = 1;
  },
);
