/**
 * Runnable fake OpenAI server (built to dist/node/fake-openai.js):
 *   node dist/node/fake-openai.js [--port 0] [--chunk-delay-ms 15]
 * Prints FAKE_OPENAI_URL=http://127.0.0.1:PORT/v1 and stays up until SIGINT/SIGTERM.
 * Drive it over HTTP: POST /__control/fault, GET /__control/requests, POST /__control/reset.
 */
import { startFakeOpenAI } from './server';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === name) return args[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

function numberFlag(name: string, fallback: number): number {
  const raw = flag(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const USAGE = `Usage: node dist/node/fake-openai.js [--port N] [--chunk-delay-ms N]

A fake OpenAI-compatible server for tests and demos (127.0.0.1 only). Then:
  OPENAI_API_KEY=sk-test OPENAI_BASE_URL=<the printed URL> npx pagewise ask <doc> "..."
Faults (POST JSON to /__control/fault; null clears):
  {"kind":"rate-limit","retryAfterSeconds":1,"times":1}   {"kind":"server-error","times":3}
  {"kind":"cut-stream","afterChunks":3}   {"kind":"stall-stream","afterChunks":3}
  {"kind":"hang"}   {"kind":"auth"}
Behaviours (POST JSON to /__control/behaviour; null = verbatim), or "[fake:NAME]" in a question:
  {"kind":"misquote","how":"number"|"page"|"invented"}   {"kind":"obey"}   {"kind":"every-form"}
  {"kind":"script","text":"..."}
GET /__control/requests lists what was received; POST /__control/reset clears it.
`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const fake = await startFakeOpenAI({ port: numberFlag('--port', 0), chunkDelayMs: numberFlag('--chunk-delay-ms', 15) });
process.stdout.write(`FAKE_OPENAI_URL=${fake.baseUrl}\n`);

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
