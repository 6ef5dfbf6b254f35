import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@shared/errors';
import { builtInRoleKeys, builtInRoles } from '@shared/permissions';
import type { Org, OrgPatch } from '@shared/schemas/org';
import { memberships, organizations, roles } from '../../db/schema';
import type { OrganizationRow, RoleRow } from '../../db/schema';
import { queryRows, switchOrg } from '../../db/tx';
import type { TxContext } from '../../db/tx';
import { recordAudit } from '../audit/audit.service';
import { assertDefaultRole } from '../roles/default-role';
import { ensurePeriod } from '../credits/ledger';
import { recordChange, recordMembershipEvent } from '../sync/change-log';
import { listMyMemberships, requireMember } from './membership';
import { loadMemberView, orgSyncView, roleSyncView } from './sync-views';
import { slugCandidates } from './slug';

const slugTaken = () => new AppError('conflict', 'That address is taken; choose another');

async function isSlugTaken(c: TxContext, slug: string): Promise<boolean> {
  // A SECURITY DEFINER function: slugs are unique across orgs that RLS hides from this request.
  const [row] = await queryRows<{ taken: boolean }>(c.tx, sql`SELECT botdesk_slug_taken(${slug}) AS taken`);
  return row?.taken === true;
}

async function freeSlug(c: TxContext, name: string, fallback: string): Promise<string> {
  for (const candidate of slugCandidates(name, fallback)) if (!(await isSlugTaken(c, candidate))) return candidate;
  throw new AppError('conflict', 'Could not find a free address for this organization; choose one');
}

/**
 * Creates an organization with the creator as owner, the seven built-in roles and viewer as the
 * default role, on the Free plan, and logs every new row.
 */
export async function createOrg(
  c: TxContext,
  input: { name: string; slug?: string | undefined; personal?: boolean; fallbackSlug?: string },
): Promise<Org> {
  const userId = c.userId;
  if (!userId) throw new AppError('unauthenticated', 'Sign in to continue');
  const orgId = uuidv7();
  // The new org's rows are writable only under its own scope (RLS WITH CHECK); a failure rolls back anyway.
  const scoped = await switchOrg(c, orgId);
  if (input.slug && (await isSlugTaken(scoped, input.slug))) throw slugTaken();
  const slug = input.slug ?? (await freeSlug(scoped, input.name, input.fallbackSlug ?? 'org'));
  await scoped.tx
    .insert(organizations)
    .values({ id: orgId, name: input.name, slug, ownerId: userId, isPersonal: input.personal ?? false });
  const seeded = await seedBuiltInRoles(scoped, orgId);
  await scoped.tx.update(organizations).set({ defaultRoleId: seeded.viewerId }).where(eq(organizations.id, orgId));
  const memberId = uuidv7();
  await scoped.tx.insert(memberships).values({ orgId, id: memberId, userId, roleId: seeded.ownerId });

  for (const role of seeded.rows) {
    await recordChange(scoped, { orgId, entity: 'role', entityId: role.id, op: 'upsert', data: roleSyncView(role) });
  }
  const member = await loadMemberView(scoped, orgId, memberId);
  if (!member) throw new AppError('internal', 'The new membership could not be read back');
  await recordChange(scoped, { orgId, entity: 'member', entityId: memberId, op: 'upsert', data: member });
  const created = orgSyncView(await readOrg(scoped, orgId));
  await recordChange(scoped, { orgId, entity: 'org', entityId: orgId, op: 'upsert', data: created });
  await recordMembershipEvent(scoped, { orgId, userId, change: 'added' });
  // The first period's full grant and the default alert rules.
  await ensurePeriod(scoped, orgId, new Date());
  await switchOrg(c, c.orgId);
  return created;
}

