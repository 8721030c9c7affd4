import { describe, expect, it } from 'vitest';
import type { StepUpView } from '../../../main/api/contract/stepUp';
import { initialRedeemFlow, messageForRedeemProblem, nextRedeemFlow } from '../../../renderer/redeemFlow';
import type { RedeemFlow, RedeemFlowAction } from '../../../renderer/redeemFlow';

const sms: StepUpView = {
  verificationId: 'v-sms-000000000001', method: 'sms', profileId: 'P00000002', status: 'pending', expiresAt: '2026-11-25T16:30:00.000Z', codeLength: 6, triesLeft: 5,
};
const bankId: StepUpView = {
  verificationId: 'v-bankid-00000001', method: 'bankid', profileId: 'P00000002', status: 'pending', expiresAt: '2026-11-25T16:30:00.000Z',
  bankId: { status: 'pending', hintCode: 'outstandingTransaction', qrData: 'bankid.a.0.' + '0'.repeat(64), message: null },
};
const methods = ['sms', 'email_link', 'bankid'] as const;

function run(...actions: RedeemFlowAction[]): RedeemFlow {
  return actions.reduce(nextRedeemFlow, initialRedeemFlow);
}

const askRedeem: RedeemFlowAction = { type: 'amount_submitted', points: 120 };
const stepUpRequired: RedeemFlowAction = { type: 'refused', problem: { type: 'step_up_required', status: 403, methods: [...methods], offline: false } };
const smsStarted: RedeemFlowAction[] = [askRedeem, stepUpRequired, { type: 'method_chosen' }, { type: 'started', verification: sms }];

