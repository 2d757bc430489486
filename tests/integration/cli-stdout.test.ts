/**
 * The CLI writes its output straight to file descriptor 1 (electron/cli/stdout.ts). What a user piping it
 * would notice if that went wrong: output cut short when the pipe fills, or an error when the reader stops.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { makeLargePdf } from '../fixtures/make-fixtures';
import { CLI, cliEnvironment, jsonLines, runCli, type CliEnvironment } from './cli-helpers';

let environment: CliEnvironment;
let docId: string;
let wholeText: string;

beforeAll(async () => {
  environment = cliEnvironment();
  const pdf = join(environment.dir, 'long-report.pdf');
  writeFileSync(pdf, await makeLargePdf(200));
  const ingest = await runCli(environment, ['ingest', pdf, '--json']);
  expect(ingest.code).toBe(0);
  docId = (jsonLines(ingest.stdout)[0] as { id: string }).id;
  const text = await runCli(environment, ['text', docId]);
  expect(text.code).toBe(0);
  wholeText = text.stdout;
  // far beyond a pipe's buffer (64 KB on Linux), so the writer has to wait for the reader
  expect(wholeText.length).toBeGreaterThan(200_000);
  expect(wholeText).toContain('--- page 200 ---');
}, 120_000);

/** Runs `pagewise text` with a reader that waits before reading; `nonBlocking` makes fd 1 non-blocking first. */
function readSlowly(nonBlocking: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // a non-blocking descriptor answers EAGAIN when the pipe is full
  const preload = nonBlocking ? ['--import', resolve('tests/fixtures/nonblocking-stdout.mjs')] : [];
  const child = spawn(process.execPath, [...preload, CLI, 'text', docId], { env: environment.env, cwd: environment.dir });
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 700);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

it('a long output read slowly arrives whole, through a blocking or a non-blocking pipe', async () => {
  for (const nonBlocking of [false, true]) {
    const run = await readSlowly(nonBlocking);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(wholeText);
  }
}, 60_000);

it('a reader that stops early (`| head -1`) ends the run quietly with success', async () => {
  const child = spawn(process.execPath, [CLI, 'text', docId], { env: environment.env, cwd: environment.dir });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let firstChunk = '';
  child.stdout.once('data', (chunk: Buffer) => {
    firstChunk = chunk.toString('utf8');
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  expect(firstChunk).toContain('--- page 1 ---');
  expect(stderr).toBe('');
  expect(code).toBe(0);
}, 60_000);
