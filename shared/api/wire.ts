/**
 * What crosses a process boundary, for each transport. Errors always travel as
 * ErrorShape ({ type: 'PagewiseError', code, message }); ApiError is what a
 * client throws on its side.
 */
import { z } from 'zod';
import { ErrorShapeSchema } from './domain';
import type { OpEvent } from './op';

export * from './channels';

export type ErrorShapeWire = z.infer<typeof ErrorShapeSchema>;

/** A client-side Error carrying the stable code of the error that crossed the boundary. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
  static fromShape(shape: { code: string; message: string }): ApiError {
    return new ApiError(shape.code, shape.message);
  }
  /** Anything thrown/received -> ApiError (unknown shapes become INTERNAL). */
  static from(value: unknown): ApiError {
    if (value instanceof ApiError) return value;
    const parsed = ErrorShapeSchema.safeParse(value);
    if (parsed.success) return ApiError.fromShape(parsed.data);
    if (value instanceof Error && value.name === 'AbortError') return new ApiError('CANCELLED', 'The operation was cancelled.');
    const message = value instanceof Error ? value.message : String(value);
    return new ApiError('INTERNAL', message);
  }
  toJSON(): ErrorShapeWire {
    return { type: 'PagewiseError', code: this.code, message: this.message };
  }
}

// ---------- Electron IPC (preload <-> main) ----------

export const CallIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid call id');
export const IpcRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), callId: CallIdSchema, op: z.string().max(100), input: z.unknown() }),
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
export const UploadResponseSchema = z.object({ uploadId: z.string(), byteSize: z.number().int().nonnegative() });
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
