/**
 * The environment every Node process a bench measures gets: this one's, without NODE_EXTRA_CA_CERTS.
 * Node reads and parses that certificate file when any process starts (~60 ms here, where the sandbox
 * points it at the system's whole CA bundle; bare `node -e ''` went from ~30 to ~90 ms), which is no
 * part of Pagewise: it would hide what the CLI adds inside a baseline three times its usual size, and
 * add a fixed cost to every child that the native references (pdftotext, tesseract) never pay.
 */
export function measuredEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
