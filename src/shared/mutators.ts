import { z } from 'zod';
import { createOrgBodySchema, deleteOrgBodySchema, orgPatchSchema, orgSchema } from './schemas/org';

const empty = z.object({});

/**
 * Every change is a named mutator. `optimistic` ones apply locally at once and go through the
 * outbox and `POST /v1/sync/push`; `online` ones need the server's answer and are called directly
 * (disabled while offline). The server runs the same service for a mutator from REST or push.
 */
export const mutators = {
  'org.update': {
    kind: 'optimistic',
    args: z.object({ patch: orgPatchSchema }),
    result: empty,
  },
  'org.create': {
    kind: 'online',
    args: createOrgBodySchema,
    result: orgSchema,
  },
  'org.delete': {
    kind: 'online',
    args: deleteOrgBodySchema,
    result: empty,
  },
} as const satisfies Record<string, { kind: 'optimistic' | 'online'; args: z.ZodType; result: z.ZodType }>;

export type MutatorName = keyof typeof mutators;
export type MutatorArgs<N extends MutatorName> = z.infer<(typeof mutators)[N]['args']>;
export type MutatorResult<N extends MutatorName> = z.infer<(typeof mutators)[N]['result']>;
export type MutatorKind = (typeof mutators)[MutatorName]['kind'];
export const mutatorNames = Object.keys(mutators) as MutatorName[];

export type OptimisticMutatorName = {
  [N in MutatorName]: (typeof mutators)[N]['kind'] extends 'optimistic' ? N : never;
}[MutatorName];

export function isMutatorName(name: string): name is MutatorName {
  return Object.hasOwn(mutators, name);
}