describe('the redeem screen’s flow', () => {
  it.each<[string, RedeemFlowAction[], string, Partial<RedeemFlow> & { message?: unknown }]>([
    ['an amount goes to the CRM', [askRedeem], 'redeeming', { busy: true }],
    ['a verified customer’s redemption ends with the new balance', [askRedeem, { type: 'redeemed', points: 120, pointsBalance: 880 }], 'done', {}],
    ['too low a level shows the ways to verify', [askRedeem, stepUpRequired], 'choose', { busy: false }],
    ['an SMS started asks for the code', smsStarted, 'verifying', { busy: false }],
    ['the right code redeems again at once', [...smsStarted, { type: 'code_answered', answer: { result: 'verified', verification: { ...sms, status: 'verified' } } }], 'redeeming', { busy: true }],
    ['a wrong code says how many tries are left', [...smsStarted, { type: 'code_answered', answer: { result: 'wrong_code', verification: { ...sms, triesLeft: 4 } } }], 'verifying', { message: { key: 'su.wrongCode', params: { count: 4 } } }],
    ['the last try is said as one', [...smsStarted, { type: 'code_answered', answer: { result: 'wrong_code', verification: { ...sms, triesLeft: 1 } } }], 'verifying', { message: { key: 'su.wrongCodeOne' } }],
    ['an expired code goes back to the ways to verify', [...smsStarted, { type: 'code_answered', answer: { result: 'expired', verification: { ...sms, status: 'expired' } } }], 'choose', { message: { key: 'su.codeExpired' } }],
    ['too many tries goes back to the ways to verify', [...smsStarted, { type: 'code_answered', answer: { result: 'too_many_tries', verification: { ...sms, status: 'too_many_tries', triesLeft: 0 } } }], 'choose', { message: { key: 'su.tooManyTries' } }],
    ['a rate limit keeps the ways to verify and says when', [askRedeem, stepUpRequired, { type: 'method_chosen' }, { type: 'refused', problem: { type: 'step_up_rate_limited', status: 429, retryAfterSeconds: 300 } }], 'choose', { message: { key: 'su.rateLimited', params: { minutes: 5 } } }],
    ['a completed e-mail link or BankID redeems again', [askRedeem, stepUpRequired, { type: 'started', verification: bankId }, { type: 'verified' }], 'redeeming', {}],
    ['a failed BankID goes back with the reason', [askRedeem, stepUpRequired, { type: 'started', verification: bankId }, { type: 'verification_failed', verificationId: bankId.verificationId, reason: 'cancelled' }], 'choose', { message: { key: 'su.cancelled' } }],
    ['another verification’s failure is not this one’s', [askRedeem, stepUpRequired, { type: 'started', verification: bankId }, { type: 'verification_failed', verificationId: 'v-other-0000000001', reason: 'failed' }], 'verifying', {}],
    ['Cancel during a verification goes back to the ways to verify', [...smsStarted, { type: 'back' }], 'choose', {}],
    ['the member QR waits for a scan, which verifies', [askRedeem, stepUpRequired, { type: 'member_qr_chosen' }, { type: 'verified' }], 'redeeming', {}],
    ['offline, no verification can start', [askRedeem, { type: 'refused', problem: { type: 'step_up_required', status: 403, methods: [], offline: true } }], 'offline', {}],
    ['offline for a verified customer too', [askRedeem, { type: 'refused', problem: { type: 'offline', status: 503, inDoubt: false } }], 'offline', {}],
    ['a lost answer can be tried again', [askRedeem, { type: 'refused', problem: { type: 'offline', status: 503, inDoubt: true } }, { type: 'retry' }], 'redeeming', { busy: true }],
    ['too few points at the CRM goes back to the amount', [askRedeem, { type: 'refused', problem: { type: 'insufficient_points', status: 422 } }], 'amount', { message: { key: 'rd.insufficient' } }],
    ['a verification that was never needed is ignored', [{ type: 'verified' }], 'amount', {}],
    ['a code typed wrong is a hint, nothing more', [...smsStarted, { type: 'hint', message: { key: 'su.needCode' } }], 'verifying', { message: { key: 'su.needCode' } }],
  ])('%s', (_what, actions, stage, expected) => {
    const flow = run(...actions);
    expect(flow.stage.name).toBe(stage);
    expect(flow).toMatchObject(expected);
  });

  it('keeps the points asked for through the whole step-up', () => {
    const flow = run(...smsStarted, { type: 'code_answered', answer: { result: 'verified', verification: { ...sms, status: 'verified' } } });
    expect(flow.stage).toEqual({ name: 'redeeming', points: 120 });
  });

  it('follows BankID’s new QR data for the running order only', () => {
    const next = { ...bankId, bankId: { ...bankId.bankId!, qrData: 'bankid.a.1.' + '1'.repeat(64) } };
    const flow = run(askRedeem, stepUpRequired, { type: 'started', verification: bankId }, { type: 'verification_changed', verification: next });
    expect(flow.stage).toMatchObject({ name: 'verifying', verification: { bankId: { qrData: next.bankId.qrData } } });
    const other = run(askRedeem, stepUpRequired, { type: 'started', verification: bankId }, { type: 'verification_changed', verification: { ...next, verificationId: 'v-other-0000000001' } });
    expect(other.stage).toMatchObject({ verification: { bankId: { qrData: bankId.bankId?.qrData } } });
  });

  it('ignores a second press while a call is on its way', () => {
    const once = run(askRedeem, stepUpRequired, { type: 'method_chosen' });
    expect(nextRedeemFlow(once, { type: 'method_chosen' })).toBe(once);
  });

  it.each([
    [{ type: 'step_up_rate_limited', status: 429, retryAfterSeconds: 30 }, { key: 'su.rateLimitedOne' }],
    [{ type: 'method_unavailable', status: 422 }, { key: 'su.methodUnavailable' }],
    [{ type: 'unknown_profile', status: 422 }, { key: 'rd.unknownProfile' }],
    [{ type: 'no_customer', status: 409 }, { key: 'rd.noCustomer' }],
    [{ type: 'network', status: 0 }, { key: 'err.network' }],
    [{ type: 'offer_not_available', status: 409, reason: 'already_redeemed' }, { key: 'of.alreadyRedeemed' }],
    [{ type: 'offer_not_available', status: 409, reason: 'expired' }, { key: 'of.expired' }],
    [{ type: 'offer_not_available', status: 409, reason: 'not_at_pos' }, { key: 'of.notAtPos' }],
    [{ type: 'offer_not_available', status: 409, reason: 'something_new' }, { key: 'of.notFound' }],
    [{ type: 'crm_unavailable', status: 503 }, { key: 'of.crmUnavailable' }],
  ])('words the refusal %j', (problem, message) => {
    expect(messageForRedeemProblem(problem)).toEqual(message);
  });
});
