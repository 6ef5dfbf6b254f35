import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { MyMembership } from '@shared/schemas/org';
import { http } from '../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../testing/test-server';
import type { TestServer } from '../testing/test-server';
import { queryRows, withTx } from './tx';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function personalOrgOf(label: string): Promise<{ userId: string; orgId: string }> {
  const { token, user } = await signUpUser(server, { email: uniqueEmail(label), name: label });
  const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token });
  return { userId: user.id, orgId: me.body.memberships[0]?.org.id ?? '' };
}

/** Tables with an org_id column, plus organizations itself (keyed by id). */
async function tenantTables(): Promise<{ name: string; key: string }[]> {
  const rows = await queryRows<{ table_name: string }>(
    server.app.database.db,
    sql`SELECT DISTINCT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`,
  );
  return [{ name: 'organizations', key: 'id' }, ...rows.map((r) => ({ name: r.table_name, key: 'org_id' }))];
}

describe('row-level security', () => {
  it('is enabled, forced and has a policy on every tenant table (lint)', async () => {
    const tables = await tenantTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['organizations', 'roles', 'memberships']));
    const problems: string[] = [];
    for (const t of tables) {
      const [row] = await queryRows<{ enabled: boolean; forced: boolean; policies: number }>(
        server.app.database.db,
        sql`SELECT c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                   (SELECT count(*)::int FROM pg_policies p
                    WHERE p.schemaname = 'public' AND p.tablename = c.relname
                      AND ('public' = ANY (p.roles) OR 'botdesk_app' = ANY (p.roles))) AS policies
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname = ${t.name}`,
      );
      if (!row?.enabled) problems.push(`${t.name}: RLS not enabled`);
      if (!row?.forced) problems.push(`${t.name}: RLS not forced`);
      if (!row || row.policies < 1) problems.push(`${t.name}: no policy that applies to requests`);
    }
    expect(problems).toEqual([]);
  });

  it('shows botdesk_app no row of another org in any tenant table', async () => {
    const a = await personalOrgOf('rls-a');
    const b = await personalOrgOf('rls-b');
    const tables = await tenantTables();
    await withTx(server.app.database, { userId: null, orgId: b.orgId }, async (c) => {
      const [who] = await queryRows<{ role: string }>(c.tx, sql`SELECT current_user AS role`);
      expect(who?.role).toBe('botdesk_app');
      for (const t of tables) {
        const [foreign] = await queryRows<{ n: number }>(
          c.tx,
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(t.name)} WHERE ${sql.identifier(t.key)} = ${a.orgId}`,
        );
        expect({ table: t.name, rows: foreign?.n }).toEqual({ table: t.name, rows: 0 });
      }
      const [own] = await queryRows<{ n: number }>(
        c.tx,
        sql`SELECT count(*)::int AS n FROM roles WHERE org_id = ${b.orgId}`,
      );
      expect(own?.n).toBe(7);
    });
  });

  it('shows nothing without a scope and refuses writes into another org', async () => {
    const a = await personalOrgOf('rls-c');
    const b = await personalOrgOf('rls-d');
    await withTx(server.app.database, { userId: null, orgId: null }, async (c) => {
      for (const t of ['organizations', 'roles', 'memberships']) {
        const [row] = await queryRows<{ n: number }>(c.tx, sql`SELECT count(*)::int AS n FROM ${sql.identifier(t)}`);
        expect({ table: t, rows: row?.n }).toEqual({ table: t, rows: 0 });
      }
    });
    await expect(
      withTx(server.app.database, { userId: b.userId, orgId: b.orgId }, (c) =>
        c.tx.execute(
          sql`INSERT INTO roles (org_id, id, key, name, rank) VALUES (${a.orgId}, ${crypto.randomUUID()}, null, 'Intruder', 5)`,
        ),
      ),
    ).rejects.toThrow();
    await expect(
      withTx(server.app.database, { userId: b.userId, orgId: b.orgId }, async (c) => {
        const updated = await queryRows(
          c.tx,
          sql`UPDATE organizations SET name = 'Taken over' WHERE id = ${a.orgId} RETURNING id`,
        );
        return updated.length;
      }),
    ).resolves.toBe(0);
  });

  it('lets a user see only their own memberships across orgs', async () => {
    const a = await personalOrgOf('rls-e');
    await personalOrgOf('rls-f');
    await withTx(server.app.database, { userId: a.userId, orgId: null }, async (c) => {
      const rows = await queryRows<{ user_id: string }>(c.tx, sql`SELECT user_id FROM memberships`);
      expect(rows.map((r) => r.user_id)).toEqual([a.userId]);
    });
  });
});
