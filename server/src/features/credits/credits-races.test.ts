import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import type { Database } from '../../db/client';
import { creditLedger } from '../../db/schema';
import { withTx } from '../../db/tx';
import { configuredDatabaseUrl } from '../../env';
import { startTestServer } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { alertEventsOf, debit, finishedRun, ledgerTotals, orgWithOwner, usageOf } from './credits-fixtures';
import { claim, heartbeat, makeBot, report, runNow, runWorld } from '../runs/run-fixtures';
import { ensurePeriod } from './ledger';
import { addMonths } from './periods';

const databaseUrl = configuredDatabaseUrl();

// PGlite is one connection in one process: concurrent transactions there would only queue.
describe.skipIf(!databaseUrl)('credit races (PostgreSQL only)', () => {
  let server: TestServer;
  let second: Database;
  beforeAll(async () => {
    server = await startTestServer();
    // A second pool on the same database, as a second server process would have.
    second = await openDatabase({ databaseUrl: server.app.config.DATABASE_URL });
  });
  afterAll(async () => {
    await second?.close();
    await server?.close();
  });

  it('sums 50 parallel run completions exactly, and the ledger still equals the balance', async () => {
    const { owner, org } = await orgWithOwner(server);
    const pools = [server.app.database, second];
    const runs = Array.from({ length: 50 }, () => finishedRun(12.3457));
    await Promise.all(runs.map((run, i) => debit(pools[i % 2] as Database, org.id, run)));
    const usage = await usageOf(server, owner, org.id);
    expect(usage.account.consumedThisPeriod).toBe(617.285);
    expect(usage.account.balance).toBe(382.715);
    expect(usage.bots[0]).toMatchObject({ credits: 617.285, runs: 50 });
    expect(await ledgerTotals(server.app.database, org.id)).toEqual({ sum: 382.715, rows: 51 });
    // 20% (200) was not crossed; nothing fired.
    expect(await alertEventsOf(server, owner, org.id)).toEqual([]);
  });

  it('lets 50 parallel starts overdraw nothing: the admitted runs finish in parallel and sum exactly', async () => {
    const w = await runWorld(server, 'free');
    const bot = await makeBot(w, { creditsPerRun: 30 });
    const starts = await Promise.all(Array.from({ length: 50 }, () => runNow(w, bot.id)));
    const admitted = starts.filter((s) => s.status === 200).map((s) => s.body.id);
    expect(admitted).toHaveLength(33); // 33 × 30 = 990 ≤ 1,000 < 34 × 30
    expect(starts.filter((s) => s.status === 402)).toHaveLength(17);

    const runnerId = `runner-${crypto.randomUUID().slice(0, 8)}`;
    expect((await heartbeat(w, runnerId, [bot.id])).status).toBe(200);
    const claimed = await claim(w, runnerId, [bot.id], 50);
    expect(claimed.body.runs).toHaveLength(33);
    const done = await Promise.all(admitted.map((id) => report(w, id, { runnerId, status: 'succeeded' })));
    expect(done.map((d) => d.status)).toEqual(admitted.map(() => 200));

    const usage = await usageOf(server, w.owner, w.orgId);
    expect(usage.account.balance).toBe(10);
    expect(usage.account.consumedThisPeriod).toBe(990);
    expect((await ledgerTotals(server.app.database, w.orgId)).sum).toBe(10);
  });

  it('debits one run reported finished 20 times at once exactly once', async () => {
    const { owner, org } = await orgWithOwner(server);
    const run = finishedRun(850);
    const pools = [server.app.database, second];
    await Promise.all(Array.from({ length: 20 }, (_, i) => debit(pools[i % 2] as Database, org.id, run)));
    expect((await usageOf(server, owner, org.id)).account.balance).toBe(150);
    expect((await alertEventsOf(server, owner, org.id)).map((e) => e.threshold)).toEqual([20]);
  });

  it('applies the period grant once across two server pools', async () => {
    const { owner, org } = await orgWithOwner(server);
    const next = new Date(addMonths(new Date(org.createdAt), 1).getTime() + 60_000);
    const touch = (database: Database) =>
      withTx(database, { userId: null, orgId: org.id }, (c) => ensurePeriod(c, org.id, next));
    await Promise.all(Array.from({ length: 20 }, (_, i) => touch(i % 2 === 0 ? server.app.database : second)));
    const [grants] = await server.app.database.db
      .select({ n: count() })
      .from(creditLedger)
      .where(and(eq(creditLedger.orgId, org.id), eq(creditLedger.kind, 'grant')));
    expect(grants?.n).toBe(2);
    const usage = await usageOf(server, owner, org.id);
    expect(usage.account.balance).toBe(1000);
    expect((await ledgerTotals(server.app.database, org.id)).sum).toBe(1000);
  });
});
