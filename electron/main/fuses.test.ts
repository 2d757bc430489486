// The packaged app's Electron fuses (electron-builder.yml electronFuses): every hardening fuse is set
// the safe way, under a name electron-builder's own configuration schema knows (a misspelt key would
// be rejected at packaging time, or worse, ignored).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The `electronFuses:` block of electron-builder.yml as key -> value (flat YAML: two-space keys). */
function configuredFuses(): Map<string, string> {
  const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?: {2}\w+: .*\n?)+)/m.exec(text)?.[1] ?? '';
  return new Map([...block.matchAll(/^ {2}(\w+): (\S+)/gm)].map((m) => [m[1] as string, m[2] as string]));
}

describe('Electron fuses of the packaged app', () => {
  it('turn off Node entry points and turn on cookie encryption and asar integrity', () => {
    expect(Object.fromEntries(configuredFuses())).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableCookieEncryption: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('uses only fuse names electron-builder knows', () => {
    const schemaPath = createRequire(import.meta.url).resolve('app-builder-lib/scheme.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const name of configuredFuses().keys()) expect(known).toContain(name);
  });
});
