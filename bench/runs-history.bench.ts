import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { RunHistoryFilters, RunHistorySort } from '../src/shared/ipc-runs';
import { runStatuses } from '../src/shared/schemas/automation';
import { openDbFile } from '../src/main/core/db/connection';
import type { LocalDb } from '../src/main/core/db/connection';
import { migrations } from '../src/main/core/db/migrations';
import { LocalRunViews } from '../src/main/core/services/run-window';
import { generatedRun, openRunsDb, seeded, storeRuns } from '../src/main/core/testing/local-runs';
import { ms } from './lib/report';

// The desktop's run-history query over 1,000,000 local runs (DESIGN.md "Performance goals": p95
// ≤ 30 ms for every filter). Each figure is measured through the history's own window reader on a
// temp SQLite built by the real migrations and the real upsert (FTS triggers included), without
// ANALYZE statistics, as the app keeps it (it never runs ANALYZE, and query plans differ with them).
// No asserts.
//   cold  — a view not read before: its count (and, for text or small sets, its ordered list) + the first 100 rows
//   jump  — a view's first window far down (dragging the scrollbar), before any window of it was read
//   warm  — the next 100 rows right after that jump, in the same open view (what scrolling asks for)
// RUNS_BENCH_ROWS sets the size; RUNS_BENCH_CACHE=0 always generates. Otherwise the generated
// database is kept in the temp folder, keyed by the migrations' text and the size, and copied for
// each run (generating a million runs takes about two minutes).

const runCount = Number(process.env.RUNS_BENCH_ROWS ?? 1_000_000);
const useCache = process.env.RUNS_BENCH_CACHE !== '0';
const samples = Number(process.env.RUNS_BENCH_SAMPLES ?? 25);
const windowRows = 100;
const targetMs = 30;
const botCount = 20;
const start = Date.UTC(2025, 0, 1);
const stepMs = 30_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

type World = { db: LocalDb; orgId: string; bots: { id: string; name: string }[]; dispose(): void };

function generate(): World {
  const env = openRunsDb();
  const bots = Array.from({ length: botCount }, (_, i) => ({ id: uuidv7(), name: `Bot ${i + 1}` }));
  const random = seeded(42);
  process.stderr.write(`• generating ${runCount.toLocaleString('en')} local runs (real upsert + FTS triggers)…\n`);
  const t0 = performance.now();
  function* runs() {
    for (let i = 0; i < runCount; i++) yield generatedRun(env.orgId, i, { bots, start, stepMs, random });
  }
  storeRuns(env.db, env.orgId, runs(), 10_000);
  process.stderr.write(`  stored in ${ms(performance.now() - t0)}\n`);
  return { ...env, bots };
}

