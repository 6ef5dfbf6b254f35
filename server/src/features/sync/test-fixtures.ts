import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { BuiltInRoleKey } from '@shared/permissions';
import type { Org } from '@shared/schemas/org';
import { PROTOCOL_VERSION } from '@shared/schemas/sync';
import type { PullResult, PushResult, SnapshotLine } from '@shared/schemas/sync';
import { memberships, roles } from '../../db/schema';
import { withTx } from '../../db/tx';
import { http } from '../../testing/http';
import type { TestServer } from '../../testing/test-server';
import { loadMemberView } from '../orgs/sync-views';
import { recordChange, recordMembershipEvent } from './change-log';

// Membership changes as the members and invitations features make them (routes that live elsewhere):
// the row, its change-log entry and the membership event, in one transaction.

async function roleId(server: TestServer, orgId: string, key: BuiltInRoleKey): Promise<string> {
  return withTx(server.app.database, { userId: null, orgId }, async (c) => {
    const [role] = await c.tx
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.orgId, orgId), eq(roles.key, key)));
    expect(role).toBeDefined();
    return role?.id ?? '';
  });
}

/** Adds a user to an org with a built-in role; returns the member id. */
export async function addMember(
  server: TestServer,
  orgId: string,
  userId: string,
  key: BuiltInRoleKey,
): Promise<string> {
  const id = crypto.randomUUID();
  const role = await roleId(server, orgId, key);
  await withTx(server.app.database, { userId: null, orgId }, async (c) => {
    await c.tx.insert(memberships).values({ orgId, id, userId, roleId: role });
    const view = await loadMemberView(c, orgId, id);
    await recordChange(c, { orgId, entity: 'member', entityId: id, op: 'upsert', data: view });
    await recordMembershipEvent(c, { orgId, userId, change: 'added' });
  });
  return id;
}

/** Gives a member another built-in role. */
export async function setMemberRole(server: TestServer, orgId: string, memberId: string, key: BuiltInRoleKey) {
  const role = await roleId(server, orgId, key);
  await withTx(server.app.database, { userId: null, orgId }, async (c) => {
    const [row] = await c.tx
      .update(memberships)
      .set({ roleId: role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)))
      .returning();
    expect(row).toBeDefined();
    const view = await loadMemberView(c, orgId, memberId);
    await recordChange(c, { orgId, entity: 'member', entityId: memberId, op: 'upsert', data: view });
    await recordMembershipEvent(c, { orgId, userId: row?.userId ?? '', change: 'changed' });
  });
}

/** Removes a member from an org. */
export async function removeMember(server: TestServer, orgId: string, memberId: string) {
  await withTx(server.app.database, { userId: null, orgId }, async (c) => {
    const [row] = await c.tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)))
      .returning();
    expect(row).toBeDefined();
    await recordChange(c, { orgId, entity: 'member', entityId: memberId, op: 'delete', data: null });
    await recordMembershipEvent(c, { orgId, userId: row?.userId ?? '', change: 'removed' });
  });
}

export async function createOrg(server: TestServer, token: string, name = 'Acme Robotics'): Promise<Org> {
  const res = await http<Org>(server, 'POST', '/v1/orgs', { token, body: { name } });
  expect(res.status).toBe(200);
  return res.body;
}

export async function push(
  server: TestServer,
  token: string,
  clientId: string,
  mutations: { id: number; orgId: string; name: string; args: unknown }[],
  protocol = PROTOCOL_VERSION,
) {
  return http<PushResult>(server, 'POST', '/v1/sync/push', { token, body: { clientId, protocol, mutations } });
}

export async function pull(
  server: TestServer,
  token: string,
  clientId: string,
  cursors: Record<string, number>,
  limit?: number,
) {
  const body = { clientId, protocol: PROTOCOL_VERSION, cursors, ...(limit ? { limit } : {}) };
  return http<PullResult>(server, 'POST', '/v1/sync/pull', { token, body });
}

/** Reads a snapshot as parsed NDJSON lines. */
export async function snapshot(server: TestServer, token: string, orgId: string) {
  const res = await fetch(`${server.url}/v1/sync/orgs/${orgId}/snapshot`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  const lines = res.ok
    ? text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as SnapshotLine)
    : [];
  return { status: res.status, contentType: res.headers.get('content-type'), lines, text };
}
