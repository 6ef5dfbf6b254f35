import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { pullBodySchema, pullResultSchema, pushBodySchema, pushResultSchema } from '@shared/schemas/sync';
import { withTx } from '../../db/tx';
import { requireSession } from '../auth/auth.guard';
import { listMyMemberships } from '../orgs/membership';
import { membershipChannel, orgChangesChannel } from './change-log';
import { LiveHub } from './live-hub';
import type { OrgGrants } from './live-hub';
import { pullChanges } from './pull.service';
import { pushMutations } from './push.service';
import { pruneSyncLog } from './retention';
import { signalsChannel } from './signals';
import { openSnapshot } from './snapshot';

const bearer = [{ bearer: [] }];
const tags = ['sync'];
const heartbeatMs = 15_000;
const pruneEveryMs = 60 * 60 * 1000;

/** Sync routes: push, pull, snapshot, live events (DESIGN.md "Sync protocol"). */
export const syncRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/sync/push',
    { schema: { tags, security: bearer, body: pushBodySchema, response: { 200: pushResultSchema } } },
    async (request) => {
      const who = await requireSession(request);
      return pushMutations(app.database, who.userId, request.body);
    },
  );

  app.post(
    '/v1/sync/pull',
    { schema: { tags, security: bearer, body: pullBodySchema, response: { 200: pullResultSchema } } },
    async (request) => {
      const who = await requireSession(request);
      return pullChanges(app.database, who.userId, request.body);
    },
  );

  app.get(
    '/v1/sync/orgs/:orgId/snapshot',
    {
      schema: {
        tags,
        security: bearer,
        params: z.object({ orgId: idSchema }),
        description: 'NDJSON: a header with the version V0, pages of rows per entity, then an end line.',
      },
    },
    async (request, reply) => {
      const who = await requireSession(request);
      const stream = await openSnapshot(app.database, who.userId, request.params.orgId);
      return reply.type('application/x-ndjson').header('cache-control', 'no-store').send(stream);
    },
  );

  registerLiveEvents(app);
};

/** `GET /v1/sync/events`: one LISTEN per channel for the process, fanned out to every open stream. */
function registerLiveEvents(app: FastifyInstance): void {
  const loadGrants = async (userId: string): Promise<OrgGrants> => {
    const mine = await withTx(app.database, { userId, orgId: null }, listMyMemberships);
    return new Map(mine.map((m) => [m.org.id, m.permissions]));
  };
  const hub = new LiveHub(loadGrants);
  const closers = new Set<() => void>();
  const unlisteners: (() => Promise<void>)[] = [];
  const timers: NodeJS.Timeout[] = [];

  app.addHook('onReady', async () => {
    const onMembership = (payload: string) => {
      hub.onMembership(payload).catch((error: unknown) => app.log.warn({ err: error }, 'membership refresh failed'));
    };
    unlisteners.push(await app.database.listen(orgChangesChannel, (payload) => hub.onOrgChange(payload)));
    unlisteners.push(await app.database.listen(membershipChannel, onMembership));
    unlisteners.push(await app.database.listen(signalsChannel, (payload) => hub.onSignal(payload)));
    const beat = () => {
      hub.heartbeat().catch((error: unknown) => app.log.warn({ err: error }, 'live heartbeat failed'));
    };
    timers.push(setInterval(beat, heartbeatMs).unref());
    const prune = () => {
      pruneSyncLog(app.database).catch((error: unknown) => app.log.warn({ err: error }, 'sync log pruning failed'));
    };
    timers.push(setInterval(prune, pruneEveryMs).unref());
  });

  // Streams never end by themselves; end them before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    for (const timer of timers) clearInterval(timer);
    for (const close of [...closers]) close();
  });
  app.addHook('onClose', async () => {
    await Promise.all(unlisteners.splice(0).map((unlisten) => unlisten()));
  });

  app.get(
    '/v1/sync/events',
    {
      schema: {
        tags,
        security: bearer,
        description: 'Server-sent events: hello, then pokes, membership events and signals; a comment every ~15 s.',
      },
    },
    async (request, reply) => {
      const who = await requireSession(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const authorization = request.headers.authorization ?? '';
      const stillValid = async () => {
        try {
          return (await app.auth.api.getSession({ headers: new Headers({ authorization }) })) !== null;
        } catch {
          // A passing database error is not a sign-out; the next heartbeat checks again.
          return true;
        }
      };
      let remove = () => {};
      const close = () => {
        closers.delete(close);
        remove();
        res.end();
      };
      try {
        remove = await hub.open(who.userId, { write: (text) => res.write(text), stillValid, end: close });
      } catch (error) {
        request.log.warn({ err: error }, 'live stream could not load memberships');
        res.end();
        return;
      }
      closers.add(close);
      res.on('close', close);
      if (res.destroyed) close();
    },
  );
}
