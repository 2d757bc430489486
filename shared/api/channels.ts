/** Names that cross a boundary, without zod (the sandboxed preload imports only this). */

// ---------- Electron IPC (preload <-> main) ----------
/** The ONE invoke channel: every call and cancel goes through it. */
export const IPC_CHANNEL = 'pagewise:api';
/** main -> renderer: events of a running call ({ callId, event }). */
export const IPC_EVENT_CHANNEL = 'pagewise:event';
/** main -> renderer: app menu commands. */
export const IPC_MENU_CHANNEL = 'pagewise:menu';
export const MENU_COMMANDS = ['open-file', 'settings', 'find', 'toggle-panel'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

// ---------- HTTP + SSE (browser mode) ----------
export const TOKEN_HEADER = 'x-pagewise-token';
/** Only in the URL `pagewise serve` prints; the server trades it for a session cookie on first load. */
export const TOKEN_QUERY = 'token';
export const FILE_NAME_HEADER = 'x-file-name';
/** Largest upload the server accepts. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
