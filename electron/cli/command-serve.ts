import { fileURLToPath } from 'node:url';
import { TokenSourceError, fixedSessionToken, startServer } from '../server';
import { type Command, intOption, stringOption, UsageError } from './command';
import { writeStdout } from './stdout';

export const serveCommand: Command = {
  usage:
    'pagewise serve [--port N] [--token-file FILE]\n  Prints the URL to open; requests without its session token are refused.\n' +
    '  A fixed token comes from FILE (first line) or PAGEWISE_TOKEN, never the command line; default: a random one.',
  options: { port: { type: 'string' }, 'token-file': { type: 'string' } },
  async run({ options, session, signal }) {
    const port = intOption(options, 'port', 0, 65_535) ?? 0;
    let token: string | undefined;
    try {
      token = fixedSessionToken({ tokenFile: stringOption(options, 'token-file'), env: process.env });
    } catch (error) {
      if (error instanceof TokenSourceError) throw new UsageError(error.message);
      throw error;
    }
    const opened = await session();
    const engine = opened.engineForServer();
    const connection = await opened.call('settings.connection', {});
    // dist/node/pagewise.cjs -> dist/renderer/
    const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
    const server = await startServer({ engine, host: '127.0.0.1', port, staticDir, ...(token ? { token } : {}) });
    writeStdout(`Pagewise is running at ${server.url}\n`);
    writeStdout(`${connection.summary}\n`);
    writeStdout(`Library: ${opened.libraryPath}\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((resolveStop) => signal.addEventListener('abort', () => resolveStop(), { once: true }));
    await server.close();
    return 0;
  },
};
