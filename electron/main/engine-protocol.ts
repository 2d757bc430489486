/**
 * Messages between Electron main and the engine host (a utilityProcess).
 * Internal to the desktop app; the renderer never sees them.
 */
import type { ErrorShapeWire, OpEvent } from '../../shared/api';

export type HostRequest =
  | { type: 'init'; libraryPath: string; apiKey: string | null }
  | { type: 'call'; id: number; op: string; input: unknown }
  | { type: 'cancel'; id: number }
  /** Where the stored PDF of a document is (for the app:// protocol). */
  | { type: 'filePath'; id: number; docId: string };

export type HostReply =
  | { type: 'ready'; libraryPath: string }
  | { type: 'fatal'; message: string }
  | { type: 'event'; id: number; event: OpEvent }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ErrorShapeWire }
  | { type: 'filePath'; id: number; path: string | null };
