import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionAllowedSchema, StepUpCodeAnswerSchema, StepUpRequiredProblemSchema, StepUpViewSchema } from '../../../main/api/contract/stepUp';
import type { StepUpView } from '../../../main/api/contract/stepUp';
import { TillEventSchema } from '../../../main/api/contract/events';
import { STEP_UP_RULES } from '../../../sync/protocol';
import { StepUpTill } from './support/stepUpTill';

let till: StepUpTill;

beforeAll(async () => {
  till = await StepUpTill.start();
});

afterAll(async () => {
  await till.close();
});

async function startVerification(method: 'sms' | 'email_link' | 'bankid'): Promise<StepUpView> {
  const answer = await till.call('POST', '/api/v1/step-up', { method });
  if (answer.status !== 201) throw new Error(`start → ${answer.status} ${JSON.stringify(answer.json)}`);
  return StepUpViewSchema.parse(answer.json);
}

async function sendCode(id: string, code: string): Promise<{ status: number; json: unknown }> {
  return till.call('POST', `/api/v1/step-up/${id}/code`, { code });
}

function wrongCodeFor(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

describe('redeeming points with a typed phone number', () => {
  it('is refused with the ways to verify, then allowed after the SMS code', async () => {
    const member = till.identify(0);
    const refused = await till.call('POST', '/api/v1/actions/check', { action: 'redeem_points' });
    expect(refused.status).toBe(403);
    expect(StepUpRequiredProblemSchema.parse(refused.json)).toMatchObject({
      type: 'https://tillid.dev/problems/step_up_required',
      required: 'verified',
      current: 'claimed',
      methods: ['sms', 'email_link', 'bankid'],
      present: ['member_qr'],
      offline: false,
      stillAllowed: ['attach_receipt', 'earn_points'],
    });
    expect((await till.call('POST', '/api/v1/points/redeem', { points: 10 })).status).toBe(403);

    const started = await startVerification('sms');
    expect(started).toMatchObject({ method: 'sms', status: 'pending', profileId: member.profileId, codeLength: 6, triesLeft: 5 });
    const { code } = await till.admin.lastSms(member.phone);
    const answer = await sendCode(started.verificationId, code.replace(/(\d{3})/, '$1 '));
    expect(answer.status).toBe(200);
    expect(StepUpCodeAnswerSchema.parse(answer.json)).toMatchObject({ result: 'verified', verification: { status: 'verified' } });
    expect(till.session.get()?.assurance).toBe('verified');
    await till.waitFor('stepup.completed', (e) => e.verification.verificationId === started.verificationId);

    const allowed = await till.call('POST', '/api/v1/actions/check', { action: 'redeem_points' });
    expect(allowed.status).toBe(200);
    expect(ActionAllowedSchema.parse(allowed.json)).toEqual({ allowed: true, action: 'redeem_points', required: 'verified', current: 'verified' });
    const redeem = await till.call('POST', '/api/v1/points/redeem', { points: 1 });
    expect(redeem.status).toBe(member.points >= 1 ? 200 : 422);
    expect((await till.call('POST', '/api/v1/step-up', { method: 'sms' })).status).toBe(409);
  });
});

describe('SMS codes at the till', () => {
  it('says how many tries are left after a wrong code, and locks after five', async () => {
    const member = till.identify(2);
    const started = await startVerification('sms');
    const wrong = wrongCodeFor((await till.admin.lastSms(member.phone)).code);
    const first = StepUpCodeAnswerSchema.parse((await sendCode(started.verificationId, wrong)).json);
    expect(first).toMatchObject({ result: 'wrong_code', verification: { status: 'pending', triesLeft: 4 } });
    await till.waitFor('stepup.updated', (e) => e.verification.verificationId === started.verificationId && e.verification.triesLeft === 4);
    for (let i = 0; i < 3; i++) await sendCode(started.verificationId, wrong);
    const last = StepUpCodeAnswerSchema.parse((await sendCode(started.verificationId, wrong)).json);
    expect(last).toMatchObject({ result: 'too_many_tries', verification: { status: 'too_many_tries', triesLeft: 0 } });
    const failed = await till.waitFor('stepup.failed', (e) => e.verification.verificationId === started.verificationId);
    expect(failed.reason).toBe('too_many_tries');
    expect(till.session.get()?.assurance).toBe('claimed');
  });

  it('refuses an expired code', async () => {
    const member = till.identify(3);
    const started = await startVerification('sms');
    const { code } = await till.admin.lastSms(member.phone);
    till.clock.advance(STEP_UP_RULES.smsCodeTtlMs + 1);
    expect(StepUpCodeAnswerSchema.parse((await sendCode(started.verificationId, code)).json).result).toBe('expired');
    expect((await till.waitFor('stepup.failed', (e) => e.verification.verificationId === started.verificationId)).reason).toBe('expired');
    expect(till.session.get()?.assurance).toBe('claimed');
  });

  it('answers 429 with the wait once three codes went to the number', async () => {
    till.identify(4);
    for (let i = 0; i < 3; i++) await startVerification('sms');
    const limited = await till.call('POST', '/api/v1/step-up', { method: 'sms' });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ type: 'https://tillid.dev/problems/step_up_rate_limited' });
    expect((limited.json as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('refuses a code that is not six digits with the field named', async () => {
    till.identify(5);
    const started = await startVerification('sms');
    const answer = await sendCode(started.verificationId, '12345');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ errors: [{ path: 'code' }] });
  });
});

describe('an e-mail link', () => {
  it('raises the customer once the CRM reports it opened', async () => {
    const member = till.identify(6);
    const started = await startVerification('email_link');
    const mail = await till.admin.lastEmail(member.email ?? '');
    await till.admin.openLink(mail.token);
    await till.waitFor('stepup.completed', (e) => e.verification.verificationId === started.verificationId);
    expect(till.session.get()?.assurance).toBe('verified');
    expect(StepUpViewSchema.parse((await till.call('GET', `/api/v1/step-up/${started.verificationId}`)).json).status).toBe('verified');
  });

  it('is not offered to a member without an address', async () => {
    till.identify(7);
    const answer = await till.call('POST', '/api/v1/step-up', { method: 'email_link' });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ methods: ['sms', 'bankid'] });
  });
});

