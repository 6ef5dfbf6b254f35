import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpMailbox } from '../testing/test-mailbox';
import { createMailer } from './mailer';

const log = Fastify({ logger: false }).log;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('mailer', () => {
  it('writes each message as an .eml file under <dataDir>/mail when SMTP_URL is unset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'botdesk-mail-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const mailer = createMailer({ smtpUrl: undefined, dataDir: dir, log });
    await mailer.send({ to: 'ann@example.test', subject: '123456 is your code', text: 'Enter 123456' });
    const files = await readdir(join(dir, 'mail'));
    expect(files).toHaveLength(1);
    const eml = await readFile(join(dir, 'mail', files[0] ?? ''), 'utf8');
    expect(eml).toContain('To: ann@example.test');
    expect(eml).toContain('Subject: 123456 is your code');
    expect(eml).toContain('Enter 123456');
  });

  it('delivers over SMTP when SMTP_URL is set', async () => {
    const smtp = await startSmtpMailbox();
    cleanups.push(smtp.close);
    const mailer = createMailer({ smtpUrl: smtp.url, dataDir: tmpdir(), log });
    await mailer.send({ to: 'Bob@Example.test', subject: 'Hello', text: 'Your code is 654321.' });
    const message = await smtp.mailbox.waitFor('bob@example.test');
    expect(message).toMatchObject({ subject: 'Hello', text: 'Your code is 654321.' });
  });
});
