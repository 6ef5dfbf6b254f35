import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { queryRows, withTx } from '../../db/tx';
import { alertMailChannel } from './alert-mail';

const batch = 20;
/** A claimed email not confirmed sent within this is claimed again (a server that died mid-send). */
const lease = '2 minutes';
/** Fallback for a missed wake-up (a listener reconnecting) and for retries after a failed send. */
const sweepMs = 30_000;

type ClaimedEmail = { org_id: string; id: string; to_address: string; subject: string; body: string };

/**
 * Sends queued alert emails through app.mailer: woken by NOTIFY when an alert commits, swept every
 * 30 s. Claims run through SECURITY DEFINER functions (a job across orgs, never RLS turned off);
 * a failed send is tried again when its lease runs out (five attempts at most). Stops when the app closes.
 */
export async function startAlertMailSender(app: FastifyInstance): Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;

  const markSent = (email: ClaimedEmail) =>
    withTx(app.database, { userId: null, orgId: null }, (c) =>
      c.tx.execute(sql`SELECT botdesk_alert_email_sent(${email.org_id}, ${email.id})`),
    );

  const drain = async () => {
    for (;;) {
      const claimed = await withTx(app.database, { userId: null, orgId: null }, (c) =>
        queryRows<ClaimedEmail>(c.tx, sql`SELECT * FROM botdesk_claim_alert_emails(${batch}, ${lease}::interval)`),
      );
      for (const email of claimed) {
        try {
          await app.mailer.send({ to: email.to_address, subject: email.subject, text: email.body });
          await markSent(email);
        } catch (error) {
          // The claim stays until its lease runs out: the next attempt comes after that, not at once.
          app.log.warn({ err: error, to: email.to_address }, 'alert email failed; it will be retried');
        }
      }
      if (claimed.length < batch) return;
    }
  };

  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await drain().catch((error: unknown) => app.log.warn({ err: error }, 'alert email sender failed'));
      } while (again);
      running = null;
    })();
  };

  const unlisten = await app.database.listen(alertMailChannel, kick);
  const sweep = setInterval(kick, sweepMs);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await unlisten();
    await running;
  });
  kick();
}
