/**
 * The renderer's Content-Security-Policy, one string for both front doors:
 * Electron main sets it on app:// responses, the browser-mode server on every
 * response (renderer/index.html carries the same policy as a meta tag).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

