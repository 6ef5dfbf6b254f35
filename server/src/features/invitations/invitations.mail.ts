import type { MailMessage } from '../../mail/mailer';

/** The invitation email: the deep link and the same token as a code to paste, inviter and role named. */
export function invitationMail(input: {
  to: string;
  orgName: string;
  inviterName: string;
  roleName: string;
  token: string;
  expiresAt: Date;
}): MailMessage {
  const expires = input.expiresAt.toUTCString();
  return {
    to: input.to,
    subject: `${input.inviterName} invited you to join ${input.orgName} on Botdesk`,
    text: [
      `${input.inviterName} invited you to join the organization ${input.orgName} on Botdesk as ${input.roleName}.`,
      '',
      'Open this link on a computer with Botdesk installed to review and accept the invitation:',
      '',
      `    botdesk://accept-invite/${input.token}`,
      '',
      'Or, in Botdesk, choose "Join an organization" and paste this invitation code:',
      '',
      `    ${input.token}`,
      '',
      `Sign in with ${input.to} to accept. The invitation expires ${expires} and works once.`,
      'If you were not expecting it, you can ignore this message.',
    ].join('\n'),
  };
}
