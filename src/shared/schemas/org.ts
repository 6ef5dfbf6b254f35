import { z } from 'zod';
import { permissions } from '../permissions';
import { displayNameSchema, idSchema, isoDateSchema, slugSchema } from './common';

export const planKeys = ['free', 'team', 'business', 'enterprise'] as const;
export const planKeySchema = z.enum(planKeys);

/** Organization sync view (what desktops store). */
export const orgSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  logoUrl: z.string().nullable(),
  isPersonal: z.boolean(),
  status: z.enum(['active', 'deleting']),
  plan: planKeySchema,
  ownerId: idSchema,
  defaultRoleId: idSchema.nullable(),
  billingAddress: z.string(),
  phone: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Org = z.infer<typeof orgSchema>;

export const createOrgBodySchema = z.object({ name: displayNameSchema, slug: slugSchema.optional() });

/** Fields of the organization profile a member with `org.update` may change. */
export const orgPatchSchema = z
  .object({
    name: displayNameSchema,
    slug: slugSchema,
    description: z.string().trim().max(500),
    logoUrl: z
      .url({ protocol: /^https$/ })
      .max(2048)
      .nullable(),
    billingAddress: z.string().trim().max(500),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+()\-.\s]*$/, 'Use digits, spaces and + ( ) - .'),
    /** The role invitations get when the inviter may not choose one; ranked 40 or below. */
    defaultRoleId: idSchema,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field');
export type OrgPatch = z.infer<typeof orgPatchSchema>;

export const deleteOrgBodySchema = z.object({ confirmSlug: z.string() });

export const permissionSchema = z.enum(permissions);

/** Role sync view; `key` is the built-in name or null for custom roles. */
export const roleSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  key: z.string().nullable(),
  name: z.string(),
  rank: z.number().int(),
  permissions: z.array(permissionSchema),
  builtIn: z.boolean(),
});
export type Role = z.infer<typeof roleSchema>;

/** Member sync view: the membership plus the profile fields every member may see. */
export const memberSchema = z.object({
  id: idSchema,
  orgId: idSchema,
  userId: idSchema,
  roleId: idSchema,
  status: z.enum(['active', 'deactivated']),
  kind: z.enum(['member', 'external_collaborator']),
  alias: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  joinedAt: isoDateSchema,
  lastLoginAt: isoDateSchema.nullable(),
});
export type Member = z.infer<typeof memberSchema>;

/** One entry of `GET /v1/me` and of the pull's membership list. */
export const myMembershipSchema = z.object({
  org: orgSchema,
  memberId: idSchema,
  role: roleSchema,
  permissions: z.array(permissionSchema),
});
export type MyMembership = z.infer<typeof myMembershipSchema>;
