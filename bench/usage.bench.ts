import { sql } from 'drizzle-orm';
import { configuredDatabaseUrl } from '../server/src/env';
import { signUpUser, startTestServer, uniqueEmail } from '../server/src/testing/test-server';
import type { TestServer } from '../server/src/testing/test-server';

// `npx tsx bench/usage.bench.ts` (PostgreSQL: `PG_PORT=… bash scripts/with-postgres.sh npx tsx
// bench/usage.bench.ts`): p95 of GET /v1/orgs/:orgId/usage for an org with 1,000,000 ledger rows,
// beside GET /healthz on the same server as the reference. Prints figures; asserts nothing.

const ledgerRows = 1_000_000;
const months = 12;
const bots = 20;
const triggersPerBot = 3;
const requests = 500;
const warmup = 50;

function step(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? NaN;
}

/**
 * A year of history: the ledger (1M consumption rows spread over 12 months, plus a grant) and the
 * daily rollups the debits would have kept (per day × bot × trigger), the account moved so that the
 * current period began 29 days ago. Written as the schema owner, in bulk.
 */
async function seed(server: TestServer, orgId: string): Promise<void> {
  const { db } = server.app.database;
  await db.execute(sql`
    INSERT INTO credit_ledger (org_id, id, kind, credits, run_id, at)
    SELECT ${orgId}::uuid, gen_random_uuid(), 'consumption', -0.0005, gen_random_uuid(),
           now() - (i % (${months} * 30)) * interval '1 day'
    FROM generate_series(1, ${ledgerRows}) AS i`);
  await db.execute(sql`
    INSERT INTO usage_days (org_id, id, day, bot_id, bot_name, trigger_id, credits, runs)
    SELECT ${orgId}::uuid, gen_random_uuid(), (now() - d * interval '1 day')::date,
           ('00000000-0000-7000-8000-' || lpad(b::text, 12, '0'))::uuid, 'Bot ' || b,
           ('00000000-0000-7000-9000-' || lpad((b * 10 + t)::text, 12, '0'))::uuid,
           ${ledgerRows} * 0.0005 / (${months} * 30 * ${bots} * ${triggersPerBot}),
           ${Math.round(ledgerRows / (months * 30 * bots * triggersPerBot))}
    FROM generate_series(0, ${months} * 30 - 1) AS d, generate_series(1, ${bots}) AS b,
         generate_series(1, ${triggersPerBot}) AS t`);
  await db.execute(sql`
    UPDATE credit_accounts SET
      anchor_at = now() - interval '29 days', period_start = now() - interval '29 days',
      period_end = now() - interval '29 days' + interval '1 month',
      balance = (SELECT sum(credits) FROM credit_ledger WHERE org_id = ${orgId}::uuid)
    WHERE org_id = ${orgId}::uuid`);
  await db.execute(sql`ANALYZE credit_ledger`);
  await db.execute(sql`ANALYZE usage_days`);
}

async function timeGets(url: string, token: string | null, n: number): Promise<number[]> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    samples.push(performance.now() - start);
  }
  return samples;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main(): Promise<void> {
  const databaseUrl = configuredDatabaseUrl();
  step(
    `starting a server on ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (set DATABASE_URL for the PostgreSQL figure)'}`,
  );
  const server = await startTestServer();
  try {
    const owner = await signUpUser(server, { email: uniqueEmail('bench'), name: 'Bench owner' });
    const created = await fetch(`${server.url}/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ name: 'Usage Bench' }),
    });
    if (created.status !== 200) throw new Error(`creating the org answered ${created.status}`);
    const org = (await created.json()) as { id: string };
    step(`seeding ${ledgerRows.toLocaleString('en')} ledger rows and ${months} months of daily rollups`);
    const seedStart = performance.now();
    await seed(server, org.id);
    step(
      `seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ${requests} requests each after ${warmup} warm-up`,
    );
    const usageUrl = `${server.url}/v1/orgs/${org.id}/usage`;
    const healthUrl = `${server.url}/healthz`;
    await timeGets(usageUrl, owner.token, warmup);
    await timeGets(healthUrl, null, warmup);
    const usage = await timeGets(usageUrl, owner.token, requests);
    const health = await timeGets(healthUrl, null, requests);
    const report = (await (await fetch(usageUrl, { headers: { authorization: `Bearer ${owner.token}` } })).json()) as {
      days: unknown[];
      bots: unknown[];
      account: { balance: number };
    };
    const rows = [
      ['GET /v1/orgs/:orgId/usage (1M ledger rows)', usage],
      ['GET /healthz (reference)', health],
    ] as const;
    process.stdout.write(
      `\nUsage endpoint, ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, sequential requests on loopback\n`,
    );
    for (const [name, samples] of rows) {
      process.stdout.write(
        `  ${name.padEnd(46)} p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}  p99 ${ms(percentile(samples, 99))}\n`,
      );
    }
    const ratio = percentile(usage, 95) / percentile(health, 95);
    process.stdout.write(`  usage p95 / reference p95: ${ratio.toFixed(1)}×; target p95 ≤ 50 ms\n`);
    process.stdout.write(
      `  report: ${report.days.length} days, ${report.bots.length} bots, balance ${report.account.balance}\n`,
    );
  } finally {
    await server.close();
  }
}

await main();
