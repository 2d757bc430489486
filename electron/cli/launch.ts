#!/usr/bin/env node
/**
 * The `pagewise` executable (built to dist/node/pagewise.cjs). It starts the command-line program,
 * which the build makes a CommonJS bundle (dist/node/pagewise-cli.cjs from ./pagewise.ts, and a light
 * one for read commands: ./bundles.ts), with V8's code cache, so that a run does not compile the same
 * JavaScript again (electron/core/runtime/code-cache.ts: the runtime's own cache on Node 22.1+, one
 * cache file per command on Node 20). Imports Node built-ins and tiny modules only: it runs before any cache.
 */
import { join } from 'node:path';
import { nodeModule, runtimeHasCompileCache } from '../core/runtime/builtins';
import { loadCommonJs } from '../core/runtime/code-cache';
import { bundleFor } from './bundles';
import { hoistGlobalOptions } from './global-options';
import { isVersionRequest, printVersion } from './version';

// Node 22.1+: the compile cache covers every module loaded from here on (NODE_DISABLE_COMPILE_CACHE=1 turns it off)
if (process.env.PAGEWISE_NO_CODE_CACHE !== '1' && runtimeHasCompileCache()) (nodeModule() as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = hoistGlobalOptions(process.argv.slice(2));
// `--version` needs none of the program: scripts that check it pay for Node's start only
if (isVersionRequest(argv)) printVersion();
// the bundles lie beside this file (the build gives it import.meta.dirname as __dirname, and no
// import.meta.url: making that URL costs ~0.4 ms), so this file's require() is theirs too
else loadCommonJs(join(import.meta.dirname, bundleFor(argv[0])), argv[0] ?? 'other', require);
