/** What a benchmark starts and must stop again (servers, desktops, mailboxes), newest first. */
export type Cleanups = (() => Promise<void>)[];

/**
 * Runs a benchmark's body once, then its cleanups newest first (a failing one is reported, the rest
 * still run), and exits: 0 when it finished, 1 when it threw, 2 when the watchdog stopped it.
 */
export async function runBench(
  name: string,
  watchdogMs: number,
  body: (cleanups: Cleanups) => Promise<void>,
): Promise<never> {
  const cleanups: Cleanups = [];
  const watchdog = setTimeout(() => {
    process.stderr.write(`The ${name} did not finish within ${watchdogMs / 60_000} minutes; stopping.\n`);
    process.exit(2);
  }, watchdogMs);
  watchdog.unref();
  let code = 0;
  try {
    await body(cleanups);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
    }
    clearTimeout(watchdog);
  }
  process.exit(code);
}
