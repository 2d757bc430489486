/**
 * Where a fixed session token comes from when the user wants one (scripts,
 * a bookmark that survives restarts): a file or the environment, never the
 * command line, where any user on the machine could read it in `ps`.
 */
import { readFileSync } from 'node:fs';

/** Shortest session token startServer accepts (the default random one is 43 characters). */
export const MIN_TOKEN_LENGTH = 16;
export const TOKEN_ENV = 'PAGEWISE_TOKEN';

export class TokenSourceError extends Error {}

/** The fixed token from `tokenFile` (first line) or PAGEWISE_TOKEN; undefined = use a random one. */
export function fixedSessionToken(options: { tokenFile?: string | undefined; env: Record<string, string | undefined> }): string | undefined {
  let token: string | undefined;
  let from: string;
  if (options.tokenFile !== undefined) {
    from = `the token file ${options.tokenFile}`;
    try {
      token = readFileSync(options.tokenFile, 'utf8').split(/\r?\n/, 1)[0]?.trim() ?? '';
    } catch (error) {
      throw new TokenSourceError(`cannot read ${from}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    from = TOKEN_ENV;
    token = options.env[TOKEN_ENV]?.trim() || undefined;
    if (token === undefined) return undefined;
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new TokenSourceError(`the session token in ${from} must be at least ${MIN_TOKEN_LENGTH} characters (or leave it out for a random one)`);
  }
  return token;
}
