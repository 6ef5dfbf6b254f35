import { z } from 'zod';
import { permissionSchema } from './org';
import { displayNameSchema, emailSchema, idSchema, isoDateSchema } from './common';
import { invitationTokenSchema } from './app';

/** Invitation sync view (to members with `members.invite`): never the token or its hash. */
export const invitationSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  email: z.string(),
  name: z.string().nullable(),
  roleId: idSchema,
  invitedBy: idSchema,
  inviterName: z.string(),
  status: z.enum(['pending', 'accepted', 'declined', 'revoked']),
  expiresAt: isoDateSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;

/** What `POST /v1/invitations/lookup` shows before accepting (the token is the credential). */
export const invitationPreviewSchema = z.object({
  orgName: z.string(),
  orgSlug: z.string(),
  inviterName: z.string(),
  roleName: z.string(),
  email: z.string(),
  expiresAt: isoDateSchema,
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/** Audit event sync view (to members with `audit.read`). */
export const auditEventSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  actorId: idSchema.nullable(),
  actorName: z.string(),
  /** Dotted name of the change, e.g. `member.role_changed`, `invitation.created`, `role.deleted`. */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  targetLabel: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  at: isoDateSchema,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** A pending ownership transfer (to every member with `org.read`, so the recipient sees it). */
export const ownershipTransferSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  fromMemberId: idSchema,
  toMemberId: idSchema,
  status: z.enum(['pending', 'accepted', 'cancelled']),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type OwnershipTransfer = z.infer<typeof ownershipTransferSchema>;

export const memberPatchSchema = z
  .object({ roleId: idSchema, status: z.enum(['active', 'deactivated']) })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change the role or the status');
export type MemberPatch = z.infer<typeof memberPatchSchema>;

export const createInvitationBodySchema = z.object({
  email: emailSchema,
  name: displayNameSchema.optional(),
  /** Omitted by those who may not choose one: the org's default role applies. */
  roleId: idSchema.optional(),
});

export const invitationTokenBodySchema = z.object({ token: z.string().trim().pipe(invitationTokenSchema) });

const roleNameSchema = z.string().trim().min(1, 'Name the role').max(60);
export const createRoleBodySchema = z.object({
  name: roleNameSchema,
  rank: z.number().int().min(1).max(99),
  permissions: z.array(permissionSchema).max(64),
});
export const rolePatchSchema = createRoleBodySchema
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field');

/** The permission catalogue as `GET /v1/permissions` serves it. */
export const permissionCatalogueSchema = z.object({
  groups: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      permissions: z.array(z.object({ key: permissionSchema, description: z.string() })),
    }),
  ),
});
