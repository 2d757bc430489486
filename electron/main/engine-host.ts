/**
 * The engine in an Electron utilityProcess (docs/ARCHITECTURE.md rule 9): a long
 * ingest or a big SQLite write never blocks the window. Main sends
 * { type: 'init' } once, then calls and cancels; we reply with events and
 * results (host-core.ts). No electron import: Electron provides
 * process.parentPort in a utility process.
 */
import type { HostRequest } from './engine-protocol';
import { createEngineHost } from './host-core';

interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  process.stderr.write('engine-host runs inside Electron (utilityProcess); use `pagewise` for the command line.\n');
  process.exit(2);
}
const port: ParentPortLike = parentPort;
const host = createEngineHost((message) => port.postMessage(message));
port.on('message', ({ data }) => host.receive(data as HostRequest));
process.on('SIGTERM', () => {
  void host.close().finally(() => process.exit(0));
});
