import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_UP_RULES } from '../../sync/protocol';
import { createTillStepUpClient } from '../../sync/client/stepUpClient';
import { HUB_ENGINES, silentLogger, testMember } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import { startStepUpAtHub } from './support/stepUpAtHub';
import type { StepUpAtHub } from './support/stepUpAtHub';

describe.each(HUB_ENGINES)('step-up verification at the hub on %s, with the till own client', (engine) => {
  let at: StepUpAtHub;

  beforeAll(async () => {
    at = await startStepUpAtHub(engine, {}, 10);
  });
  afterAll(async () => {
    await at?.close();
  });

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${at.under.hub.url}${path}`, {
      method, headers: { authorization: `Bearer ${at.under.hub.adminToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  const started = (profileId: string, method: 'sms' | 'email_link' | 'bankid') => at.started(profileId, method);

  it('verifies an SMS code sent to the member phone, and locks after the wrong tries run out', async () => {
    const m = testMember(1);
    const v = await started(m.profileId, 'sms');
    expect(v).toMatchObject({ method: 'sms', status: 'pending', codeLength: 6, triesLeft: STEP_UP_RULES.smsMaxWrongTries });
    const sms = await admin('GET', `/admin/step-up/sms?phone=${encodeURIComponent(m.phone)}`);
    expect(sms.json).toMatchObject({ verificationId: v.verificationId, code: expect.stringMatching(/^\d{6}$/) });
    const wrong = sms.json.code === '000000' ? '111111' : '000000';
    expect(await at.client.submitCode(v.verificationId, wrong)).toMatchObject({ outcome: 'answered', answer: { result: 'wrong_code', verification: { triesLeft: 4 } } });
    expect(await at.client.submitCode(v.verificationId, sms.json.code)).toMatchObject({ outcome: 'answered', answer: { result: 'verified' } });

    const other = await started(testMember(2).profileId, 'sms');
    let last;
    for (let i = 0; i < STEP_UP_RULES.smsMaxWrongTries; i++) last = await at.client.submitCode(other.verificationId, '999999');
    expect(last).toMatchObject({ outcome: 'answered', answer: { result: 'too_many_tries' } });
  });

  it('rate-limits sends to one number, whether or not the profile exists, with the same answer', async () => {
    const m = testMember(3);
    for (let i = 0; i < STEP_UP_RULES.sendsPerWindow; i++) await started(m.profileId, 'sms');
    const limited = await at.client.start({ profileId: m.profileId, method: 'sms' });
    expect(limited).toMatchObject({ outcome: 'answered', answer: { outcome: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
    for (let i = 0; i < STEP_UP_RULES.sendsPerWindow; i++) expect((await at.client.start({ profileId: 'C-nobody', method: 'sms' })).outcome).toBe('answered');
    expect(await at.client.start({ profileId: 'C-nobody', method: 'sms' })).toMatchObject({ answer: { outcome: 'rate_limited' } });
  });

  it('verifies an opened e-mail link, and a cancelled verification stays cancelled', async () => {
    const m = testMember(4);
    const v = await started(m.profileId, 'email_link');
    const mail = await admin('GET', `/admin/step-up/email?email=${encodeURIComponent(m.email)}`);
    expect((await admin('POST', `/admin/step-up/email/${mail.json.token}/open`)).json.verification.status).toBe('verified');
    expect(await at.client.status(v.verificationId)).toMatchObject({ outcome: 'answered', answer: { status: 'verified' } });

    const gone = await started(m.profileId, 'email_link');
    expect(await at.client.cancel(gone.verificationId)).toMatchObject({ answer: { status: 'cancelled' } });
    expect(await at.client.cancel(gone.verificationId)).toMatchObject({ answer: { status: 'cancelled' } });
  });

  it('runs a BankID order: an animated QR until the app starts, then complete; an unknown profile cannot complete', async () => {
    const m = testMember(5);
    const v = await started(m.profileId, 'bankid');
    expect(v.bankId).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction', qrData: expect.stringMatching(/^bankid\./) });
    const order = await admin('GET', `/admin/step-up/bankid?profileId=${m.profileId}`);
    expect((await admin('POST', `/admin/step-up/bankid/${order.json.orderRef}/start-app`, { hintCode: 'userSign' })).status).toBe(200);
    expect(await at.client.status(v.verificationId)).toMatchObject({ answer: { bankId: { hintCode: 'userSign', qrData: null } } });
    expect((await admin('POST', `/admin/step-up/bankid/${order.json.orderRef}/approve`)).json.verification).toMatchObject({ status: 'verified', bankId: { status: 'complete' } });

    await started('C-nobody', 'bankid');
    const nobody = await admin('GET', '/admin/step-up/bankid?profileId=C-nobody');
    expect((await admin('POST', `/admin/step-up/bankid/${nobody.json.orderRef}/approve`)).json.verification).toMatchObject({ status: 'failed' });
  });

  it('shows a verification only to the till that started it', async () => {
    const v = await started(testMember(6).profileId, 'bankid');
    const stranger = await tillOnHub(at.under.hub);
    const strangerClient = createTillStepUpClient({ dataDir: stranger.dataDir, logger: silentLogger });
    try {
      expect(await strangerClient.status(v.verificationId)).toEqual({ outcome: 'unknown_verification' });
      expect(await strangerClient.cancel(v.verificationId)).toEqual({ outcome: 'unknown_verification' });
    } finally {
      strangerClient.close();
      await stranger.close();
    }
    expect(await at.client.status(v.verificationId)).toMatchObject({ answer: { status: 'pending' } });
  });
});
