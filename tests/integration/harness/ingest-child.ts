/**
 * Child process for the multi-process store/ingest tests (bundled on the fly
 * with esbuild by the test, run with plain node). One JSON object per stdout line.
 *
 *   node ingest-child.mjs ingest <db> <pdf> [password]
 *     -> {"type":"progress","stage","done","total"}... then {"type":"result",...} or {"type":"error",...}
 *   node ingest-child.mjs search <db> <query> <milliseconds>
 *     -> searches + lists repeatedly for that long while others write, then {"type":"result","searches":N}
 */
import { ingestFile } from '../../../electron/core/ingest';
import { openLibrary } from '../../../electron/core/store';
import { toPagewiseError } from '../../../electron/core/errors';

function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function main(): Promise<void> {
  const [mode, dbPath, arg, extra] = process.argv.slice(2);
  if (!mode || !dbPath || arg === undefined) throw new Error('usage: ingest|search <db> <pdf|query> [password|ms]');
  const library = openLibrary(dbPath);
  try {
    if (mode === 'ingest') {
      const result = await ingestFile(library, arg, {
        ...(extra ? { password: extra } : {}),
        onProgress: (p) => emit({ type: 'progress', ...p }),
      });
      const stored = library.getPages(result.document.id).length;
      emit({
        type: 'result',
        id: result.document.id,
        pageCount: result.document.pageCount,
        storedPages: stored,
        alreadyPresent: result.alreadyPresent,
        ms: result.ms,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      });
    } else if (mode === 'search') {
      const until = Date.now() + Number(extra ?? '2000');
      let searches = 0;
      while (Date.now() < until) {
        library.searchPages(null, arg, 10);
        library.listDocuments();
        searches += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      emit({ type: 'result', searches, documents: library.listDocuments().length });
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    library.close();
  }
}

main().catch((error: unknown) => {
  const e = toPagewiseError(error);
  emit({ type: 'error', code: e.code, message: e.message });
  process.exitCode = 1;
});
