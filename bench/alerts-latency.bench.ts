import { availableParallelism, loadavg } from 'node:os';
import { z } from 'zod';
import { botSchema, createdApiKeySchema } from '@shared/schemas/automation';
import { alertRuleSchema } from '@shared/schemas/usage';
import { configuredDatabaseUrl } from '../server/src/env';
import { startSmtpMailbox } from '../server/src/testing/test-mailbox';
import { waitUntil } from '../src/main/core/testing/wait';
import { api, createOrg, signUp } from './lib/accounts';
import type { Account } from './lib/accounts';
import { openDesktops, waitForOrg } from './lib/desktops';
import type { Desktop } from './lib/desktops';
import { HttpClient } from './lib/http-client';
import { formatTable, ms, ratio, verdict } from './lib/report';
import { startBenchServer } from './lib/server-handle';
import type { BenchServer } from './lib/server-handle';
import { since, sleep, summarize } from './lib/stats';
import { runBench } from './lib/bench-main';
import type { Cleanups } from './lib/bench-main';

// `npm run bench:alerts`: alert latency (issue 6) — from just before a runner's report that finishes a
// run whose debit crosses an alert rule, until each listening desktop core shows the notification
// through its Notifier port. Beside it, the report's own HTTP round trip. Prints; never fails on a time.

const crossings = 60;
const listenerCount = 10;
const goalMs = 300;
const threshold = 500;
const runCredits = 300;
const timeoutMs = 10_000;
const watchdogMs = 10 * 60_000;

function step(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

type AlertWorld = { orgId: string; owner: Account; botId: string; key: string; listeners: Account[] };

/**
 * A Free org (1,000 credits) whose only enabled rule is "below 500 credits", a bot costing 300 a run,
 * and a runner key. The balance then alternates 700 → 400 (a crossing) → top-up → 700 (re-armed).
 */
async function buildWorld(server: BenchServer, mailbox: Parameters<typeof signUp>[1]): Promise<AlertWorld> {
  const owner = await signUp(server.url, mailbox, 'Alert owner');
  const org = await createOrg(server.url, owner, 'Alert org');
  const auth = { token: owner.token };
  const rules = await api(
    server.url,
    'GET',
    `/v1/orgs/${org.id}/alert-rules`,
    z.object({ rules: z.array(alertRuleSchema) }),
    auth,
  );
  for (const rule of rules.rules) {
    await api(server.url, 'PATCH', `/v1/orgs/${org.id}/alert-rules/${rule.id}`, z.unknown(), {
      ...auth,
      body: { enabled: false },
    });
  }
  await api(server.url, 'POST', `/v1/orgs/${org.id}/alert-rules`, z.unknown(), {
    ...auth,
    body: { kind: 'credits_below', threshold, channels: ['desktop'] },
  });
  const bot = await api(server.url, 'POST', `/v1/orgs/${org.id}/bots`, botSchema, {
    ...auth,
    body: { name: 'Alert bot', creditsPerRun: runCredits, creditsPerMinute: 0 },
  });
  const created = await api(server.url, 'POST', `/v1/orgs/${org.id}/api-keys`, createdApiKeySchema, {
    ...auth,
    body: { name: 'Alert runner', type: 'standard', scopes: ['runs.execute'] },
  });
  const names = Array.from({ length: listenerCount }, (_, i) => `Alert listener ${i + 1}`);
  const listeners: Account[] = [];
  for (let i = 0; i < names.length; i += 4) {
    listeners.push(...(await Promise.all(names.slice(i, i + 4).map((n) => signUp(server.url, mailbox, n)))));
  }
  await server.child.call('addViewers', {
    orgId: org.id,
    ownerId: owner.user.id,
    userIds: listeners.map((l) => l.user.id),
  });
  return { orgId: org.id, owner, botId: bot.id, key: created.secret, listeners };
}

/** Notifications per desktop, as their Notifier ports received them (performance.now() stamps). */
const heard = new Map<string, number[]>();

function waitForNotification(desktop: Desktop, count: number): Promise<number | null> {
  const list = heard.get(desktop.account.user.id) ?? [];
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      if (list.length >= count) return resolve(list[count - 1] ?? null);
      if (performance.now() - started > timeoutMs) return resolve(null);
      setTimeout(check, 2);
    };
    check();
  });
}

async function balanceOnAll(desktops: readonly Desktop[], orgId: string, balance: number): Promise<void> {
  await Promise.all(
    desktops.map((d) =>
      waitUntil(async () => {
        const s = await d.test.core.invoke('usage.summary', { orgId });
        return s.ok && (s.value as { account: { balance: number } | null }).account?.balance === balance;
      }, `a balance of ${balance}`),
    ),
  );
}

type Result = { notifyMs: number[]; reportMs: number[]; missed: number };

