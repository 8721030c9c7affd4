import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyedPersonalNumbers } from '../../hub/providers/personalNumbers';
import { bankIdQrData } from '../../hub/stepUp/bankIdQr';
import { HUB_ENGINES, testMember } from './support/hubUnderTest';
import { stepUpSuite } from './support/stepUpAtHub';
import { startRealBankId } from './support/realBankId';
import type { RealBankId } from './support/realBankId';

const PERSONAL_NUMBER = '199001011234';

describe.each(HUB_ENGINES)('step-up by real BankID (RP API v6 stand-in over mutual TLS) at the hub on %s', (engine) => {
  let real: RealBankId;
  const personalNumbers = new KeyedPersonalNumbers();
  beforeAll(async () => {
    real = await startRealBankId();
    for (const i of [1, 3, 4, 5, 6]) personalNumbers.set(testMember(i).profileId, '19900101-1234');
    personalNumbers.set(testMember(2).profileId, '198512245678');
  });
  afterAll(async () => {
    await real?.close();
  });
  const suite = stepUpSuite(engine, () => ({ stepUpProviders: { bankId: real.bankId, personalNumbers } }), 12);

  const started = (profileId: string) => suite.at.started(profileId, 'bankid');
  const collects = () => real.collects();
  const poll = (id: string, advanceMs: number) => {
    suite.advance(advanceMs);
    return suite.at.status(id);
  };

  it('auth → collect every 2 s through the scripted hints → complete: verified, with the animated QR computed at the hub', async () => {
    real.standIn.nextScript({ hints: ['outstandingTransaction', 'started', 'userSign'], end: { status: 'complete', personalNumber: PERSONAL_NUMBER } });
    const v = await started(testMember(1).profileId);
    const order = real.standIn.issued.at(-1);
    if (!order) throw new Error('no order at the stand-in');
    expect(real.standIn.calls.at(-1)?.body).toMatchObject({ endUserIp: '127.0.0.1', requirement: { certificatePolicies: ['1.2.752.78.1.5'] } });
    expect(v.bankId).toEqual({ status: 'pending', hintCode: 'outstandingTransaction', qrData: bankIdQrData(order.qrStartToken, order.qrStartSecret, 0) });
    const before = collects();

    // One second later: no collect yet (every 2 s), a new QR frame.
    expect((await poll(v.verificationId, 1_000)).bankId?.qrData).toBe(bankIdQrData(order.qrStartToken, order.qrStartSecret, 1));
    expect(collects()).toBe(before);
    expect(await poll(v.verificationId, 1_000)).toMatchObject({ status: 'pending', bankId: { hintCode: 'outstandingTransaction', qrData: bankIdQrData(order.qrStartToken, order.qrStartSecret, 2) } });
    expect(collects()).toBe(before + 1);
    expect((await poll(v.verificationId, 2_000)).bankId).toEqual({ status: 'pending', hintCode: 'started', qrData: null });
    expect((await poll(v.verificationId, 2_000)).bankId).toMatchObject({ hintCode: 'userSign' });
    expect(await poll(v.verificationId, 2_000)).toMatchObject({ status: 'verified', bankId: { status: 'complete', hintCode: null } });
    expect(collects()).toBe(before + 4);
    // Finished: later polls answer from the database, BankID is not asked again.
    expect(await poll(v.verificationId, 2_000)).toMatchObject({ status: 'verified' });
    expect(collects()).toBe(before + 4);
  });

  it('fails the verification when the personal number BankID returns is not the profile’s, or the profile has none', async () => {
    for (const profileId of [testMember(2).profileId, testMember(9).profileId, 'C-nobody']) {
      real.standIn.nextScript({ hints: [], end: { status: 'complete', personalNumber: PERSONAL_NUMBER } });
      const v = await started(profileId);
      expect(await poll(v.verificationId, 2_000), profileId).toMatchObject({ status: 'failed', bankId: { status: 'failed', hintCode: 'personalNumberMismatch' } });
    }
  });

  it('passes BankID’s failures through with their hint codes (expiredTransaction expires, userCancel fails)', async () => {
    real.standIn.nextScript({ hints: ['outstandingTransaction'], end: { status: 'failed', hintCode: 'expiredTransaction' } });
    const expired = await started(testMember(3).profileId);
    await poll(expired.verificationId, 2_000);
    expect(await poll(expired.verificationId, 2_000)).toMatchObject({ status: 'expired', bankId: { status: 'failed', hintCode: 'expiredTransaction' } });
    real.standIn.nextScript({ hints: [], end: { status: 'failed', hintCode: 'userCancel' } });
    const declined = await started(testMember(3).profileId);
    expect(await poll(declined.verificationId, 2_000)).toMatchObject({ status: 'failed', bankId: { hintCode: 'userCancel' } });
  });

  it('cancels the order at BankID when the cashier cancels', async () => {
    const v = await started(testMember(4).profileId);
    const orderRef = real.standIn.issued.at(-1)?.orderRef;
    const open = real.standIn.openOrders();
    expect(await suite.at.client.cancel(v.verificationId)).toMatchObject({ outcome: 'answered', answer: { status: 'cancelled' } });
    expect(real.standIn.calls.at(-1)).toEqual({ method: 'cancel', body: { orderRef } });
    expect(real.standIn.openOrders()).toBe(open - 1);
    expect(await poll(v.verificationId, 2_000)).toMatchObject({ status: 'cancelled' });
  });

  it('answers a poll 503 while BankID fails (5xx, malformed JSON, timeout), keeps the order, and goes on after', async () => {
    real.standIn.nextScript({ hints: ['outstandingTransaction'], end: { status: 'complete', personalNumber: PERSONAL_NUMBER } });
    const v = await started(testMember(5).profileId);
    for (const fault of ['internalError', 'maintenance', 'malformedJson', 'hang'] as const) {
      real.standIn.fault('collect', fault);
      suite.advance(2_000);
      expect(await suite.at.client.status(v.verificationId), fault).toMatchObject({ outcome: 'offline', reason: 'server_error' });
    }
    expect(await poll(v.verificationId, 2_000)).toMatchObject({ status: 'pending', bankId: { hintCode: 'outstandingTransaction' } });
    expect(await poll(v.verificationId, 2_000)).toMatchObject({ status: 'verified' });
  });

  it('answers a start BankID refused or did not answer with a failed verification, in plain words for the till', async () => {
    real.standIn.fault('auth', 'internalError');
    const v = await started(testMember(6).profileId);
    expect(v).toMatchObject({ status: 'failed', bankId: { status: 'failed', hintCode: 'internalError', qrData: null } });
    real.standIn.fault('auth', 'hang');
    expect(await started(testMember(6).profileId)).toMatchObject({ status: 'failed', bankId: { status: 'failed' } });
  });

  it('refuses the admin API’s simulated approve: only BankID decides a real order', async () => {
    await started(testMember(6).profileId);
    const orderRef = real.standIn.issued.at(-1)?.orderRef ?? '';
    const response = await fetch(`${suite.at.under.hub.url}/admin/step-up/bankid/${orderRef}/approve`, { method: 'POST', headers: { authorization: `Bearer ${suite.at.under.hub.adminToken}` } });
    expect(response.status).toBe(409);
  });

  it('never stores or logs the personal number, the qrStartSecret or the orderRef', async () => {
    const rows = await suite.at.under.hub.parts.db.query<{ row: string }>('SELECT row_to_json(o)::text AS row FROM step_up_orders o');
    const stored = rows.map((r) => r.row).join('\n');
    expect(stored).not.toContain(PERSONAL_NUMBER);
    expect(stored).not.toContain('1990010112');
    const logs = suite.logLines.join('');
    expect(logs).toContain('BankID order finished');
    for (const secret of [PERSONAL_NUMBER, '19900101-1234', ...real.standIn.issued.flatMap((o) => [o.orderRef, o.qrStartSecret])]) expect(logs).not.toContain(secret);
  });
});
