/** Runs the built `pagewise` CLI (dist/node/pagewise.cjs) as a user would. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve('dist/node/pagewise.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliEnvironment {
  dir: string;
  db: string;
  env: Record<string, string>;
}

/** A temp folder with its own library and config dir, and no provider (offline). */
export function cliEnvironment(extra: Record<string, string> = {}): CliEnvironment {
  const dir = mkdtempSync(join(tmpdir(), 'pagewise-cli-'));
  const db = join(dir, 'library.db');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('OPENAI_') && !key.startsWith('PAGEWISE_')) env[key] = value;
  }
  return { dir, db, env: { ...env, PAGEWISE_DB: db, XDG_CONFIG_HOME: join(dir, 'config'), NO_COLOR: '1', ...extra } };
}

/** `onStderr` sees each stderr chunk as it arrives (to tell what was printed before a request reached a server). */
export function runCli(environment: CliEnvironment, args: string[], options: { cwd?: string; onStderr?: (chunk: string) => void } = {}): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: environment.env, cwd: options.cwd ?? environment.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr += text;
      options.onStderr?.(text);
    });
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** Parse `--json` output: one JSON value per non-empty line. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