async function measure(
  server: BenchServer,
  client: HttpClient,
  world: AlertWorld,
  desktops: Desktop[],
  label: string,
): Promise<Result> {
  const result: Result = { notifyMs: [], reportMs: [], missed: 0 };
  const send = async (method: 'POST' | 'PATCH', path: string, body: unknown) => {
    const answer = await client.send(method, path, world.key, body);
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
    return JSON.parse(answer.text) as { id: string };
  };
  const runnerId = `alerts-${label}`;
  for (let i = 0; i < crossings; i++) {
    await api(server.url, 'POST', `/v1/orgs/${world.orgId}/credits/top-ups`, z.unknown(), {
      token: world.owner.token,
      body: { credits: runCredits },
    });
    await balanceOnAll(desktops, world.orgId, threshold + 200);
    const run = await send('POST', '/v1/runner/runs', {
      botId: world.botId,
      idempotencyKey: `${runnerId}-${i}-${Date.now()}`,
      runnerId,
    });
    await send('PATCH', `/v1/runner/runs/${run.id}`, { status: 'running', progress: 0, runnerId });
    await sleep(20);
    const expected = desktops.map((d) => (heard.get(d.account.user.id)?.length ?? 0) + 1);
    const t0 = performance.now();
    await send('PATCH', `/v1/runner/runs/${run.id}`, { status: 'succeeded', log: 'ok', runnerId });
    result.reportMs.push(since(t0));
    const seen = await Promise.all(desktops.map((d, k) => waitForNotification(d, expected[k] ?? 1)));
    for (const at of seen) {
      if (at === null) result.missed += 1;
      result.notifyMs.push(at === null ? timeoutMs : at - t0);
    }
    await sleep(20);
  }
  return result;
}

function rows(label: string, r: Result) {
  const notify = summarize(r.notifyMs);
  const report = summarize(r.reportMs);
  return {
    figure: `Crossing report → notification, ${label} (p50 / p99, n=${notify.n})`,
    measured: `${ms(notify.p50)} / ${ms(notify.p99)}`,
    reference: `report round trip ${ms(report.p50)} / ${ms(report.p99)}`,
    ratio: ratio(notify.p99, report.p99),
    minimum: '—',
    goal: `p99 ≤ ${goalMs} ms`,
    verdict: r.missed > 0 ? `GOAL MISSED (${r.missed} never shown)` : verdict(notify.p99, { goal: goalMs }),
  };
}

async function main(cleanups: Cleanups): Promise<void> {
  const databaseUrl = configuredDatabaseUrl() ?? null;
  const loadAtStart = loadavg()[0] ?? NaN;
  const smtp = await startSmtpMailbox();
  cleanups.push(() => smtp.close());
  step(`alert latency: starting the sync server on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}`);
  const server = await startBenchServer({ databaseUrl, smtpUrl: smtp.url });
  cleanups.push(() => server.stop());
  step(`signing up the owner and ${listenerCount} listeners (viewers: usage.read)`);
  const world = await buildWorld(server, smtp.mailbox);
  const client = new HttpClient(server.url, 1);
  cleanups.push(async () => client.close());
  const notifierOf = (a: Account) => ({ show: () => void heard.get(a.user.id)?.push(performance.now()) });
  for (const l of world.listeners) heard.set(l.user.id, []);
  const [firstListener, ...others] = world.listeners;
  if (!firstListener) throw new Error('no listeners');
  const desktops = await openDesktops(server.url, [firstListener], 1, notifierOf);
  cleanups.push(async () => {
    for (const d of desktops) await d.close();
  });
  await waitForOrg(desktops[0] as Desktop, world.orgId);
  // Warm-up: 1,000 → 700 → 400 (the first crossing, not timed).
  for (let i = 0; i < 2; i++) {
    const run = await client.send('POST', '/v1/runner/runs', world.key, {
      botId: world.botId,
      idempotencyKey: `warm-${i}`,
      runnerId: 'warm',
    });
    const id = (JSON.parse(run.text) as { id: string }).id;
    await client.send('PATCH', `/v1/runner/runs/${id}`, world.key, {
      status: 'running',
      progress: 0,
      runnerId: 'warm',
    });
    await client.send('PATCH', `/v1/runner/runs/${id}`, world.key, { status: 'succeeded', runnerId: 'warm' });
  }
  await balanceOnAll(desktops, world.orgId, threshold - 100);
  await waitForNotification(desktops[0] as Desktop, 1);
  step(`${crossings} crossings, 1 listening desktop`);
  const one = await measure(server, client, world, [...desktops], 'one');
  desktops.push(...(await openDesktops(server.url, others, 4, notifierOf)));
  for (const d of desktops) await waitForOrg(d, world.orgId);
  step(`${crossings} crossings, ${listenerCount} listening desktops`);
  const many = await measure(server, client, world, desktops, 'many');
  const lines = [
    '',
    `Alert latency — ${server.engine} (${server.kind}); ${availableParallelism()} CPUs, Node ${process.version}`,
    `Each crossing: a top-up re-arms "below ${threshold} credits", a run costing ${runCredits} is started (not timed) and`,
    'reported succeeded (timed from just before that report) until each desktop core calls its Notifier.',
    'Desktops are real cores (own temp data folder, live SSE) in this process, sharing its event loop.',
    formatTable([rows('1 listening desktop', one), rows(`${listenerCount} listening desktops`, many)]),
    `- 1-minute load average: ${loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? NaN).toFixed(2)} at the end`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await runBench('alert latency benchmark', watchdogMs, main);
