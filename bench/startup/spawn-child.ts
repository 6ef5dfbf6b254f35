import { spawn } from 'node:child_process';
import type { z } from 'zod';
import { findResultLine, readyMarker, resultMarker } from './result-line';

/** Repository root: children run from here so `tsx` and tsconfig paths resolve as for npm scripts. */
export const repoRoot = new URL('../..', import.meta.url).pathname;

/**
 * One child run, timed on the parent's clock from spawn: to its ready line (or, without one, its
 * result line), to its exit; and the result it printed.
 */
export type ChildRun<T> = { readyWallMs: number; exitWallMs: number; result: T };

/**
 * Spawns `node ...args` (nothing else running in it), waits for it to exit and parses its result
 * line with `schema`. Its stderr is passed on, prefixed; a run over `timeoutMs` is killed.
 */
export async function runNodeChild<T>(
  args: readonly string[],
  schema: z.ZodType<T>,
  options: { label: string; timeoutMs?: number },
): Promise<ChildRun<T>> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let readyWallMs = NaN;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    const ready =
      stdout.startsWith(readyMarker) || stdout.includes(`\n${readyMarker}`) || stdout.includes(resultMarker);
    if (Number.isNaN(readyWallMs) && ready) readyWallMs = performance.now() - started;
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  const exitWallMs = performance.now() - started;
  for (const line of stderr.split('\n').filter(Boolean)) process.stderr.write(`[${options.label}] ${line}\n`);
  if (code !== 0) throw new Error(`${options.label} exited with ${code ?? 'a signal'}`);
  const raw = findResultLine(stdout);
  if (raw === null) throw new Error(`${options.label} printed no result line`);
  return { readyWallMs, exitWallMs, result: schema.parse(raw) };
}
