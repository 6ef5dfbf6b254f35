import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../server/src/db/client';
import { memberships, roles } from '../../server/src/db/schema';
import { queryRows, withTx } from '../../server/src/db/tx';
import type { Tx } from '../../server/src/db/tx';
import { recordChange, recordMembershipEvent } from '../../server/src/features/sync/change-log';
import { loadMemberView } from '../../server/src/features/orgs/sync-views';

// Runs inside the server process (it holds the only PGlite connection). Bulk rows are written with
// set-based SQL, as the members service would leave them: users, viewer memberships, one org_changes
// row per member (the member's sync view) and the org's version bumped to the last of them.

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Niklaus'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen'];

/** A UUIDv7-shaped id from a millisecond expression and a seed expression (time-ordered like the server's ids). */
function v7(msExpr: string, seedExpr: string): string {
  const t = `lpad(to_hex(${msExpr}), 12, '0')`;
  const r = `md5(${seedExpr})`;
  return `(substr(${t}, 1, 8) || '-' || substr(${t}, 9, 4) || '-7' || substr(${r}, 1, 3) || '-8' || substr(${r}, 4, 3) || '-' || substr(${r}, 7, 12))::uuid`;
}

function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]`;
}

/** SQL expressions of the i-th seeded user and membership (i from generate_series). */
function seededRow(tag: string, baseMs: number) {
  const pick = (values: readonly string[], salt: string) =>
    `(${textArray(values)})[1 + abs(hashtext('${salt}${tag}' || i)) % ${values.length}]`;
  return {
    userId: v7(`${baseMs}::bigint + i`, `'u${tag}' || i`),
    memberId: v7(`${baseMs}::bigint + i`, `'m${tag}' || i`),
    name: `${pick(firstNames, 'f')} || ' ' || ${pick(lastNames, 'l')} || ' ' || substr(md5('n${tag}' || i), 1, 5)`,
    email: `'member-${tag}-' || i || '@bench.example.test'`,
  };
}

function headSetting(orgId: string): string {
  return `botdesk.head_${orgId.replaceAll('-', '')}`;
}

async function roleIdOf(tx: Tx, orgId: string, key: string): Promise<string> {
  const [row] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, orgId), eq(roles.key, key)));
  if (!row) throw new Error(`role ${key} of ${orgId} not found`);
  return row.id;
}

/**
 * Adds `count` viewer members (each a new user) to an org in one transaction, logging each as a
 * `member` change. Users are inserted by the connecting role (as the identity library does); the
 * org's rows under its own scope as botdesk_app, so row-level security checks them.
 */
export async function seedMembers(
  database: Database,
  input: { orgId: string; ownerId: string; count: number },
): Promise<{ version: number; seconds: number }> {
  const { orgId, ownerId, count } = input;
  const started = performance.now();
  const tag = randomBytes(4).toString('hex');
  const row = seededRow(tag, Date.now() - count);
  const version = await database.db.transaction(async (tx) => {
    await tx.execute(
      sql.raw(`INSERT INTO users (id, name, email, email_verified)
        SELECT ${row.userId}, ${row.name}, ${row.email}, true FROM generate_series(1, ${count}) AS i`),
    );
    await tx.execute(sql`SET LOCAL ROLE botdesk_app`);
    await tx.execute(sql`SELECT set_config('app.user_id', ${ownerId}, true), set_config('app.org_id', ${orgId}, true)`);
    const viewer = await roleIdOf(tx, orgId, 'viewer');
    await tx.execute(sql`INSERT INTO memberships (org_id, id, user_id, role_id)
      SELECT ${orgId}::uuid, ${sql.raw(row.memberId)}, ${sql.raw(row.userId)}, ${viewer}::uuid
      FROM generate_series(1, ${count}::int) AS i`);
    const [last] = await queryRows<{ version: string | number }>(
      tx,
      sql`WITH bumped AS (
            UPDATE organizations SET version = version + ${count}::int WHERE id = ${orgId}
            RETURNING version - ${count}::int AS base, set_config(${headSetting(orgId)}, version::text, true) AS noticed
          ), logged AS (
            INSERT INTO org_changes (org_id, version, entity, entity_id, op, data)
            SELECT m.org_id, b.base + i, 'member', m.id::text, 'upsert', jsonb_build_object(
              'id', m.id, 'orgId', m.org_id, 'userId', m.user_id, 'roleId', m.role_id, 'status', m.status,
              'kind', m.kind, 'alias', m.alias, 'name', u.name, 'email', u.email,
              'joinedAt', to_char(m.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'lastLoginAt', NULL)
            FROM bumped b
            CROSS JOIN generate_series(1, ${count}::int) AS i
            JOIN memberships m ON m.org_id = ${orgId} AND m.id = ${sql.raw(row.memberId)}
            JOIN users u ON u.id = m.user_id
            WHERE b.noticed IS NOT NULL
            RETURNING version
          )
          SELECT max(version) AS version, count(*) AS n FROM logged`,
    );
    if (!last) throw new Error('seeding logged no changes');
    return Number(last.version);
  });
  // The statistics autovacuum would gather on a PostgreSQL server soon after such a load (PGlite has
  // no autovacuum). Without them the planner misjudges the org's size and every snapshot page scans
  // the whole org: the snapshot turns quadratic (see the report).
  await database.db.execute(sql`ANALYZE users, memberships, org_changes`);
  return { version, seconds: (performance.now() - started) / 1000 };
}

/**
 * Makes existing users viewer members of an org through the change-log functions the services
 * use (there is no invitation flow yet): member change logged, membership event sent.
 */
export async function addViewers(
  database: Database,
  input: { orgId: string; ownerId: string; userIds: string[] },
): Promise<void> {
  const { orgId, ownerId, userIds } = input;
  await withTx(database, { userId: ownerId, orgId }, async (c) => {
    const viewer = await roleIdOf(c.tx, orgId, 'viewer');
    for (const userId of userIds) {
      const id = uuidv7();
      await c.tx.insert(memberships).values({ orgId, id, userId, roleId: viewer });
      const view = await loadMemberView(c, orgId, id);
      if (!view) throw new Error(`membership ${id} could not be read back`);
      await recordChange(c, { orgId, entity: 'member', entityId: id, op: 'upsert', data: view });
      await recordMembershipEvent(c, { orgId, userId, change: 'added' });
    }
  });
}
