/**
 * On a terminal, `pagewise ingest` asks for the password of an encrypted PDF
 * (without echoing it) instead of failing. `script` gives the CLI a real pty.
 */
import { spawn, spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { makeEncryptedPdf, writeTempFixture } from '../fixtures/make-fixtures';
import { CLI, cliEnvironment, runCli } from './cli-helpers';

const hasScript = spawnSync('script', ['--version']).status === 0;

it.skipIf(!hasScript)('asks for the password of an encrypted PDF on a terminal, and retries a wrong one', async () => {
  const pdf = writeTempFixture('prompt-encrypted.pdf', await makeEncryptedPdf('s3cret'));
  const environment = cliEnvironment();
  const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ingest ${JSON.stringify(pdf)}`, '/dev/null'], {
    env: environment.env,
    cwd: environment.dir,
  });
  let output = '';
  const answers = ['wrong', 's3cret'];
  let answered = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    // answer each new prompt once
    const prompts = output.split('Password for').length - 1;
    while (answered < prompts && answered < answers.length) child.stdin.write(`${answers[answered++]}\r`);
  });
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  expect(code).toBe(0);
  expect(output).toMatch(/That password is not right/);
  expect(output).toMatch(/ingested in .* "Encrypted minutes", 1 page/);
  // typed passwords are never echoed
  expect(output).not.toContain('s3cret');
  const listed = await runCli(environment, ['list', '--json']);
  expect(JSON.parse(listed.stdout)).toHaveLength(1);
});

it.skipIf(!hasScript)('Ctrl+C at the password prompt stops with exit code 130 and stores nothing', async () => {
  const pdf = writeTempFixture('prompt-interrupted.pdf', await makeEncryptedPdf('s3cret'));
  const environment = cliEnvironment();
  const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ingest ${JSON.stringify(pdf)}`, '/dev/null'], {
    env: environment.env,
    cwd: environment.dir,
  });
  let output = '';
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (!interrupted && output.includes('Password for')) {
      interrupted = true;
      child.stdin.write('\x03');
    }
  });
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  expect(interrupted).toBe(true);
  expect(code).toBe(130);
  expect(output).toMatch(/cancelled/i);
  const listed = await runCli(environment, ['list', '--json']);
  expect(JSON.parse(listed.stdout)).toHaveLength(0);
});
