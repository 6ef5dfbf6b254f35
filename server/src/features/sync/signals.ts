import { sql } from 'drizzle-orm';
import { AppError } from '@shared/errors';
import type { Database } from '../../db/client';
import { signalNotice } from './live-hub';
import type { SignalNotice } from './live-hub';

/** NOTIFY channel of ephemeral signals (runner heartbeats, run progress); never logged. */
export const signalsChannel = 'botdesk_signals';

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
const maxPayloadBytes = 7900;
/** At most this many NOTIFYs in one statement. */
const maxBatch = 200;

type Pending = { payload: string; resolve(): void; reject(error: unknown): void };

/**
 * The signals waiting to be sent on one database: sent as one statement (one pg_notify per signal,
 * in order), as soon as the previous statement is done. Idle, a signal goes out at once; under load
 * the signals of many reports share a round trip instead of taking one (and a pool connection) each.
 */
class SignalBatch {
  private waiting: Pending[] = [];
  private sending = false;

  constructor(private readonly database: Database) {}

  send(payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ payload, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, maxBatch);
      const calls = batch.map((p) => sql`pg_notify(${signalsChannel}, ${p.payload})`);
      try {
        await this.database.db.execute(sql`SELECT ${sql.join(calls, sql`, `)}`);
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.sending = false;
  }
}

const batches = new WeakMap<Database, SignalBatch>();

/**
 * Sends an ephemeral signal to the live streams of the org's members (holding `permission` when
 * given) on every server process. Not part of any transaction and not in the change log: a desktop
 * that is offline simply misses it. Resolves once the signal is sent.
 */
export async function publishSignal(database: Database, signal: SignalNotice): Promise<void> {
  const payload = JSON.stringify(signalNotice.parse(signal));
  if (Buffer.byteLength(payload) > maxPayloadBytes) {
    throw new AppError('validation_failed', `Signal "${signal.name}" is too large to send live`);
  }
  let batch = batches.get(database);
  if (!batch) {
    batch = new SignalBatch(database);
    batches.set(database, batch);
  }
  await batch.send(payload);
}
