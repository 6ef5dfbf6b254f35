import type { Account } from './accounts';
import { serveParent } from './child';
import { openDesktop, waitForOrg } from './desktops';
import type { Desktop } from './desktops';
import { readRss } from './rss';
import { since, sleep } from './stats';

// One desktop main process minus Electron: a single core in its own Node process, so its memory
// is measured alone. It signs in, lets its sync engine download the org, and reports.

export type DesktopMemory = {
  /** Before sign-in: Node, tsx and the loaded core, no rows. */
  idleRssMb: number;
  /** With the org stored, after the engine went quiet. */
  rssMb: number;
  /** The process's peak (VmHWM), i.e. during the download. */
  peakRssMb: number;
  heapUsedMb: number;
  /** Sign-in to the org shown as ready, by the engine's own bootstrap. */
  signInToReadyMs: number;
  memberRows: number;
};

let desktop: Desktop | null = null;

const handlers = {
  async measure(input: { serverUrl: string; account: Account; orgId: string }): Promise<DesktopMemory> {
    const idleRssMb = readRss('self').rssMb;
    const started = performance.now();
    desktop = await openDesktop(input.serverUrl, input.account);
    await waitForOrg(desktop, input.orgId);
    const signInToReadyMs = since(started);
    // Let the engine's follow-up pull and any pending timers finish before reading memory.
    await sleep(1000);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    const usage = process.memoryUsage();
    const { peakMb } = readRss('self');
    const memberRows = desktop.memberCount(input.orgId);
    await desktop.close();
    desktop = null;
    return {
      idleRssMb,
      rssMb: mb(usage.rss),
      peakRssMb: peakMb,
      heapUsedMb: mb(usage.heapUsed),
      signInToReadyMs,
      memberRows,
    };
  },
};

export type DesktopHandlers = typeof handlers;

serveParent(handlers, async () => {
  await desktop?.close();
});
