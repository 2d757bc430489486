/**
 * Node built-ins that a command-line start would otherwise load whether or not it needs them. A
 * CommonJS bundle (the CLI) runs every `import` of a module as soon as that module runs, and node:module
 * (with the ES module loader it brings in) and node:os cost ~0.6 ms of a `pagewise list` that never
 * uses them (README, "Start-up"). These load them on first use (process.getBuiltinModule, Node 20.16+).
 */
type NodeModuleApi = typeof import('node:module');

/** node:module, loaded on first use. */
export function nodeModule(): NodeModuleApi {
  return process.getBuiltinModule('node:module');
}

/**
 * The user's home folder, as os.homedir() gives it: $HOME (POSIX) or %USERPROFILE% (Windows) when set,
 * else the system's record (which is when node:os loads).
 */
export function homeDirectory(): string {
  const fromEnv = process.platform === 'win32' ? process.env.USERPROFILE : process.env.HOME;
  return fromEnv || process.getBuiltinModule('node:os').homedir();
}

/** Whether the runtime caches compiled modules itself (module.enableCompileCache, Node 22.1+), without loading node:module to ask. */
export function runtimeHasCompileCache(versions: NodeJS.ProcessVersions = process.versions): boolean {
  const [major = 0, minor = 0] = versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 1);
}
