import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import { uuidv7 } from 'uuidv7';

/** One plain-text message. */
export type MailMessage = { to: string; subject: string; text: string };

/** Sends mail; the server never needs more than plain text. */
export type Mailer = { send(message: MailMessage): Promise<void> };

const from = 'Botdesk <no-reply@botdesk.local>';

/** SMTP when SMTP_URL is set, otherwise each message becomes an .eml file under <dataDir>/mail. */
export function createMailer(options: {
  smtpUrl: string | undefined;
  dataDir: string;
  log: FastifyBaseLogger;
}): Mailer {
  if (options.smtpUrl) return smtpMailer(options.smtpUrl);
  return fileMailer(join(options.dataDir, 'mail'), options.log);
}

function smtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

function fileMailer(dir: string, log: FastifyBaseLogger): Mailer {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${uuidv7()}.eml`);
      const eml = [
        `From: ${from}`,
        `To: ${message.to}`,
        `Subject: ${message.subject}`,
        `Date: ${new Date().toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        message.text,
        '',
      ].join('\r\n');
      await writeFile(file, eml, { mode: 0o600 });
      // Only the recipient and path: subject and body carry codes that must stay out of logs.
      log.info({ to: message.to, file }, 'mail written to file (SMTP_URL is not set)');
    },
  };
}
