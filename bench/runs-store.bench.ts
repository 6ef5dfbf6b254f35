import { uuidv7 } from 'uuidv7';
import type { Run } from '../src/shared/schemas/automation';
import { inTransaction } from '../src/main/core/db/connection';
import type { LocalDb } from '../src/main/core/db/connection';
import { keyOf, statements } from '../src/main/core/db/entities';
import { clearOrgRows, rowValues, upsertRowValues } from '../src/main/core/db/mutations';
import type { RowValues } from '../src/main/core/db/mutations';
import { generatedRun, openRunsDb, seeded } from '../src/main/core/testing/local-runs';

// `npx tsx bench/runs-store.bench.ts` (part of `npm run bench:runs`): what storing a run on the desktop
// costs — FTS5, its words, the sort indexes, run_keys and the history's bucket counts — when runs
// arrive a snapshot page (500) at a time, as a bootstrap or an older page fetched from the server
// stores them, against one at a time, as live changes do. CPU time of the main thread (SQLite is
// synchronous), page by page in turns, the median of a few rounds on fresh databases. Prints; never fails on a time.

const runCount = Number(process.env.RUNS ?? 20_000);
const pageSize = 500;
const rounds = 3;
const keptRuns = 200_000;

type Store = (db: LocalDb, values: RowValues[]) => void;

const asPage: Store = (db, values) => upsertRowValues(db, 'run', values);
const oneByOne: Store = (db, values) => {
  for (const value of values) upsertRowValues(db, 'run', [value]);
};

/** `runCount` generated runs of a fresh org, laid out as snapshot pages of `pageSize`. */
function pagesOf(orgId: string): RowValues[][] {
  const bots = Array.from({ length: 20 }, (_, i) => ({ id: uuidv7(), name: `Bot ${i + 1}` }));
  const random = seeded(42);
  const runs: Run[] = Array.from({ length: runCount }, (_, i) =>
    generatedRun(orgId, i, { bots, start: Date.UTC(2026, 0, 1), stepMs: 60_000, random }),
  );
  const pages: RowValues[][] = [];
  for (let i = 0; i < runs.length; i += pageSize) {
    const page = runs.slice(i, i + pageSize);
    pages.push(rowValues(orgId, 'run', page));
  }
  return pages;
}

/** CPU µs `work` costs per run. */
function perRun(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / runCount;
}

/**
 * CPU µs per run for each way of storing, into a fresh database each: page by page in turns (a
 * transaction per page), so a machine that slows down or speeds up meanwhile weighs on both alike.
 * Then the runs go again: the first database's cleared as an org reset or removal does, the
 * second's deleted one at a time as live deletes are.
 */
function measure(ways: readonly [Store, Store]): { stored: number[]; cleared: number; deleted: number } {
  const envs = ways.map(() => openRunsDb());
  try {
    const pages = envs.map((env) => pagesOf(env.orgId));
    const used = ways.map(() => 0);
    for (let p = 0; p < (pages[0]?.length ?? 0); p += 1) {
      ways.forEach((store, w) => {
        const env = envs[w];
        const page = pages[w]?.[p];
        if (!env || !page) return;
        const before = process.cpuUsage();
        inTransaction(env.db, () => store(env.db, page));
        const cpu = process.cpuUsage(before);
        used[w] = (used[w] ?? 0) + cpu.user + cpu.system;
      });
    }
    const [first, second] = envs;
    if (!first || !second) throw new Error('two databases expected');
    const cleared = perRun(() => inTransaction(first.db, () => clearOrgRows(first.db, first.orgId)));
    const ids = second.db.sqlite.prepare('SELECT id FROM runs').pluck().all() as string[];
    const remove = statements(second.db).run.remove;
    const deleted = perRun(() =>
      inTransaction(second.db, () => {
        for (const id of ids) remove.run(...keyOf('run', second.orgId, id));
      }),
    );
    return { stored: used.map((us) => us / runCount), cleared, deleted };
  } finally {
    for (const env of envs) env.dispose();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function main(): void {
  process.stderr.write(`• storing ${runCount.toLocaleString('en')} runs, ${rounds} rounds of each way\n`);
  const paged: number[] = [];
  const single: number[] = [];
  const cleared: number[] = [];
  const deleted: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const figures = measure([asPage, oneByOne]);
    paged.push(figures.stored[0] ?? NaN);
    single.push(figures.stored[1] ?? NaN);
    cleared.push(figures.cleared);
    deleted.push(figures.deleted);
  }
  const p = median(paged);
  const s = median(single);
  const seconds = (us: number) => `${((us * keptRuns) / 1e6).toFixed(0)} s`;
  console.log(
    `\nStoring runs on the desktop (${runCount.toLocaleString('en')} runs, CPU per run, median of ${rounds})`,
  );
  console.log(
    `  a snapshot page of ${pageSize} at a time: ${p.toFixed(0)} µs (rounds: ${paged.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  one at a time (live changes):   ${s.toFixed(0)} µs (rounds: ${single.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  pages cost ${(p / s).toFixed(2)}× of one at a time; ${keptRuns.toLocaleString('en')} runs (the default kept) at this rate: ${seconds(p)} paged, ${seconds(s)} one at a time`,
  );
  const c = median(cleared);
  const d = median(deleted);
  const rounded = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  console.log(`Removing them (one transaction, which holds the main process throughout)`);
  console.log(`  the org cleared (reset, removal): ${c.toFixed(0)} µs (rounds: ${rounded(cleared)})`);
  console.log(`  one at a time (live deletes):     ${d.toFixed(0)} µs (rounds: ${rounded(deleted)})`);
  console.log(
    `  clearing costs ${(c / d).toFixed(2)}× of one at a time; ${keptRuns.toLocaleString('en')} runs: ${seconds(c)} cleared, ${seconds(d)} one at a time`,
  );
}

main();
