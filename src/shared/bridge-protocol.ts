import { z } from 'zod';

/**
 * The development/test bridge: the renderer in a browser talks to the main-process core over a
 * loopback WebSocket at `/bridge`. The first client message must carry the per-launch secret.
 */
export const bridgeClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), secret: z.string().min(16).max(256) }),
  z.object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    method: z.string().max(64),
    input: z.unknown(),
  }),
]);
export type BridgeClientMessage = z.infer<typeof bridgeClientMessageSchema>;

export const bridgeServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), response: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type BridgeServerMessage = z.infer<typeof bridgeServerMessageSchema>;

/** Close code the bridge uses for a missing or wrong secret or a foreign Origin. */
export const BRIDGE_CLOSE_UNAUTHORIZED = 4401;
/** Query parameter that carries the secret in the launch URL; the page removes it at once. */
export const BRIDGE_SECRET_PARAM = 'bridgeSecret';
