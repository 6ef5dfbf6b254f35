import { join } from 'node:path';
import { snapshotPageSize } from '../../server/src/features/sync/snapshot';
import { membershipOf } from './accounts';
import { readOrgRows, runBootstrap, runRawInsert } from './bootstrap-bench';
import type { TempDb } from './bootstrap-bench';
import { forkChild } from './child';
import type { DesktopHandlers, DesktopMemory } from './desktop-process';
import { openDesktop, openDesktops, waitForOrg, waitForSettled } from './desktops';
import type { Desktop } from './desktops';
import { measureApplyTransaction, measureCoreMutations, measureRawApply } from './mutation-bench';
import { measurePropagation } from './propagation-bench';
import type { PropagationResult } from './propagation-bench';
import { readRss } from './rss';
import type { RssSampler } from './rss';
import type { BenchServer } from './server-handle';
import { since } from './stats';
import type { World } from './world';

export type BootstrapFigures = {
  rows: number;
  coldMs: number;
  bootMs: number[];
  rawMs: number[];
  /** The raw insert once more in page-sized transactions (what the bootstrap commits, see the report). */
  rawPageMs: number;
  pageRows: number;
};

/**
 * A cold run first (JIT, database caches; reported apart), then `runs` pairs of an end-to-end
 * bootstrap and the raw insert of the very rows it stored. The last bootstrapped database is kept.
 */
export async function bootstrapPhase(
  server: BenchServer,
  world: World,
  runs: number,
): Promise<{ figures: BootstrapFigures; kept: TempDb }> {
  const membership = await membershipOf(server.url, world.owner, world.bigOrgId);
  const cold = await runBootstrap(server.url, world.owner.token, membership);
  await cold.temp.dispose();
  const figures: BootstrapFigures = {
    rows: cold.rows,
    coldMs: cold.ms,
    bootMs: [],
    rawMs: [],
    rawPageMs: NaN,
    pageRows: snapshotPageSize,
  };
  let kept: TempDb | null = null;
  for (let i = 0; i < runs; i++) {
    const run = await runBootstrap(server.url, world.owner.token, membership);
    const raw = await runRawInsert(readOrgRows(run.temp.db, world.bigOrgId));
    if (raw.rows !== run.rows) throw new Error(`raw insert stored ${raw.rows} rows, bootstrap ${run.rows}`);
    figures.bootMs.push(run.ms);
    figures.rawMs.push(raw.ms);
    await kept?.dispose();
    kept = run.temp;
  }
  if (!kept) throw new Error('no bootstrap run');
  figures.rawPageMs = (await runRawInsert(readOrgRows(kept.db, world.bigOrgId), snapshotPageSize)).ms;
  return { figures, kept };
}

export type MutationFigures = { coreMs: number[]; txMs: number[]; rawMs: number[]; settleMs: number };

/** The transaction alone and its raw reference on a bootstrapped database, then the core's `mutate` path. */
export async function mutationPhase(
  db: TempDb,
  desktop: Desktop,
  orgId: string,
  count: number,
): Promise<MutationFigures> {
  // Warm-up rounds (JIT, statement caches) are not recorded.
  measureRawApply(db.db, orgId, 200);
  measureApplyTransaction(db.db, orgId, 200);
  const rawMs = measureRawApply(db.db, orgId, count);
  const txMs = measureApplyTransaction(db.db, orgId, count);
  await measureCoreMutations(desktop, orgId, 100);
  const core = await measureCoreMutations(desktop, orgId, count);
  const settling = performance.now();
  await waitForSettled(desktop, orgId, core.lastName);
  return { coreMs: core.samples, txMs, rawMs, settleMs: since(settling) };
}

/** The owner's desktop: signed in, its engine downloads both orgs; timed to the big org being ready. */
export async function openOwnerDesktop(
  server: BenchServer,
  world: World,
): Promise<{ desktop: Desktop; readyMs: number }> {
  const started = performance.now();
  const desktop = await openDesktop(server.url, world.owner);
  await waitForOrg(desktop, world.bigOrgId);
  return { desktop, readyMs: since(started) };
}

export type PropagationFigures = {
  holdingBigOrg: PropagationResult;
  one: PropagationResult;
  many: PropagationResult;
  benchRssMb: number;
};

/**
 * Commit → visible: on the owner's desktop holding the big org, then one and `listeners` member
 * desktops of the small org (the owner's desktop closed, so exactly that many listen).
 */
export async function propagationPhase(
  server: BenchServer,
  world: World,
  ownerDesktop: Desktop,
  options: { changes: number; sampler: RssSampler },
): Promise<PropagationFigures> {
  const common = { serverUrl: server.url, serverPid: server.pid, committer: world.owner, changes: options.changes };
  const holdingBigOrg = await measurePropagation({
    ...common,
    orgId: world.bigOrgId,
    desktops: [ownerDesktop],
    label: 'Big org renamed',
  });
  await ownerDesktop.close();
  const [first, ...rest] = world.listeners;
  if (!first) throw new Error('no listener accounts');
  const firstDesktop = await openDesktop(server.url, first);
  const desktops = [firstDesktop];
  try {
    await waitForOrg(firstDesktop, world.liveOrgId);
    const one = await measurePropagation({ ...common, orgId: world.liveOrgId, desktops, label: 'Live org one' });
    desktops.push(...(await openDesktops(server.url, rest)));
    for (const d of desktops) await waitForOrg(d, world.liveOrgId);
    options.sampler.phase('many desktops');
    const many = await measurePropagation({ ...common, orgId: world.liveOrgId, desktops, label: 'Live org many' });
    options.sampler.phase(null);
    return { holdingBigOrg, one, many, benchRssMb: readRss('self').rssMb };
  } finally {
    for (const d of desktops) await d.close();
  }
}

/** A desktop core alone in its own process, signed in as the owner until the big org is stored. */
export async function desktopMemoryPhase(server: BenchServer, world: World): Promise<DesktopMemory> {
  const child = forkChild<DesktopHandlers>(join(import.meta.dirname, 'desktop-process.ts'), 'desktop');
  try {
    return await child.call('measure', { serverUrl: server.url, account: world.owner, orgId: world.bigOrgId });
  } finally {
    await child.stop();
  }
}
