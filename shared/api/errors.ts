/**
 * The error codes of the contract (docs/ARCHITECTURE.md, "Errors"). Every
 * transport (CLI, IPC, HTTP) and every client uses only these; `code` is
 * stable and machine-readable, the message beside it is a sentence a person
 * can act on. Add a code here, never in a transport.
 */
import * as z from './zod';

export const ERROR_CODES = [
  // input files
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'NOT_A_PDF',
  'CORRUPT_PDF',
  'ENCRYPTED_PDF',
  'WRONG_PASSWORD',
  'EMPTY_PDF',
  'PDF_TOO_LARGE',
  // output files (export) and the disk
  'FILE_UNWRITABLE',
  'DISK_FULL',
  // library
  'DOC_NOT_FOUND',
  'ANSWER_NOT_FOUND',
  'COLLECTION_NOT_FOUND',
  'NO_TEXT_LAYER',
  'DB_BUSY',
  // requests
  'INVALID_INPUT',
  'CANCELLED',
  /** The operation exists but not on this transport (a native dialog in browser mode). */
  'NOT_AVAILABLE',
  // who may call (browser mode's session token, IPC's sender check, Host/Origin checks)
  'UNAUTHORIZED',
  'FORBIDDEN',
  /** The client cannot reach the engine (server stopped, engine process gone). */
  'ENGINE_UNREACHABLE',
  // model providers
  'NO_PROVIDER',
  'AUTH_FAILED',
  'RATE_LIMITED',
  'MODEL_NOT_FOUND',
  'CONTEXT_TOO_LONG',
  'PROVIDER_UNAVAILABLE',
  'STREAM_INTERRUPTED',
  'TIMEOUT',
  /** The provider has no Batch API (an OpenAI-compatible server, no model): run the work directly. */
  'BATCH_UNSUPPORTED',
  /** No batch job has this id. */
  'JOB_NOT_FOUND',
  // anything else
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.lazy(() => z.enum(ERROR_CODES));
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** The one transferable error shape that crosses IPC / HTTP / CLI JSON. */
export const ErrorShapeSchema = z.lazy(() => z.object({
  type: z.literal('PagewiseError'),
  code: ErrorCodeSchema,
  message: z.string(),
}));
export type ErrorShape = z.infer<typeof ErrorShapeSchema>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return ErrorCodeSchema.safeParse(value).success;
}

/** A client-side Error carrying the stable code of the error that crossed the boundary. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
  static fromShape(shape: { code: ErrorCode; message: string }): ApiError {
    return new ApiError(shape.code, shape.message);
  }
  /** Anything thrown/received -> ApiError (unknown shapes and codes become INTERNAL). */
  static from(value: unknown): ApiError {
    if (value instanceof ApiError) return value;
    const parsed = ErrorShapeSchema.safeParse(value);
    if (parsed.success) return ApiError.fromShape(parsed.data);
    if (value instanceof Error && value.name === 'AbortError') return new ApiError('CANCELLED', 'The operation was cancelled.');
    const message = value instanceof Error ? value.message : typeof value === 'object' && value !== null && 'message' in value ? String(value.message) : String(value);
    return new ApiError('INTERNAL', message);
  }
  toJSON(): ErrorShape {
    return { type: 'PagewiseError', code: this.code, message: this.message };
  }
}
