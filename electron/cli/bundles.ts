/**
 * The CLI is built into two CommonJS bundles (scripts/build-node.mjs) and ./launch.ts runs one per
 * command. Both hold the same program (./pagewise.ts); the light one leaves out the code its commands
 * never reach: the model client, PDF parsing, OCR, planning, extraction, batch jobs and export. That is
 * half the bundle, and a start of a read command compiles, reads and deserializes half as much
 * (issue 9: `list` within 1.3x of bare Node).
 *
 * What is left out is replaced by a module that throws INTERNAL naming it, so a light command that
 * ever reaches such code fails loudly instead of misbehaving: tests/integration run every light
 * command through the launcher.
 */
export const LIGHT_BUNDLE = {
  file: 'pagewise-cli-light.cjs',
  /** Command names (argv[0]) that run from the light bundle. */
  commands: ['list', 'search', 'rename', 'collection', 'history', 'show'],
  /** The command modules it holds: electron/cli/command-<name>.ts (history holds `show` too). */
  commandModules: ['list', 'search', 'rename', 'collection', 'history'],
  /** The contract areas whose handlers it holds (electron/core/<area>/handlers.ts; shared/api/areas.ts). */
  areas: ['library', 'collections', 'history', 'settings', 'app'],
  /**
   * Modules the held handlers import on first use only for operations these commands never call
   * (library.info's fit, library.remove, ingest; the engine's model client), as written in the import.
   */
  leftOut: ['../analysis', '../ingest/ocr-step', './llm/provider'],
} as const;

export const FULL_BUNDLE_FILE = 'pagewise-cli.cjs';

/** The bundle file (a sibling of the launcher) that runs this command. */
export function bundleFor(command: string | undefined): string {
  return command !== undefined && (LIGHT_BUNDLE.commands as readonly string[]).includes(command) ? LIGHT_BUNDLE.file : FULL_BUNDLE_FILE;
}
