import { join } from 'node:path';
import { createApp } from './app';
import { openDatabase } from './db/client';
import { loadEnv } from './env';
import { demoAccount, seedDemo } from './seed-demo';

/** `npm run server`: the sync server on PostgreSQL (DATABASE_URL) or an embedded PGlite in the data folder. */
async function main(): Promise<void> {
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: join(env.BOTDESK_DATA_DIR, 'pglite') });
  const app = await createApp({ env, database });
  if (await seedDemo(app)) {
    app.log.info(
      { email: demoAccount.email, demoPassword: demoAccount.password },
      'new database: seeded the demo account',
    );
  }
  await app.listen({ host: env.HOST, port: env.PORT });
  app.log.info({ database: database.kind, publicUrl: env.PUBLIC_URL }, 'Botdesk server ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