/** A generated world from the temp-folder cache (or generated now and cached for the next run). */
function world(): World {
  if (!useCache) return generate();
  const key = createHash('sha256')
    .update(JSON.stringify([migrations, runCount, botCount, start, stepMs, 'no ANALYZE']))
    .digest('hex')
    .slice(0, 16);
  const cached = join(tmpdir(), `botdesk-runs-bench-${key}.sqlite`);
  const meta = `${cached}.json`;
  if (!existsSync(cached) || !existsSync(meta)) {
    const fresh = generate();
    fresh.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    fresh.db.sqlite.exec(`VACUUM INTO '${cached}.tmp'`);
    renameSync(`${cached}.tmp`, cached);
    writeFileSync(meta, JSON.stringify({ orgId: fresh.orgId, bots: fresh.bots }));
    return fresh;
  }
  process.stderr.write(`• using the cached ${runCount.toLocaleString('en')} runs in ${cached}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'botdesk-runs-'));
  copyFileSync(cached, join(dir, 'botdesk.sqlite'));
  const db = openDbFile(join(dir, 'botdesk.sqlite'));
  const { orgId, bots } = JSON.parse(readFileSync(meta, 'utf8')) as { orgId: string; bots: World['bots'] };
  return {
    db,
    orgId,
    bots,
    dispose: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function main(): void {
  const { db, orgId, bots, dispose } = world();
  try {
    const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;
    const span = runCount * stepMs;
    const dateRange = (r: () => number): RunHistoryFilters => {
      const from = start + Math.floor(r() * span * 0.8);
      return { from: new Date(from).toISOString(), to: new Date(from + span * 0.1).toISOString() };
    };
    const words = ['timeout', 'login failed', 'invoice', 'selector', 'paym', 'ECONNRESET', 'INV-4242', 'pdf page'];
    const kinds: [string, (r: () => number) => RunHistoryFilters][] = [
      ['none', () => ({})],
      ['bot', (r) => ({ botId: pick(bots, r).id })],
      ['status', (r) => ({ status: pick(runStatuses, r) })],
      ['date range (10%)', dateRange],
      ['text', (r) => ({ text: pick(words, r) })],
      // A word of every log, half typed: FTS5 reads every document of a prefix's words before answering.
      ['text, a common word half typed', (r) => ({ text: pick(['invoic', 'proces', 'ste'], r) })],
      ['bot + status', (r) => ({ botId: pick(bots, r).id, status: pick(runStatuses, r) })],
      [
        'combined (bot, status, dates, text)',
        (r) => ({ botId: pick(bots, r).id, status: 'failed', ...dateRange(r), text: pick(words.slice(0, 4), r) }),
      ],
    ];
    const sorts: RunHistorySort[] = [
      { key: 'queuedAt', dir: 'desc' },
      { key: 'queuedAt', dir: 'asc' },
      { key: 'durationMs', dir: 'desc' },
      { key: 'durationMs', dir: 'asc' },
      { key: 'credits', dir: 'desc' },
      { key: 'credits', dir: 'asc' },
    ];

    const lines: string[] = [];
    let worst = { p95: 0, cell: '' };
    const f = (xs: number[], cell: string) => {
      const p95 = percentile(xs, 95);
      if (p95 > worst.p95) worst = { p95, cell };
      const ratio = `${(p95 / targetMs).toFixed(2)}×`;
      return `${ms(percentile(xs, 50)).padStart(9)} ${ms(p95).padStart(9)} ${ratio.padStart(6)}`;
    };
    const measure = (label: string, sort: RunHistorySort, make: (r: () => number) => RunHistoryFilters) => {
      const r = seeded(label.length * 31 + sort.key.length);
      const cold: number[] = [];
      const jump: number[] = [];
      const warm: number[] = [];
      let total = 0;
      for (let i = 0; i < samples; i++) {
        const q = { filters: make(r), sort };
        let t = performance.now();
        const first = new LocalRunViews().window(db, orgId, q, 0, windowRows);
        cold.push(performance.now() - t);
        total = first.total;
        // Another view object: nothing of this view is remembered when the scrollbar is dragged.
        const open = new LocalRunViews();
        const at = Math.floor(r() * Math.max(1, first.total - 2 * windowRows));
        t = performance.now();
        open.window(db, orgId, q, at, windowRows);
        jump.push(performance.now() - t);
        t = performance.now();
        open.window(db, orgId, q, at + windowRows, windowRows);
        warm.push(performance.now() - t);
      }
      const cell = `${label} / ${sort.key} ${sort.dir}`;
      lines.push(
        `${label.padEnd(36)} ${`${sort.key} ${sort.dir}`.padEnd(16)} ${String(total).padStart(8)}  ${f(cold, `${cell} cold`)}   ${f(jump, `${cell} jump`)}   ${f(warm, `${cell} warm`)}`,
      );
    };
    for (const sort of sorts) for (const [label, make] of kinds) measure(label, sort, make);

    const head = (name: string) => `${`${name} p50`.padStart(9)} ${'p95'.padStart(9)} ${'/30ms'.padStart(6)}`;
    process.stdout.write(
      `\nRun history over ${runCount.toLocaleString('en')} local runs — p50 / p95 per query (${samples} samples each; target p95 ≤ ${targetMs} ms)\n`,
    );
    process.stdout.write(
      `${'filter'.padEnd(36)} ${'sort'.padEnd(16)} ${'matches'.padStart(8)}  ${head('cold')}   ${head('jump')}   ${head('warm')}\n`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write('(matches: of the last sample; text reads at most the newest 10,000 matches of the words)\n');
    process.stdout.write(`worst p95: ${ms(worst.p95)} (${worst.cell})\n`);
  } finally {
    dispose();
  }
}

main();
