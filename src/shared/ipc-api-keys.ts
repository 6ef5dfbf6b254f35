import { z } from 'zod';
import { idSchema } from './schemas/common';
import { apiKeySchema } from './schemas/automation';

/** An API key as the API Keys page lists it: the sync view and whether its creator is still an active member. */
export const apiKeyListItemSchema = apiKeySchema.extend({
  /** No active member of the org has the creator's user id (they left, were removed or deactivated). */
  creatorLeft: z.boolean(),
});
export type ApiKeyListItem = z.infer<typeof apiKeyListItemSchema>;

/** IPC requests of the API keys pages (spread into ipcMethods). */
export const apiKeyIpcMethods = {
  /** The org's API keys on this device (present only with `api_keys.read`), newest first, revoked ones included. */
  'apiKeys.list': { input: z.object({ orgId: idSchema }), output: z.array(apiKeyListItemSchema) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
