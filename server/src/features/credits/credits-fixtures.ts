import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expect } from 'vitest';
import type { Org } from '@shared/schemas/org';
import type { AlertEvent, AlertRule, CreditAccount, UsageReport } from '@shared/schemas/usage';
import type { Database } from '../../db/client';
import { users } from '../../db/schema';
import { queryRows, withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { account, createOrg } from '../invitations/invitation-fixtures';
import type { Account } from '../invitations/invitation-fixtures';
import { addMember } from '../sync/test-fixtures';
import { debitRunCredits } from './debit';
import type { RunDebit } from './debit';

// Test helpers of the credits feature: an org with its owner, runs debited as a run report would,
// and the ledger read back past row-level security.

export type OrgWithOwner = { owner: Account; org: Org };

export async function orgWithOwner(server: TestServer, name = 'Acme'): Promise<OrgWithOwner> {
  const owner = await account(server, 'Owner');
  return { owner, org: await createOrg(server, owner, name) };
}

/** A finished run of one bot (no run row is needed: the ledger keys on the run id). */
export function finishedRun(credits: number, botId = '0190a000-0000-7000-8000-000000000001'): RunDebit {
  return { id: uuidv7(), botId, botName: 'Invoice bot', triggerId: null, credits };
}

/** Debits a run in its own transaction, as the run report does when a run finishes. */
export function debit(database: Database, orgId: string, run: RunDebit, now = new Date()): Promise<void> {
  return withTx(database, { userId: null, orgId }, (c) => debitRunCredits(c, orgId, run, now));
}

/** The ledger's sum and row count, read as the schema owner (past row-level security). */
export async function ledgerTotals(database: Database, orgId: string): Promise<{ sum: number; rows: number }> {
  const [row] = await queryRows<{ sum: string | null; rows: number }>(
    database.db,
    sql`SELECT sum(credits)::text AS sum, count(*)::int AS rows FROM credit_ledger WHERE org_id = ${orgId}`,
  );
  return { sum: Number(row?.sum ?? 0), rows: Number(row?.rows ?? 0) };
}

export async function usageOf(server: TestServer, who: Account, orgId: string): Promise<UsageReport> {
  const res = await http<UsageReport>(server, 'GET', `/v1/orgs/${orgId}/usage`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function balanceOf(server: TestServer, who: Account, orgId: string): Promise<number> {
  return (await usageOf(server, who, orgId)).account.balance;
}

export async function topUp(server: TestServer, who: Account, orgId: string, credits: number): Promise<CreditAccount> {
  const res = await http<CreditAccount>(server, 'POST', `/v1/orgs/${orgId}/credits/top-ups`, {
    token: who.token,
    body: { credits },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function alertEventsOf(server: TestServer, who: Account, orgId: string): Promise<AlertEvent[]> {
  const res = await http<{ events: AlertEvent[] }>(server, 'GET', `/v1/orgs/${orgId}/alert-events`, {
    token: who.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.events;
}

export async function alertRulesOf(server: TestServer, who: Account, orgId: string): Promise<AlertRule[]> {
  const res = await http<{ rules: AlertRule[] }>(server, 'GET', `/v1/orgs/${orgId}/alert-rules`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rules;
}

/** Members who never sign in, written straight into users, holding a built-in role. */
export async function addSilentMembers(server: TestServer, orgId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const id = uuidv7();
    await server.app.database.db.insert(users).values({ id, name: `Member ${i}`, email: uniqueEmail('member') });
    await addMember(server, orgId, id, 'viewer');
  }
}
