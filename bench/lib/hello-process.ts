import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { serveParent } from './child';

// The reference of the ingestion figure: a hello-world Fastify route in its own process, answering a
// JSON PATCH of the same size as a run report — what the loopback, Node and Fastify cost alone.

let app: FastifyInstance | null = null;

const handlers = {
  async start(_options: Record<string, never>): Promise<{ url: string }> {
    app = Fastify({ logger: false });
    app.patch('/hello/:id', async () => ({ hello: 'world' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { url: `http://127.0.0.1:${port}` };
  },
};

export type HelloHandlers = typeof handlers;

serveParent(handlers, async () => {
  await app?.close();
  app = null;
});
