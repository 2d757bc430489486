// What Settings, `npm start` and `pagewise serve` say the engine talks to: the real
// engine on a real SQLite file, keys from the environment or set for the session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine';
import { dispatch } from '../service';
import { OFFLINE_LINE } from './connection';
import { relayedSecretStore } from './secrets';

const dirs: string[] = [];
const engines: Engine[] = [];

async function engineWith(env: Record<string, string>, options: Partial<Parameters<typeof createEngine>[0]> = {}): Promise<Engine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-connection-'));
  dirs.push(dir);
  const engine = await createEngine({ libraryPath: path.join(dir, 'library.db'), env, ...options });
  engines.push(engine);
  return engine;
}

async function connection(engine: Engine) {
  const result = await dispatch(engine, 'settings.connection', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('settings.connection', () => {
  it('with OPENAI_BASE_URL set, names that URL and says the key comes from the environment', async () => {
    const engine = await engineWith({ OPENAI_API_KEY: 'sk-proj-abcdefghijklmnop1234', OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/' });
    const c = await connection(engine);
    expect(c).toMatchObject({
      provider: 'openai',
      providerLabel: 'OpenAI',
      url: 'http://127.0.0.1:8080/v1',
      keySource: 'environment',
      keyVariable: 'OPENAI_API_KEY',
      keyHint: 'sk-…1234',
    });
    expect(c.summary).toBe('Provider: OpenAI — http://127.0.0.1:8080/v1 · model gpt-4o-mini · key from OPENAI_API_KEY');
    // never the key itself
    expect(JSON.stringify(c)).not.toContain('abcdefghijklmnop');
  });

  it('without a key it is offline, in the words `npm start` and `serve` print', async () => {
    const c = await connection(await engineWith({}));
    expect(c).toMatchObject({ provider: 'none', url: null, keySource: 'none', keyHint: null });
    expect(c.summary).toBe(OFFLINE_LINE);
    expect(OFFLINE_LINE).toBe('offline (no key): extractive answers; set OPENAI_API_KEY or open Settings');
  });

  it('a key typed in Settings (browser mode, CLI) is this session’s; OpenAI without a base URL is api.openai.com', async () => {
    const engine = await engineWith({});
    const updated = await dispatch(engine, 'settings.update', { provider: 'openai', apiKey: 'sk-typed-in-settings-9876' });
    expect(updated.ok).toBe(true);
    const c = await connection(engine);
    expect(c).toMatchObject({ provider: 'openai', url: 'https://api.openai.com/v1', keySource: 'session', keyHint: 'sk-…9876' });
    expect(c.summary).toContain('key stored for this session');
  });

  it('an OpenAI-compatible server needs no key, and says so', async () => {
    const c = await connection(await engineWith({ OPENAI_BASE_URL: 'http://localhost:1234/v1' }));
    expect(c).toMatchObject({ provider: 'compatible', providerLabel: 'OpenAI-compatible', url: 'http://localhost:1234/v1', keySource: 'none', keyRequired: false });
    expect(c.summary).toBe('Provider: OpenAI-compatible — http://localhost:1234/v1 · model gpt-4o-mini · no key');
  });

  it('in the desktop app the key main keeps in the OS keychain is reported as such', async () => {
    const secrets = relayedSecretStore('sk-from-the-keychain-5555', { source: 'keychain', variable: null });
    const engine = await engineWith({ OPENAI_API_KEY: 'sk-env-is-not-the-one-0000' }, { secrets });
    expect(await connection(engine)).toMatchObject({ keySource: 'keychain', keyHint: 'sk-…5555' });
    // a key typed in Settings reaches the engine through settings.update; main keeps it in the keychain
    await dispatch(engine, 'settings.update', { apiKey: 'sk-typed-in-settings-7777' });
    expect(await connection(engine)).toMatchObject({ keySource: 'keychain', keyHint: 'sk-…7777' });
  });
});
