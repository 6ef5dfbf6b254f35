import { sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Database } from '../../db/client';
import { signalNotice } from './live-hub';
import type { SignalNotice } from './live-hub';

/** NOTIFY channel of ephemeral signals (runner heartbeats, run progress); never logged. */
export const signalsChannel = 'botdesk_signals';

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const maxPayloadBytes = 7900;

/**
 * Sends an ephemeral signal to the live streams of the org's members (holding `permission` when
 * given) on every server process. Not part of any transaction and not in the change log: a desktop
 * that is offline simply misses it.
 */
export async function publishSignal(database: Database, signal: SignalNotice): Promise<void> {
  const payload = JSON.stringify(signalNotice.parse(signal));
  if (Buffer.byteLength(payload) > maxPayloadBytes) {
    throw new AppError('validation_failed', `Signal "${signal.name}" is too large to send live`);
  }
  await database.db.execute(sql`SELECT pg_notify(${signalsChannel}, ${payload})`);
}