/** Inserts the built-in roles of a new org from the matrix in @shared/permissions. */
async function seedBuiltInRoles(
  c: TxContext,
  orgId: string,
): Promise<{ rows: RoleRow[]; ownerId: string; viewerId: string }> {
  const values = builtInRoleKeys.map((key) => ({
    orgId,
    id: uuidv7(),
    key,
    name: builtInRoles[key].name,
    rank: builtInRoles[key].rank,
    permissions: [...builtInRoles[key].permissions],
    builtIn: true,
  }));
  const rows = await c.tx.insert(roles).values(values).returning();
  const idOf = (key: string) => {
    const row = rows.find((r) => r.key === key);
    if (!row) throw new AppError('internal', `Built-in role ${key} is missing`);
    return row.id;
  };
  return { rows, ownerId: idOf('owner'), viewerId: idOf('viewer') };
}

async function readOrg(c: TxContext, orgId: string): Promise<OrganizationRow> {
  const [row] = await c.tx.select().from(organizations).where(eq(organizations.id, orgId));
  if (!row) throw new AppError('not_found', 'Organization not found');
  return row;
}

/** The org, for any active member (org.read). */
export async function getOrg(c: TxContext, orgId: string): Promise<Org> {
  await requireMember(c, orgId, 'org.read');
  return orgSyncView(await readOrg(c, orgId));
}

/** The caller's orgs (active memberships, orgs not being deleted). */
export async function listOrgs(c: TxContext): Promise<Org[]> {
  return (await listMyMemberships(c)).map((m) => m.org);
}

/** Applies a profile patch (needs org.update); the service behind PATCH /v1/orgs/:orgId and the org.update mutator. */
export async function updateOrg(c: TxContext, orgId: string, patch: OrgPatch): Promise<Org> {
  const actor = await requireMember(c, orgId, 'org.update');
  const current = await readOrg(c, orgId);
  if (patch.slug && patch.slug !== current.slug && (await isSlugTaken(c, patch.slug))) throw slugTaken();
  if (patch.defaultRoleId !== undefined) await assertDefaultRole(c, orgId, patch.defaultRoleId);
  const [row] = await c.tx
    .update(organizations)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(organizations.id, orgId))
    .returning();
  if (!row) throw new AppError('not_found', 'Organization not found');
  const view = orgSyncView(row);
  await recordChange(c, { orgId, entity: 'org', entityId: orgId, op: 'upsert', data: view });
  const before = orgSyncView(current);
  const fields = (Object.keys(patch) as (keyof OrgPatch)[]).filter((k) => before[k] !== view[k]);
  if (fields.length > 0) {
    const pick = (o: Org) => Object.fromEntries(fields.map((k) => [k, o[k]]));
    const audit = { action: 'org.updated', targetType: 'org', targetId: orgId, targetLabel: view.name };
    await recordAudit(c, { orgId, actor: actor.userId, ...audit, before: pick(before), after: pick(view) });
  }
  return view;
}

/**
 * Starts deleting an org (owner only, typed confirmation): status 'deleting' ends every member's
 * access at once. Purging its rows after the grace period is not implemented yet.
 */
export async function deleteOrg(c: TxContext, orgId: string, confirmSlug: string): Promise<void> {
  const actor = await requireMember(c, orgId, 'org.delete');
  const org = await readOrg(c, orgId);
  if (org.isPersonal) throw new AppError('forbidden', 'Your personal workspace cannot be deleted');
  if (confirmSlug.trim() !== org.slug) {
    throw new AppError('validation_failed', `Type the organization's address "${org.slug}" to confirm deletion`);
  }
  const [row] = await c.tx
    .update(organizations)
    .set({ status: 'deleting', deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(organizations.id, orgId))
    .returning();
  if (!row) throw new AppError('not_found', 'Organization not found');
  await recordChange(c, { orgId, entity: 'org', entityId: orgId, op: 'upsert', data: orgSyncView(row) });
  const audit = { action: 'org.deleted', targetType: 'org', targetId: orgId, targetLabel: org.name };
  await recordAudit(c, {
    orgId,
    actor: actor.userId,
    ...audit,
    before: { status: org.status },
    after: { status: row.status },
  });
  const members = await c.tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'active')));
  for (const m of members) await recordMembershipEvent(c, { orgId, userId: m.userId, change: 'removed' });
}
