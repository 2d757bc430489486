/** `pagewise --version`: answered by the launcher itself (./launch.ts), before any bundle loads, and by ./pagewise.ts. */
import packageJson from '../../package.json';
import { writeStdout } from './stdout';

export function isVersionRequest(argv: readonly string[]): boolean {
  return argv[0] === '--version' || argv[0] === '-v';
}

export function printVersion(): void {
  writeStdout(`pagewise ${packageJson.version}\n`);
}