describe('BankID', () => {
  it('feeds the QR code and BankID’s messages to the screen, then raises the customer', async () => {
    const member = till.identify(8);
    const started = await startVerification('bankid');
    expect(started.bankId).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction', message: { key: 'RFA1', sv: 'Starta BankID-appen.' } });
    expect(started.bankId?.qrData).toMatch(/^bankid\./);
    till.clock.advance(1_000);
    const next = await till.waitFor('stepup.updated', (e) => e.verification.verificationId === started.verificationId && e.verification.bankId?.qrData !== started.bankId?.qrData);
    expect(next.verification.bankId?.qrData).toMatch(/^bankid\.[^.]+\.1\./);

    const { orderRef } = await till.admin.bankIdOrder(member.profileId);
    await till.admin.bankId(orderRef, 'start-app');
    const signing = await till.waitFor('stepup.updated', (e) => e.verification.verificationId === started.verificationId && e.verification.bankId?.hintCode === 'userSign');
    expect(signing.verification.bankId).toMatchObject({ qrData: null, message: { key: 'RFA9' } });
    await till.admin.bankId(orderRef, 'approve');
    await till.waitFor('stepup.completed', (e) => e.verification.verificationId === started.verificationId);
    expect(till.session.get()?.assurance).toBe('verified');
  });

  it.each([
    ['fail', { hintCode: 'certificateErr' }, 'failed', 'RFA16'],
    ['fail', { hintCode: 'startFailed' }, 'failed', 'RFA17'],
    ['cancel', {}, 'cancelled', 'RFA6'],
  ] as const)('admin %s %j: the till fails it as %s with %s', async (action, body, reason, key) => {
    const member = till.identify(action === 'cancel' ? 9 : body.hintCode === 'certificateErr' ? 10 : 11);
    const started = await startVerification('bankid');
    const { orderRef } = await till.admin.bankIdOrder(member.profileId);
    await till.admin.bankId(orderRef, action, body);
    const failed = await till.waitFor('stepup.failed', (e) => e.verification.verificationId === started.verificationId);
    expect(failed.reason).toBe(reason);
    expect(failed.verification.bankId?.message?.key).toBe(key);
    expect(till.session.get()?.assurance).toBe('claimed');
  });

  it('is cancelled by the cashier at the till and at the CRM', async () => {
    const member = till.identify(12);
    const started = await startVerification('bankid');
    expect((await till.call('DELETE', `/api/v1/step-up/${started.verificationId}`)).status).toBe(204);
    const failed = await till.waitFor('stepup.failed', (e) => e.verification.verificationId === started.verificationId);
    expect(failed).toMatchObject({ reason: 'cancelled', verification: { status: 'cancelled', bankId: { message: { key: 'RFA3' } } } });
    expect((await till.admin.bankIdOrder(member.profileId)).verification.status).toBe('cancelled');
  });

  it('is given up when the customer at the till changes', async () => {
    const first = till.identify(13);
    const started = await startVerification('bankid');
    till.identify(14);
    const failed = await till.waitFor('stepup.failed', (e) => e.verification.verificationId === started.verificationId);
    expect(failed.reason).toBe('customer_changed');
    expect(till.session.get()?.profile.id).not.toBe(first.profileId);
  });
});

