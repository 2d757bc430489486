/**
 * `pagewise`: the headless front door. This file parses global options, picks the command and maps
 * outcomes to exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
 *
 * Adding a command (the pattern every command follows):
 *   1. Write electron/cli/command-<verb>.ts exporting a `Command` (./command.ts): its usage text,
 *      its options and `run`, which talks to the engine only through `(await session()).call(op, input)`
 *      (the contract's dispatch; references such as id prefixes are resolved by the handlers).
 *   2. Add one line to COMMANDS below: name, one-line summary, and `load`, a dynamic import of the file.
 *
 * Why the dynamic imports: every run starts a fresh process, and loading the engine (zod schemas,
 * SQLite, the tokenizer, pdf.js...) costs far more than Node's own start. The static imports here are
 * Node built-ins and tiny modules only, so `--version` and `--help` load almost nothing and a command
 * loads what it uses (the build keeps each import() lazy: scripts/build-node.mjs). The build makes this
 * file one CommonJS bundle that ./launch.ts runs with V8's code cache (./code-cache.ts).
 */
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../../shared/api/defaults';
import { defaultLibraryPath } from '../core/store/paths';
import { type Command, UsageError } from './command';
import { GLOBAL_OPTIONS, hoistGlobalOptions } from './global-options';
import { isVersionRequest, printVersion } from './version';
import type { CliSession } from './session';
import { writeStdout } from './stdout';
import { formatInt } from './output';

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: readonly CommandEntry[] = [
  { name: 'ingest', summary: 'Parse PDFs, count their tokens and add them to the library', load: async () => (await import('./command-ingest')).ingestCommand },
  { name: 'list', summary: 'List the documents in the library', load: async () => (await import('./command-list')).listCommand },
  { name: 'info', summary: 'Pages, tokens and fit in the model window of one document', load: async () => (await import('./command-info')).infoCommand },
  { name: 'search', summary: 'Full-text search over the pages of a document (or all with --all)', load: async () => (await import('./command-search')).searchCommand },
  { name: 'text', summary: 'Print the stored text of pages (with where it came from: text layer or OCR)', load: async () => (await import('./command-text')).textCommand },
  { name: 'ocr', summary: 'Read the scanned pages of a document offline (resumes where it stopped)', load: async () => (await import('./command-ocr')).ocrCommand },
  { name: 'rename', summary: 'Give a document a title of your own', load: async () => (await import('./command-rename')).renameCommand },
  { name: 'remove', summary: 'Remove documents (their stored copy, and the answers and summaries written from them alone)', load: async () => (await import('./command-remove')).removeCommand },
  { name: 'collection', summary: 'Named sets of documents to ask or compare together', load: async () => (await import('./command-collection')).collectionCommand },
  { name: 'ask', summary: 'Ask a question; the answer cites pages the app has checked', load: async () => (await import('./command-ask')).askCommand },
  { name: 'compare', summary: 'Ask each document of a collection the same question; the answers side by side', load: async () => (await import('./command-compare')).compareCommand },
  { name: 'summarize', summary: 'Summarize a whole document, however long, with page citations', load: async () => (await import('./command-summarize')).summarizeCommand },
  { name: 'extract', summary: 'Extract fields (a template) from documents into a table, every value with its checked quote', load: async () => (await import('./command-extract')).extractCommand },
  { name: 'template', summary: 'Extraction templates: list, show, import, export, delete', load: async () => (await import('./command-template')).templateCommand },
  { name: 'jobs', summary: 'Batch jobs (half-price runs over many documents): list, wait, cancel, retry', load: async () => (await import('./command-jobs')).jobsCommand },
  { name: 'history', summary: 'Past answers and summaries, readable offline', load: async () => (await import('./command-history')).historyCommand },
  { name: 'show', summary: 'Print a past answer or summary with its citations', load: async () => (await import('./command-history')).showCommand },
  { name: 'export', summary: "Write an answer, a summary or a document's whole Q&A to a file", load: async () => (await import('./command-export')).exportCommand },
  { name: 'serve', summary: 'Run the app in a browser (browser mode) on 127.0.0.1', load: async () => (await import('./command-serve')).serveCommand },
];

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
    `  --model ID      model for this run (default: the saved setting, ${DEFAULTS.model})`,
    '  --provider P    none | openai | azure | compatible (default: openai when OPENAI_API_KEY is set)',
    '  --base-url URL  an OpenAI-compatible server (Ollama, LM Studio, vLLM...)',
    `  --reserve N     tokens reserved for the answer (default ${formatInt(DEFAULTS.answerReserveTokens)})`,
    `  --concurrency N parallel requests for long summaries (default ${DEFAULTS.concurrency})`,
    '  --config FILE   settings file (default: ~/.config/pagewise/config.json)',
    '  -h, --help      help for a command: pagewise <command> --help',
    '',
    'Provider: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server).',
    'Without one, ask and summarize work offline in extractive mode (no model used).',
  ].join('\n');
}

export async function main(rawArgv: string[]): Promise<number> {
  const argv = hoistGlobalOptions(rawArgv);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeStdout(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (isVersionRequest(argv)) {
    printVersion();
    return 0;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) {
    process.stderr.write(`pagewise: unknown command "${name}". Run pagewise --help for the list.\n`);
    return 2;
  }
  const command = await entry.load();

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (caught) {
    process.stderr.write(`pagewise ${entry.name}: ${(caught as Error).message}\nUsage: ${command.usage}\n`);
    return 2;
  }
  const options = parsed.values as Record<string, string | boolean | undefined>;
  if (options.help) {
    writeStdout(`${entry.summary}\n\nUsage: ${command.usage}\n`);
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
        if (session) return session;
        const [{ openSession }, { settingsOverrides }] = await Promise.all([import('./session'), import('./config')]);
        session = await openSession({ libraryPath, signal: controller.signal, env, overrides: settingsOverrides(options, env) });
        return session;
      },
    });
  } catch (caught) {
    if (caught instanceof UsageError) {
      process.stderr.write(`pagewise ${entry.name}: ${caught.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    const [{ toPagewiseError }, { printError }] = await Promise.all([import('../core/errors'), import('./output')]);
    const error = toPagewiseError(caught);
    if (options.json === true) writeStdout(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
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

/**
 * When the program is done and nothing is left that keeps the process alive (no write still queued on a
 * slow pipe, no timer, no worker in use), exit at once. Node's own way out first runs the tasks V8 left
 * for the main thread (a garbage collection among them), then frees the heap and joins its threads: ~3 ms
 * and ~140 page faults for `list`, for memory the system takes back anyway. process.exit still runs the
 * 'exit' listeners (the code cache's). Anything still active takes the normal way out.
 */
function exitIfIdle(): void {
  if (process.getActiveResourcesInfo().length === 0) process.exit();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    exitIfIdle();
  },
  (caught: unknown) => {
    process.stderr.write(`pagewise: unexpected failure: ${String(caught)}\n`);
    process.exitCode = 1;
  },
);
