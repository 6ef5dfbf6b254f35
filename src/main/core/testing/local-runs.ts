import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { runStatuses } from '@shared/schemas/automation';
import type { Run, RunStatus } from '@shared/schemas/automation';
import type { MyMembership } from '@shared/schemas/org';
import { inTransaction, openDbFile } from '../db/connection';
import type { LocalDb } from '../db/connection';
import { finishBootstrap, upsertMembership, upsertRowValues } from '../db/mutations';
import type { RowValues } from '../db/mutations';
import { indexedValues, keyOf } from '../db/entities';

/** A temp local database (through the real migrations) with one ready org; `dispose` removes it. */
export function openRunsDb(): { db: LocalDb; orgId: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'botdesk-runs-'));
  const db = openDbFile(join(dir, 'botdesk.sqlite'));
  const orgId = uuidv7();
  const now = new Date().toISOString();
  const membership: MyMembership = {
    org: {
      id: orgId,
      name: 'Runs Co',
      slug: 'runs-co',
      description: '',
      logoUrl: null,
      isPersonal: false,
      status: 'active',
      plan: 'free',
      ownerId: uuidv7(),
      defaultRoleId: null,
      billingAddress: '',
      phone: '',
      createdAt: now,
      updatedAt: now,
    },
    memberId: uuidv7(),
    role: { id: uuidv7(), orgId, key: 'viewer', name: 'Viewer', rank: 10, permissions: ['runs.read'], builtIn: true },
    permissions: ['runs.read'],
  };
  upsertMembership(db, membership);
  finishBootstrap(db, orgId, 1);
  return {
    db,
    orgId,
    dispose: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Deterministic pseudo-random numbers (a seeded LCG), so datasets are the same every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const words = 'invoice order customer portal login download upload extract table report ledger vendor payment'.split(
  ' ',
);
const errors = [
  'Timeout waiting for selector #submit',
  'Login failed: invalid credentials',
  'Element not found: table.results',
  'Network error: ECONNRESET',
  'PDF parse error on page 3',
];

export type RunSpec = { bots: { id: string; name: string }[]; start: number; stepMs: number; random: () => number };

/** The i-th run of a generated history: queued `stepMs` apart, statuses and texts drawn at random. */
export function generatedRun(orgId: string, i: number, spec: RunSpec): Run {
  const r = spec.random;
  const bot = spec.bots[Math.floor(r() * spec.bots.length)] ?? spec.bots[0];
  if (!bot) throw new Error('a generated history needs at least one bot');
  const status = runStatuses[Math.floor(r() * runStatuses.length)] as RunStatus;
  const queued = spec.start + i * spec.stepMs;
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  const durationMs = finished ? Math.floor(r() * 600_000) : null;
  const started = status === 'queued' ? null : queued + 1_000;
  const word = words[Math.floor(r() * words.length)] ?? 'step';
  return {
    id: uuidv7(),
    orgId,
    botId: bot.id,
    botName: bot.name,
    triggerId: null,
    actorId: null,
    startedBy: i % 3 === 0 ? 'Nightly schedule' : 'Rita Runner',
    runnerId: null,
    status,
    queuedAt: new Date(queued).toISOString(),
    startedAt: started === null ? null : new Date(started).toISOString(),
    finishedAt:
      finished && started !== null && durationMs !== null ? new Date(started + durationMs).toISOString() : null,
    durationMs,
    credits: Math.round(r() * 1000) / 100,
    error: status === 'failed' ? (errors[Math.floor(r() * errors.length)] ?? null) : null,
    log: `step open ok\nstep ${word} ok\nprocessed invoice INV-${Math.floor(r() * 1e6)}\n`,
    data: finished ? { rows: Math.floor(r() * 100), word } : null,
    retryOf: null,
  };
}

/** Stores runs as a pull would (the entity's prepared upsert, FTS triggers included), in chunked transactions. */
export function storeRuns(db: LocalDb, orgId: string, runs: Iterable<Run>, chunk = 5_000): void {
  let batch: RowValues[] = [];
  const flush = () => {
    const values = batch;
    batch = [];
    inTransaction(db, () => upsertRowValues(db, 'run', values));
  };
  for (const run of runs) {
    batch.push([...keyOf('run', orgId, run.id), JSON.stringify(run), ...indexedValues('run', run)]);
    if (batch.length >= chunk) flush();
  }
  flush();
}
