import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSmsGateway } from '../../../hub/providers/httpSmsGateway';
import { createSmtpMailer } from '../../../hub/providers/smtpMailer';
import { startSmsGatewayStandIn } from '../../support/stepUpProviders/smsGatewayStandIn';
import type { SmsGatewayStandIn } from '../../support/stepUpProviders/smsGatewayStandIn';
import { startSmtpStandIn } from '../../support/stepUpProviders/smtpStandIn';
import type { SmtpStandIn } from '../../support/stepUpProviders/smtpStandIn';

const logLines: string[] = [];
const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => { logLines.push(chunk.toString('utf8')); done(); } }));
const sms = { to: '+46701234567', code: '482913', verificationId: 'v-sms-0000000000000001', now: 0 };
const mail = { to: 'kund@example.se', link: 'https://hub.example.se/step-up/email/AbCdEfGhIjKlMnOpQrStUvWx', verificationId: 'v-mail-000000000000001', now: 0 };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the SMS gateway client against a 46elks-shaped stand-in', () => {
  let gateway: SmsGatewayStandIn;
  beforeAll(async () => {
    gateway = await startSmsGatewayStandIn();
  });
  afterAll(() => gateway?.close());
  const client = (overrides: { password?: string; url?: string } = {}) =>
    createHttpSmsGateway({ url: overrides.url ?? gateway.url, user: gateway.user, password: overrides.password ?? gateway.password, from: 'Tillid', timeoutMs: 300 }, logger);

  it('sends one form POST of from, to and message with basic auth; the message carries the code in one SMS', async () => {
    expect(await client().send(sms)).toEqual({ delivered: true });
    const sent = gateway.messages.at(-1);
    expect(sent).toMatchObject({ from: 'Tillid', to: '+46701234567' });
    expect(sent?.message).toContain('482913');
    expect(sent?.message.length).toBeLessThanOrEqual(160);
  });

  it('answers each fault plainly, and counts nothing as sent that was not', async () => {
    const before = gateway.messages.length;
    expect(await client({ password: 'wrong' }).send(sms)).toEqual({ delivered: false, reason: 'refused' });
    gateway.fault('serverError');
    expect(await client().send(sms)).toEqual({ delivered: false, reason: 'server_error' });
    gateway.fault('tooManyRequests');
    expect(await client().send(sms)).toEqual({ delivered: false, reason: 'server_error' });
    gateway.fault('hang');
    expect(await client().send(sms)).toEqual({ delivered: false, reason: 'in_doubt' });
    expect(await client({ url: `http://127.0.0.1:${await closedPort()}/a1/sms` }).send(sms)).toEqual({ delivered: false, reason: 'unreachable' });
    expect(await client().send({ ...sms, to: '0701234567' })).toEqual({ delivered: false, reason: 'refused' });
    expect(gateway.messages.length).toBe(before);
  });

  it('refuses a sender the gateways refuse, at configuration', () => {
    expect(() => createHttpSmsGateway({ url: gateway.url, user: 'u', password: 'p', from: 'A name too long' }, logger)).toThrow(/3-11 characters/);
  });
});

describe('the SMTP mailer (nodemailer) against a real SMTP server', () => {
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    smtp = await startSmtpStandIn();
  });
  afterAll(() => smtp?.close());
  const mailer = (url = smtp.url) => createSmtpMailer({ url, from: 'kassan@butik.example.se', publicUrl: 'https://hub.example.se/', timeoutMs: 1_000 }, logger);

  it('sends the link to the address, from the configured sender, and points links at the public address', async () => {
    const m = mailer();
    expect(m.linkBase).toBe('https://hub.example.se/step-up/email/');
    expect(await m.send(mail)).toEqual({ delivered: true });
    await m.close?.();
    const received = smtp.mails.at(-1);
    expect(received).toMatchObject({ from: 'kassan@butik.example.se', to: ['kund@example.se'] });
    expect(received?.text).toContain(mail.link);
  });

  it('answers a refused recipient, a temporary failure, a hang, bad credentials and no server plainly', async () => {
    const before = smtp.mails.length;
    const m = mailer();
    smtp.fault('reject');
    expect(await m.send(mail)).toEqual({ delivered: false, reason: 'refused' });
    smtp.fault('tempFail');
    expect(await m.send(mail)).toEqual({ delivered: false, reason: 'server_error' });
    smtp.fault('hang');
    expect(await m.send(mail)).toEqual({ delivered: false, reason: 'in_doubt' });
    await m.close?.();
    expect(await mailer(smtp.url.replace(smtp.password, 'wrong')).send(mail)).toMatchObject({ delivered: false, reason: 'refused' });
    expect(await mailer(`smtp://127.0.0.1:${await closedPort()}`).send(mail)).toEqual({ delivered: false, reason: 'unreachable' });
    expect(smtp.mails.length).toBe(before);
  });
});

describe('what the senders log', () => {
  it('never the number, the address, the code, the link or a credential', () => {
    const logs = logLines.join('');
    expect(logs).toContain('the SMS gateway');
    for (const secret of ['701234567', '482913', 'kund@example.se', 'AbCdEfGhIjKlMnOpQrStUvWx', 'gateway-secret-password', 'smtp-secret-password', 'u1234567890abcdef']) {
      expect(logs).not.toContain(secret);
    }
  });
});
