import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CreateBotBody } from '@shared/schemas/automation';
import { withTx } from '../../db/tx';
import { createApiKey } from '../api-keys/api-keys.service';
import { createBot } from './bots.service';

/** Where the demo's runner key is kept (the secret exists nowhere else); `npm start` reads it. */
export const demoRunnerKeyFile = 'demo-runner.key';

const demoBots: CreateBotBody[] = [
  {
    name: 'Invoice Collector',
    description: 'Signs in to the supplier portal and downloads new invoices.',
    creditsPerRun: 1,
    creditsPerMinute: 0.5,
    steps: [
      { name: 'Sign in to the portal', durationMs: 2_000, outcome: 'ok' },
      { name: 'Find new invoices', durationMs: 3_000, outcome: 'ok', data: { invoicesFound: 7 } },
      { name: 'Download PDFs', durationMs: 4_000, outcome: 'ok', data: { downloaded: 7 } },
    ],
  },
  {
    name: 'CRM Sync',
    description: 'Copies yesterday’s leads from the web form into the CRM.',
    creditsPerRun: 2,
    creditsPerMinute: 0,
    steps: [
      { name: 'Export leads', durationMs: 1_500, outcome: 'ok', data: { leads: 23 } },
      { name: 'Import into CRM', durationMs: 2_500, outcome: 'ok' },
    ],
  },
  {
    name: 'Legacy Report',
    description: 'Scrapes the legacy ERP report page (its captcha often changes).',
    creditsPerRun: 1,
    creditsPerMinute: 1,
    steps: [
      { name: 'Open the ERP', durationMs: 1_500, outcome: 'ok' },
      { name: 'Pass the captcha', durationMs: 1_000, outcome: 'fail', error: 'The captcha layout changed' },
    ],
  },
];

/**
 * Gives the demo org its bots and an API key for the reference runner, written to the data folder
 * (owner-only) so `npm start` can start the runner with it on this and later launches.
 */
export async function seedDemoBots(app: FastifyInstance, userId: string, orgId: string): Promise<void> {
  const created = await withTx(app.database, { userId, orgId }, async (c) => {
    for (const bot of demoBots) await createBot(c, orgId, bot, app.now());
    return createApiKey(c, orgId, { name: 'Demo runner', type: 'standard', scopes: ['runs.execute'] });
  });
  await writeFile(join(app.config.BOTDESK_DATA_DIR, demoRunnerKeyFile), `${created.secret}\n`, { mode: 0o600 });
}