describe('what the till refuses to start', () => {
  it('needs a customer', async () => {
    till.session.clear();
    expect((await till.call('POST', '/api/v1/actions/check', { action: 'earn_points' })).json).toMatchObject({ type: 'https://tillid.dev/problems/no_customer', status: 409 });
  });

  it('offers nothing the CRM cannot do for a member it has not received yet', async () => {
    till.identify(15, { status: 'pending_sync' });
    const refused = await till.call('POST', '/api/v1/actions/check', { action: 'use_personal_offer' });
    expect(StepUpRequiredProblemSchema.parse(refused.json)).toMatchObject({ methods: [], present: ['member_qr'], offline: false });
  });

  it('offline, says so plainly and lists what still works', async () => {
    till.identify(16);
    till.online = false;
    try {
      const refused = await till.call('POST', '/api/v1/actions/check', { action: 'redeem_points' });
      const problem = StepUpRequiredProblemSchema.parse(refused.json);
      expect(problem).toMatchObject({ offline: true, methods: [], stillAllowed: ['attach_receipt', 'earn_points'] });
      expect(problem.detail).toContain('Still possible: attaching the receipt and earning points.');
      const start = await till.call('POST', '/api/v1/step-up', { method: 'sms' });
      expect(start.status).toBe(503);
      expect(start.json).toMatchObject({ type: 'https://tillid.dev/problems/offline', stillAllowed: ['attach_receipt', 'earn_points'] });
      expect((await till.call('POST', '/api/v1/actions/check', { action: 'earn_points' })).status).toBe(200);
    } finally {
      till.online = true;
    }
  });
});

describe('the events', () => {
  it('all match the contract and carry no phone number, address or code', async () => {
    for (const event of till.events) expect(TillEventSchema.safeParse(event).success, event.type).toBe(true);
    const text = JSON.stringify(till.events);
    for (let i = 0; i < 17; i++) {
      const member = till.crm.demoMember(i);
      expect(text).not.toContain(member.phone);
      if (member.email) expect(text).not.toContain(member.email);
    }
    expect(text).not.toMatch(/"code"/);
  });
});
