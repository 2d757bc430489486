import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenSourceError, fixedSessionToken } from './token-source';

const dir = mkdtempSync(path.join(tmpdir(), 'pw-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the fixed session token of `pagewise serve`', () => {
  it('comes from the first line of the token file, ahead of the environment', () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'file-token-0123456789abcdef\nignored second line\n');
    expect(fixedSessionToken({ tokenFile: file, env: { PAGEWISE_TOKEN: 'env-token-0123456789abcdef' } })).toBe('file-token-0123456789abcdef');
  });

  it('comes from PAGEWISE_TOKEN when there is no file, and is random (undefined) when neither is set', () => {
    expect(fixedSessionToken({ env: { PAGEWISE_TOKEN: ' env-token-0123456789abcdef ' } })).toBe('env-token-0123456789abcdef');
    expect(fixedSessionToken({ env: {} })).toBeUndefined();
  });

  it('refuses a short token and a missing file with a sentence naming where it looked', () => {
    expect(() => fixedSessionToken({ env: { PAGEWISE_TOKEN: 'short' } })).toThrow(/PAGEWISE_TOKEN must be at least 16/);
    expect(() => fixedSessionToken({ tokenFile: path.join(dir, 'nope'), env: {} })).toThrow(TokenSourceError);
    expect(() => fixedSessionToken({ tokenFile: path.join(dir, 'nope'), env: {} })).toThrow(/cannot read the token file/);
  });
});
