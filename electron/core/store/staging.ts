/**
 * Staging folders for ingests in progress: files/.staging/<pid>-<random>/. Each ingest gets its own; one left
 * behind by a process that died is swept when the library is next opened.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const STAGING_DIR = '.staging';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A private folder for one ingest's staging files; removed by the ingest, or later if its process died. */
export function createStagingDir(filesDir: string): string {
  const root = join(filesDir, STAGING_DIR);
  mkdirSync(root, { recursive: true });
  const dir = join(root, `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir);
  return dir;
}

/** Remove staging folders left behind by processes that no longer exist (killed ingests). */
export function sweepStaging(filesDir: string): void {
  const root = join(filesDir, STAGING_DIR);
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  for (const name of entries) {
    const pid = Number.parseInt(name.split('-')[0] ?? '', 10);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
}
