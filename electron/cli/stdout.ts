/**
 * Everything the CLI prints to standard output goes through writeStdout. On Linux and macOS it writes
 * to file descriptor 1 directly, without process.stdout: creating that stream loads Node's stream
 * machinery (~5 ms, a tenth of a `pagewise list`). Writes are synchronous and whole, so output keeps its
 * order and is complete when the process exits.
 *
 * - A reader that went away (`pagewise list | head -1`): EPIPE ends the run quietly, as a shell expects.
 * - A non-blocking descriptor (something else made process.stdout, or the parent left the pipe so)
 *   answers EAGAIN when the pipe is full: from then on the rest goes through process.stdout, which waits.
 * - Windows: process.stdout (its console writes UTF-16; raw bytes would show the code page's mojibake).
 */
import { writeSync } from 'node:fs';

let viaStream = process.platform === 'win32';

export function writeStdout(text: string): void {
  if (viaStream) {
    writeThroughStream(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') readerGone();
      if (code !== 'EAGAIN') throw error;
      viaStream = true;
      writeThroughStream(bytes.subarray(offset));
      return;
    }
  }
}

/** The reader stopped (`| head`): not an error, the run ends with the code it had. */
function readerGone(): never {
  process.exit(process.exitCode ?? 0);
}

let streamWatched = false;

function writeThroughStream(chunk: string | Uint8Array): void {
  if (!streamWatched) {
    streamWatched = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') readerGone();
      throw error;
    });
  }
  process.stdout.write(chunk);
}
