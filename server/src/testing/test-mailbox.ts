import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailMessage } from '../mail/mailer';

export type { MailMessage };

/**
 * What tests read of the mail the server sent. `waitFor` and `latestCode` consume what they return,
 * so a later call waits for a newer message (e.g. after "resend the code").
 */
export type TestMailbox = {
  messages(): MailMessage[];
  waitFor(to: string, match?: (m: MailMessage) => boolean): Promise<MailMessage>;
  latestCode(to: string): Promise<string>;
};

type Waiter = { to: string; match: (m: MailMessage) => boolean; resolve: (m: MailMessage) => void };

/** An in-process SMTP server on 127.0.0.1 that keeps every message it receives. */
export async function startSmtpMailbox(): Promise<{ url: string; mailbox: TestMailbox; close(): Promise<void> }> {
  const received: MailMessage[] = [];
  const consumed = new WeakSet<MailMessage>();
  const waiters = new Set<Waiter>();

  const deliver = (message: MailMessage) => {
    received.push(message);
    for (const w of waiters) {
      if (w.to === message.to && w.match(message)) {
        waiters.delete(w);
        consumed.add(message);
        w.resolve(message);
        return;
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const parsed = parseMessage(Buffer.concat(chunks).toString('utf8'));
        for (const rcpt of session.envelope.rcptTo) deliver({ to: rcpt.address.toLowerCase(), ...parsed });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  const waitFor = (to: string, match: (m: MailMessage) => boolean = () => true): Promise<MailMessage> => {
    const address = to.toLowerCase();
    const ready = [...received].reverse().find((m) => m.to === address && !consumed.has(m) && match(m));
    if (ready) {
      for (const m of received) if (m.to === address && match(m)) consumed.add(m);
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => waiters.add({ to: address, match, resolve }));
  };

  const mailbox: TestMailbox = {
    messages: () => [...received],
    waitFor,
    async latestCode(to) {
      const message = await waitFor(to, (m) => codeOf(m) !== null);
      return codeOf(message) as string;
    },
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    mailbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function codeOf(m: MailMessage): string | null {
  return /\b(\d{6})\b/.exec(m.subject)?.[1] ?? /\b(\d{6})\b/.exec(m.text)?.[1] ?? null;
}

/** Enough MIME for the plain-text mail the server sends: headers, then a 7bit / quoted-printable / base64 body. */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { subject: headers.get('subject') ?? '', text: text.replace(/\r\n/g, '\n').trim() };
}
