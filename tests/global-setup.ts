// Unit and integration tests run the TypeScript sources directly, but the pdf
// worker pool and the CLI tests need the built bundles in dist/node.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
}
