/**
 * Staging file for pages between parsing and the one write transaction: JSON
 * lines on disk, so a 3,000-page document is never held in memory at once.
 * Reading is synchronous because better-sqlite3 transactions are synchronous
 * (and an await inside a transaction would let other work on the same
 * connection slip into it).
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

export class JsonLinesWriter<T> {
  private fd: number | null;
  count = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }

  write(value: T): void {
    if (this.fd === null) throw new Error(`staging file ${this.file} is closed`);
    const line = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
    let offset = 0;
    while (offset < line.length) offset += writeSync(this.fd, line, offset, line.length - offset);
    this.count += 1;
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}

/** Lazily yields one parsed value per line; memory holds one chunk plus the current line. */
export function* readJsonLines<T>(file: string, chunkSize = 1 << 20): Generator<T> {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkSize);
    let pending: Buffer[] = [];
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkSize, null);
      if (read === 0) break;
      let start = 0;
      for (;;) {
        // '\n' (0x0A) never occurs inside a multi-byte UTF-8 sequence, and JSON escapes it in strings.
        const nl = chunk.indexOf(0x0a, start);
        if (nl === -1 || nl >= read) break;
        const piece = chunk.subarray(start, nl);
        const line = pending.length ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        if (line.length > 0) yield JSON.parse(line.toString('utf8')) as T;
        start = nl + 1;
      }
      if (start < read) pending.push(Buffer.from(chunk.subarray(start, read)));
    }
    const rest = Buffer.concat(pending);
    if (rest.length > 0) yield JSON.parse(rest.toString('utf8')) as T;
  } finally {
    closeSync(fd);
  }
}
