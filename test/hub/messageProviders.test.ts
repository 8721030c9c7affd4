import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_UP_RULES } from '../../sync/protocol';
import { createHttpSmsGateway } from '../../hub/providers/httpSmsGateway';
import { createSmtpMailer } from '../../hub/providers/smtpMailer';
import { startSmsGatewayStandIn } from '../support/stepUpProviders/smsGatewayStandIn';
import type { SmsGatewayStandIn } from '../support/stepUpProviders/smsGatewayStandIn';
import { startSmtpStandIn } from '../support/stepUpProviders/smtpStandIn';
import type { SmtpStandIn } from '../support/stepUpProviders/smtpStandIn';
import { HUB_ENGINES, testMember } from './support/hubUnderTest';
import { stepUpSuite } from './support/stepUpAtHub';

const PUBLIC_URL = 'https://hub.example.se';

describe.each(HUB_ENGINES)('step-up codes by an SMS gateway and links by SMTP at the hub on %s', (engine) => {
  let gateway: SmsGatewayStandIn;
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    gateway = await startSmsGatewayStandIn();
    smtp = await startSmtpStandIn();
  });
  afterAll(async () => {
    await gateway?.close();
    await smtp?.close();
  });
  const suite = stepUpSuite(engine, (logger) => ({
    stepUpProviders: {
      sms: createHttpSmsGateway({ url: gateway.url, user: gateway.user, password: gateway.password, from: 'Tillid', timeoutMs: 500 }, logger),
      email: createSmtpMailer({ url: smtp.url, from: 'kassan@butik.example.se', publicUrl: PUBLIC_URL, timeoutMs: 1_000 }, logger),
    },
  }), 20);

  const start = async (profileId: string, method: 'sms' | 'email_link') => {
    const answer = await suite.at.client.start({ profileId, method });
    if (answer.outcome !== 'answered') throw new Error(`start: ${JSON.stringify(answer)}`);
    return answer.answer;
  };
  const started = (profileId: string, method: 'sms' | 'email_link') => suite.at.started(profileId, method);
  const codeSentTo = (phone: string): string => {
    const sent = gateway.messages.filter((m) => m.to === phone).at(-1);
    const code = /\b(\d{6})\b/.exec(sent?.message ?? '')?.[1];
    if (!code) throw new Error('no code reached the gateway');
    return code;
  };
  const tokenMailedTo = (email: string): string => {
    const mail = smtp.mails.filter((m) => m.to.includes(email)).at(-1);
    const token = new RegExp(`${PUBLIC_URL}/step-up/email/([A-Za-z0-9_-]+)`).exec(mail?.text ?? '')?.[1];
    if (!token) throw new Error('no link reached the mail server');
    return token;
  };

  it('sends the code through the gateway to the member’s phone, and it verifies; the code is not kept in clear', async () => {
    const m = testMember(1);
    const v = await started(m.profileId, 'sms');
    const code = codeSentTo(m.phone);
    expect(gateway.messages.at(-1)?.from).toBe('Tillid');
    expect(await suite.at.client.submitCode(v.verificationId, code)).toMatchObject({ outcome: 'answered', answer: { result: 'verified' } });
    const stored = await suite.at.under.hub.parts.db.query<{ row: string }>("SELECT row_to_json(m)::text AS row FROM step_up_messages m");
    expect(stored).toEqual([]);
  });

  it('keeps the SMS limits: wrong tries, expiry, sends per number (known or unknown profile, the same answers)', async () => {
    const m = testMember(2);
    const v = await started(m.profileId, 'sms');
    const code = codeSentTo(m.phone);
    for (let i = 0; i < STEP_UP_RULES.smsMaxWrongTries - 1; i++) await suite.at.client.submitCode(v.verificationId, code === '000000' ? '111111' : '000000');
    expect(await suite.at.client.submitCode(v.verificationId, code === '000000' ? '111111' : '000000')).toMatchObject({ answer: { result: 'too_many_tries' } });
    expect(await suite.at.client.submitCode(v.verificationId, code)).toMatchObject({ answer: { result: 'too_many_tries' } });

    const late = await started(m.profileId, 'sms');
    const lateCode = codeSentTo(m.phone);
    suite.advance(STEP_UP_RULES.smsCodeTtlMs + 1);
    expect(await suite.at.client.submitCode(late.verificationId, lateCode)).toMatchObject({ answer: { result: 'expired' } });

    const before = gateway.messages.length;
    expect(await start(m.profileId, 'sms')).toMatchObject({ outcome: 'started' });
    expect(await start(m.profileId, 'sms')).toMatchObject({ outcome: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(gateway.messages.length).toBe(before + 1);
    for (let i = 0; i < STEP_UP_RULES.sendsPerWindow; i++) expect(await start('C-nobody-sms', 'sms')).toMatchObject({ outcome: 'started', verification: { status: 'pending' } });
    expect(await start('C-nobody-sms', 'sms')).toMatchObject({ outcome: 'rate_limited' });
    expect(gateway.messages.length).toBe(before + 1);
    suite.advance(STEP_UP_RULES.sendWindowMs);
  });

  it('answers a gateway 5xx, 429 or timeout with a failed verification at once (the cashier is told), counted in the limit', async () => {
    const m = testMember(3);
    gateway.fault('serverError');
    expect(await start(m.profileId, 'sms')).toMatchObject({ outcome: 'started', verification: { status: 'failed' } });
    gateway.fault('tooManyRequests');
    expect(await start(m.profileId, 'sms')).toMatchObject({ outcome: 'started', verification: { status: 'failed' } });
    gateway.fault('hang');
    expect(await start(m.profileId, 'sms')).toMatchObject({ outcome: 'started', verification: { status: 'failed' } });
    expect(await start(m.profileId, 'sms')).toMatchObject({ outcome: 'rate_limited' });
  });

  it('mails the link to the member; the page asks first (GET verifies nobody), the confirmation verifies', async () => {
    const m = testMember(4);
    const v = await started(m.profileId, 'email_link');
    expect(smtp.mails.at(-1)).toMatchObject({ from: 'kassan@butik.example.se', to: [m.email] });
    const token = tokenMailedTo(m.email);
    const asked = await fetch(`${suite.at.under.hub.url}/step-up/email/${token}`);
    expect(asked.status).toBe(200);
    expect(asked.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await asked.text()).toContain('<form method="post">');
    expect(await suite.at.client.status(v.verificationId)).toMatchObject({ answer: { status: 'pending' } });
    const confirmed = await fetch(`${suite.at.under.hub.url}/step-up/email/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(confirmed.status).toBe(200);
    expect(await suite.at.client.status(v.verificationId)).toMatchObject({ answer: { status: 'verified' } });
    expect((await fetch(`${suite.at.under.hub.url}/step-up/email/not-a-token-at-all-xyz`)).status).toBe(404);
  });

  it('keeps the e-mail limits: the link expires, sends per address are limited, an unknown profile answers the same', async () => {
    const m = testMember(5);
    await started(m.profileId, 'email_link');
    const token = tokenMailedTo(m.email);
    suite.advance(STEP_UP_RULES.emailLinkTtlMs + 1);
    expect((await fetch(`${suite.at.under.hub.url}/step-up/email/${token}`, { method: 'POST' })).status).toBe(410);
    // The window (10 min) has passed with the link's life: a full window of sends, then the limit.
    const before = smtp.mails.length;
    for (let i = 0; i < STEP_UP_RULES.sendsPerWindow; i++) await started(m.profileId, 'email_link');
    expect(await start(m.profileId, 'email_link')).toMatchObject({ outcome: 'rate_limited' });
    expect(smtp.mails.length).toBe(before + STEP_UP_RULES.sendsPerWindow);
    for (let i = 0; i < STEP_UP_RULES.sendsPerWindow; i++) expect(await start('C-nobody-mail', 'email_link')).toMatchObject({ outcome: 'started', verification: { status: 'pending' } });
    expect(await start('C-nobody-mail', 'email_link')).toMatchObject({ outcome: 'rate_limited' });
  });

  it('answers a refused recipient or a mail server that hangs with a failed verification', async () => {
    const m = testMember(6);
    smtp.fault('reject');
    expect(await start(m.profileId, 'email_link')).toMatchObject({ outcome: 'started', verification: { status: 'failed' } });
    smtp.fault('hang');
    expect(await start(m.profileId, 'email_link')).toMatchObject({ outcome: 'started', verification: { status: 'failed' } });
  });

  it('logs no phone number, address, code, link or credential', () => {
    const logs = suite.logLines.join('');
    expect(logs).toContain('step-up message not delivered');
    const secrets = [gateway.password, gateway.user, smtp.password, ...gateway.messages.map((s) => s.to.slice(3)), ...gateway.messages.map((s) => /\d{6}/.exec(s.message)?.[0] ?? 'x')];
    for (const i of [1, 2, 3, 4, 5, 6]) secrets.push(testMember(i).email);
    for (const mail of smtp.mails) secrets.push(/step-up\/email\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? 'x');
    for (const secret of secrets) expect(logs, secret).not.toContain(secret);
  });
});
