import { assertNever } from '@shared/errors';
import { mutators } from '@shared/mutators';
import type { TxContext } from '../../db/tx';
import { createApiKey, revokeApiKey } from './api-keys.service';

export type ApiKeyMutatorName = 'apiKey.create' | 'apiKey.revoke';

/** The apiKey.* mutators (both online), with the services their REST routes call. */
export async function runApiKeyMutator(
  c: TxContext,
  orgId: string,
  name: ApiKeyMutatorName,
  args: unknown,
): Promise<unknown> {
  switch (name) {
    case 'apiKey.create':
      return createApiKey(c, orgId, mutators[name].args.parse(args));
    case 'apiKey.revoke':
      await revokeApiKey(c, orgId, mutators[name].args.parse(args).keyId);
      return {};
    default:
      return assertNever(name);
  }
}
