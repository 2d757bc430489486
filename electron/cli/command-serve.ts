import { fileURLToPath } from 'node:url';
import { MIN_TOKEN_LENGTH, startServer } from '../server';
import { type Command, intOption, stringOption, UsageError } from './command';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the app in a browser (browser mode) on 127.0.0.1',
  usage: 'pagewise serve [--port N] [--token TOKEN]\n  Prints the URL to open; requests without its session token are refused.',
  options: { port: { type: 'string' }, token: { type: 'string' } },
  async run({ options, session, signal }) {
    const port = intOption(options, 'port', 0, 65_535) ?? 0;
    const token = stringOption(options, 'token') ?? process.env.PAGEWISE_TOKEN;
    if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
      throw new UsageError(`the session token must be at least ${MIN_TOKEN_LENGTH} characters (or leave it out for a random one)`);
    }
    const { engine, call } = await session();
    const connection = await call('settings.connection', {});
    // dist/node/pagewise.js -> dist/renderer/
    const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
    const server = await startServer({ engine, host: '127.0.0.1', port, staticDir, ...(token ? { token } : {}) });
    process.stdout.write(`Pagewise is running at ${server.url}\n`);
    process.stdout.write(`${connection.summary}\n`);
    process.stdout.write(`Library: ${engine.library.path}\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((resolveStop) => signal.addEventListener('abort', () => resolveStop(), { once: true }));
    await server.close();
    return 0;
  },
};
