/** The browser-mode server's security rules, small and testable on their own. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export { CONTENT_SECURITY_POLICY };

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** A fresh session token: 32 random bytes, URL-safe. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Host header check against DNS rebinding: a page on evil.example whose name
 * resolves to 127.0.0.1 sends Host: evil.example and is refused.
 */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  if (!name || !LOOPBACK_NAMES.has(name)) return false;
  return portText === undefined ? port === 80 : Number(portText) === port;
}

/** No CORS: a request that names an Origin must come from our own origin. */
export function originAllowed(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  try {
    const origin = new URL(originHeader);
    return origin.protocol === 'http:' && hostAllowed(origin.host, port);
  } catch {
    return false;
  }
}

/**
 * The session cookie's name. Cookies ignore the port, so two servers on
 * 127.0.0.1 would overwrite each other's cookie under one name.
 */
export function sessionCookieName(port: number): string {
  return `pagewise_session_${port}`;
}

/** Set-Cookie for the session: unreadable by scripts, never sent cross-site, only to /api. */
export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${encodeURIComponent(token)}; Path=/api; HttpOnly; SameSite=Strict`;
}

/** The session token in a Cookie header, or null. */
export function tokenFromCookie(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}
