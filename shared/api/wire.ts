/**
 * What crosses a process boundary, for each transport. Errors always travel as
 * ErrorShape ({ type: 'PagewiseError', code, message }, see ./errors); ApiError
 * is what a client throws on its side.
 */
import * as z from './zod';
import type { ErrorShape } from './errors';
import type { OpEvent } from './op';

export * from './channels';

/** The error shape as it travels (the same type as ErrorShape; kept for the transports' names). */
export type ErrorShapeWire = ErrorShape;

// ---------- Electron IPC (preload <-> main) ----------

export const CallIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid call id'));
export const IpcRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), callId: CallIdSchema, op: z.string().check(z.maxLength(100)), input: z.unknown() }),
  z.strictObject({ kind: z.literal('cancel'), callId: CallIdSchema }),
]);
export type IpcRequest = z.infer<typeof IpcRequestSchema>;
export type IpcResponse = { ok: true; result: unknown } | { ok: false; error: ErrorShapeWire };
export interface IpcEventMessage {
  callId: string;
  event: OpEvent;
}


// ---------- HTTP + SSE (browser mode) ----------
/** SSE event names on POST /api/:op: zero or more progress/delta, then exactly one result or error. */
export type SseEventName = 'progress' | 'delta' | 'result' | 'error';
export const UploadResponseSchema = z.object({ uploadId: z.string(), byteSize: z.nonNegativeInt() });
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
