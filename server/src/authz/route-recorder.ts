import { channel } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Records every route (as `METHOD /path`) of the Fastify instances created while it listens.
 * Fastify publishes each new instance on the `fastify.initialization` diagnostics channel before any
 * plugin or route is registered, so an `onRoute` hook added there sees every route, encapsulated plugins included,
 * without touching createApp.
 */
export function recordRoutes(): { keys(): string[]; stop(): void } {
  const found = new Set<string>();
  const initialization = channel('fastify.initialization');
  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) found.add(`${method} ${route.url}`);
    });
  };
  initialization.subscribe(onInstance);
  return { keys: () => [...found].sort(), stop: () => initialization.unsubscribe(onInstance) };
}
