import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; raw: string };

/** A real SMTP server on loopback that keeps what arrives, so a test reads the codes a person would. */
export async function startMailbox(): Promise<{
  url: string;
  mails: ReceivedMail[];
  latestCode(to: string): Promise<string>;
  latestInvitationLink(to: string): Promise<string>;
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async latestCode(to) {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const mail = [...mails].reverse().find((m) => m.to.includes(to.toLowerCase()));
        const code = mail?.raw.match(/\b(\d{6})\b/)?.[1];
        if (code) return code;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No code arrived for ${to}`);
    },
    async latestInvitationLink(to) {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const mail = [...mails]
          .reverse()
          .find((m) => m.to.includes(to.toLowerCase()) && decodedBody(m.raw).includes('accept-invite/'));
        const link = mail ? /botdesk:\/\/accept-invite\/[A-Za-z0-9_-]+/.exec(decodedBody(mail.raw))?.[0] : undefined;
        if (link) return link;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No invitation arrived for ${to}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text of a plain mail, undoing quoted-printable soft breaks and escapes (a long link may be wrapped). */
function decodedBody(raw: string): string {
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(raw)) return raw;
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
