import type { Account } from './accounts';
import { readCpuMs } from './cpu';
import { renameOrg } from './accounts';
import { watchOrgName } from './desktops';
import type { Desktop } from './desktops';
import { since, sleep } from './stats';

export type PropagationResult = {
  desktops: number;
  changes: number;
  /** Per (change, desktop): from just before the commit's request to the row being in that desktop's SQLite. */
  visibleMs: number[];
  /** Per change: from just before the request to its HTTP response (the commit round trip). */
  commitMs: number[];
  /** Sightings made by the 10 ms fallback poll rather than the core's data.changed event. */
  viaPoll: number;
  /** Desktops that had not stored a change after `timeoutMs` (counted as `timeoutMs`). */
  missed: number;
  /** CPU time per change of the server process and of this process (every listening core), in ms. */
  cpuPerChange: { server: number; desktops: number };
};

/**
 * Commits `changes` org renames one after another over the HTTP API, as `committer`, and times
 * each until every listening desktop has stored it. Watchers are armed before the request; a short
 * pause between changes lets trailing sync cycles finish, so each sample starts from quiet.
 */
export async function measurePropagation(options: {
  serverUrl: string;
  /** The server process, whose CPU time is read from /proc. */
  serverPid: number;
  committer: Account;
  orgId: string;
  desktops: readonly Desktop[];
  changes: number;
  label: string;
  gapMs?: number;
  timeoutMs?: number;
}): Promise<PropagationResult> {
  const { serverUrl, committer, orgId, desktops, changes, label } = options;
  const gapMs = options.gapMs ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const result: PropagationResult = {
    desktops: desktops.length,
    changes,
    visibleMs: [],
    commitMs: [],
    viaPoll: 0,
    missed: 0,
    cpuPerChange: { server: NaN, desktops: NaN },
  };
  const cpuAtStart = { server: readCpuMs(options.serverPid), desktops: readCpuMs('self') };
  for (let i = 0; i < changes; i++) {
    const name = `${label} ${i}`;
    const sightings = desktops.map((d) => watchOrgName(d, orgId, name, timeoutMs));
    const t0 = performance.now();
    await renameOrg(serverUrl, committer, orgId, name);
    result.commitMs.push(since(t0));
    for (const sighting of await Promise.all(sightings)) {
      if (sighting.at === null) {
        result.missed += 1;
        result.visibleMs.push(timeoutMs);
      } else {
        if (sighting.via === 'poll') result.viaPoll += 1;
        result.visibleMs.push(sighting.at - t0);
      }
    }
    await sleep(gapMs);
  }
  result.cpuPerChange = {
    server: (readCpuMs(options.serverPid) - cpuAtStart.server) / changes,
    desktops: (readCpuMs('self') - cpuAtStart.desktops) / changes,
  };
  return result;
}
