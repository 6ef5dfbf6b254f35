import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { can } from '@shared/permissions';
import { alertEmails, memberships, roles, users } from '../../db/schema';
import type { AlertEventRow, AlertRuleRow } from '../../db/schema';
import type { TxContext } from '../../db/tx';
import type { MailMessage } from '../../mail/mailer';
import { roleGrant } from '../orgs/membership';
import { ruleDescription } from '@shared/alert-crossing';

/** NOTIFY channel that wakes the alert email sender (delivered when the queuing transaction commits). */
export const alertMailChannel = 'botdesk_alert_mail';

/**
 * Who an alert emails: the rule's listed members, or every member when it lists none — in both
 * cases only active members whose role has usage.read (nobody learns the balance through an alert
 * who could not read it).
 */
export async function alertRecipients(c: TxContext, rule: AlertRuleRow): Promise<string[]> {
  const rows = await c.tx
    .select({ memberId: memberships.id, email: users.email, role: roles })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, and(eq(roles.orgId, memberships.orgId), eq(roles.id, memberships.roleId)))
    .where(and(eq(memberships.orgId, rule.orgId), eq(memberships.status, 'active')));
  const listed = new Set(rule.recipientMemberIds);
  return rows
    .filter((r) => listed.size === 0 || listed.has(r.memberId))
    .filter((r) => can({ status: 'active', role: roleGrant(r.role) }, 'usage.read'))
    .map((r) => r.email);
}

/** The alert email: what happened, which rule, and how to go on. */
export function alertMail(input: {
  to: string;
  orgName: string;
  rule: AlertRuleRow;
  event: AlertEventRow;
}): MailMessage {
  return {
    to: input.to,
    subject: `${input.orgName} is low on credits`,
    text: [
      `${input.event.message}.`,
      '',
      `This is the usage alert "remaining ${ruleDescription(input.rule)}" of ${input.orgName}.`,
      'Runs stop when the credits run out. Top up or upgrade the plan on the Usage page in Botdesk.',
      '',
      'You get this message because you may read the usage of this organization.',
    ].join('\n'),
  };
}

/**
 * Queues the alert's emails in the caller's transaction; the sender mails them after commit, outside
 * the transaction and its locks (see alert-mail-sender.ts).
 */
export async function queueAlertEmails(
  c: TxContext,
  rule: AlertRuleRow,
  event: AlertEventRow,
  orgName: string,
): Promise<void> {
  const recipients = await alertRecipients(c, rule);
  if (recipients.length === 0) return;
  await c.tx.insert(alertEmails).values(
    recipients.map((to) => {
      const mail = alertMail({ to, orgName, rule, event });
      return {
        orgId: rule.orgId,
        id: uuidv7(),
        eventId: event.id,
        toAddress: to,
        subject: mail.subject,
        body: mail.text,
      };
    }),
  );
  await c.tx.execute(sql`SELECT pg_notify(${alertMailChannel}, '')`);
}
