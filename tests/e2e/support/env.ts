/** What the global setup hands to the tests (through one env var holding JSON). */
export interface E2EServer {
  /** Full URL with ?token= */
  url: string;
  origin: string;
  token: string;
  dbPath: string;
}

export interface E2EEnv {
  online: E2EServer;
  offline: E2EServer;
  /** Online too, with a library of its own: the screenshot baselines must not depend on what other specs added. */
  screens: E2EServer;
  /** http://127.0.0.1:PORT (control routes under /__control) */
  fakeOrigin: string;
  fixtures: {
    contract: string;
    security: string;
    large: string;
    corrupt: string;
    encrypted: string;
    encryptedPassword: string;
  };
}

export const ENV_KEY = 'PAGEWISE_E2E';

export function e2eEnv(): E2EEnv {
  const raw = process.env[ENV_KEY];
  if (!raw) throw new Error('PAGEWISE_E2E is not set: run the suite with `npx playwright test` (its global setup starts the servers).');
  return JSON.parse(raw) as E2EEnv;
}

/** Security fixture: a page sentence carrying HTML that must render as text. */
export const XSS_SENTENCE = 'The vendor portal banner field displays <img src=x onerror=window.__pwned=1> to every visitor.';
export const XSS_QUESTION = 'What does the vendor portal banner field display to every visitor?';
export const LARGE_PAGES = 40;
