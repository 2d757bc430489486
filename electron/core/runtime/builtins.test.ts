import { homedir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { homeDirectory, nodeModule, runtimeHasCompileCache } from './builtins';

describe('lazily loaded built-ins', () => {
  const savedHome = process.env.HOME;
  afterEach(() => {
    if (savedHome === undefined) delete process.env.HOME;
    else process.env.HOME = savedHome;
  });

  it('gives the home folder os.homedir() gives, from $HOME and without it', () => {
    expect(homeDirectory()).toBe(homedir());
    process.env.HOME = '/home/someone-else';
    expect(homeDirectory()).toBe('/home/someone-else');
    expect(homedir()).toBe('/home/someone-else');
    delete process.env.HOME;
    // the system's record of the user, as os.homedir() falls back to
    expect(homeDirectory()).toBe(homedir());
    expect(homeDirectory()).not.toBe('');
  });

  it('knows which Node versions cache compiled modules themselves (module.enableCompileCache, 22.1+)', () => {
    const on = (node: string): boolean => runtimeHasCompileCache({ ...process.versions, node });
    expect(on('20.20.2')).toBe(false);
    expect(on('22.0.0')).toBe(false);
    expect(on('22.1.0')).toBe(true);
    expect(on('24.3.1')).toBe(true);
    // and agrees with the runtime it runs on
    expect(runtimeHasCompileCache()).toBe(typeof (nodeModule() as { enableCompileCache?: unknown }).enableCompileCache === 'function');
  });
});
