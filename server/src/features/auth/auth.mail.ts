import { assertNever } from '@shared/errors';
import type { MailMessage } from '../../mail/mailer';

type CodeKind = 'sign-in' | 'email-verification' | 'forget-password' | 'change-email';

/** The mail that carries a 6-digit code. */
export function codeMail(to: string, code: string, kind: CodeKind): MailMessage {
  const minutes = 10;
  switch (kind) {
    case 'email-verification':
      return {
        to,
        subject: `${code} is your Botdesk verification code`,
        text: `Enter this code in Botdesk to confirm your email address:\n\n    ${code}\n\nIt expires in ${minutes} minutes. If you did not create a Botdesk account, you can ignore this message.`,
      };
    case 'forget-password':
      return {
        to,
        subject: `${code} is your Botdesk password reset code`,
        text: `Enter this code in Botdesk to choose a new password:\n\n    ${code}\n\nIt expires in ${minutes} minutes. Resetting signs out every device of the account. If you did not ask for this, ignore this message.`,
      };
    case 'sign-in':
    case 'change-email':
      return {
        to,
        subject: `${code} is your Botdesk code`,
        text: `Your Botdesk code:\n\n    ${code}\n\nIt expires in ${minutes} minutes.`,
      };
    default:
      return assertNever(kind);
  }
}
