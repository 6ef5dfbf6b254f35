import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { MyMembership } from '@shared/schemas/org';
import { queryRows, withTx } from '../../db/tx';
import { http } from '../../testing/http';
import { signUpUser, startTestServer, uniqueEmail } from '../../testing/test-server';
import type { TestServer } from '../../testing/test-server';
import { recordChange, recordChanges } from './change-log';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function personalOrg(label: string): Promise<string> {
  const { token } = await signUpUser(server, { email: uniqueEmail(label), name: label });
  const me = await http<{ memberships: MyMembership[] }>(server, 'GET', '/v1/me', { token });
  return me.body.memberships[0]?.org.id ?? '';
}

describe('change log', () => {
  it('logs several changes in one call as consecutive versions, in the order given', async () => {
    const orgId = await personalOrg('changes');
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await withTx(server.app.database, { userId: null, orgId }, async (c) => {
      await recordChange(c, { orgId, entity: 'bot', entityId: ids[0] ?? '', op: 'upsert', data: { n: 0 } });
      await recordChanges(c, orgId, [
        { orgId, entity: 'run', entityId: ids[1] ?? '', op: 'upsert', data: { n: 1 } },
        { orgId, entity: 'bot', entityId: ids[2] ?? '', op: 'delete', data: null },
      ]);
    });
    const rows = await withTx(server.app.database, { userId: null, orgId }, (c) =>
      queryRows<{ version: string; entity: string; entity_id: string; op: string; head: string }>(
        c.tx,
        sql`SELECT ch.version::text, ch.entity, ch.entity_id, ch.op, o.version::text AS head
            FROM org_changes ch JOIN organizations o ON o.id = ch.org_id
            WHERE ch.org_id = ${orgId} AND ch.entity_id IN (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})
            ORDER BY ch.version`,
      ),
    );
    expect(rows.map((r) => [r.entity, r.entity_id, r.op])).toEqual([
      ['bot', ids[0], 'upsert'],
      ['run', ids[1], 'upsert'],
      ['bot', ids[2], 'delete'],
    ]);
    const versions = rows.map((r) => Number(r.version));
    expect(versions).toEqual([versions[0], (versions[0] ?? 0) + 1, (versions[0] ?? 0) + 2]);
    expect(Number(rows[0]?.head)).toBe(versions[2]);
  });

  it('refuses a change of another org than the one it logs into', async () => {
    const orgId = await personalOrg('changes-scope');
    const other = crypto.randomUUID();
    await expect(
      withTx(server.app.database, { userId: null, orgId }, (c) =>
        recordChanges(c, orgId, [
          { orgId, entity: 'run', entityId: other, op: 'upsert', data: {} },
          { orgId: other, entity: 'run', entityId: other, op: 'upsert', data: {} },
        ]),
      ),
    ).rejects.toThrow();
  });
});
