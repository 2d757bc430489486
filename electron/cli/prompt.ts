/** Reading a secret from the terminal without echoing it. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { cancelledError } from '../core/errors';

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Rejects with CANCELLED when the user presses Ctrl+C at the prompt. */
export function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolveAnswer, rejectAnswer) => {
    // The terminal is raw while reading: Ctrl+C reaches readline, not the process.
    rl.once('SIGINT', () => {
      rl.close();
      process.stderr.write('\n');
      rejectAnswer(cancelledError());
    });
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolveAnswer(answer);
    });
    muted = true;
  });
}
