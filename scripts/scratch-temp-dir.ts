import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Global setup of Vitest and Playwright: the tests' temp folders (desktop data folders, key files,
 * servers' data, browser profiles) go in one scratch folder for the run, removed when it ends, so a
 * test run leaves nothing behind. Workers and the processes they start inherit TMPDIR, which
 * `os.tmpdir()` reads.
 */
export default function useScratchTempDir(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'botdesk-tests-'));
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
