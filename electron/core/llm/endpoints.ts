/**
 * Where requests go by default. Kept apart from provider.ts so that code which only describes the
 * connection (settings/connection.ts, every command's start) does not load the openai SDK (~200 ms).
 */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
