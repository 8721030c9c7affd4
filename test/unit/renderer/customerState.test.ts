import { describe, expect, it } from 'vitest';
import type { TillEvent } from '../../../main/api/contract/events';
import type { StepUpView } from '../../../main/api/contract/stepUp';
import { initialCustomerState, nextCustomerState, pointsForSale, type CustomerState } from '../../../renderer/customer/customerState';

const anna = { id: 'p-anna', firstName: 'Anna', displayName: 'Anna Berg', tier: 'gold', pointsBalance: 1240, pointsAsOf: null, status: 'active' as const };
const rule = { perCurrencyUnit: 1 };
const bankId: StepUpView = {
  verificationId: 'v-1', method: 'bankid', profileId: 'p-anna', status: 'pending', expiresAt: '2026-11-30T23:00:00.000Z',
  bankId: { status: 'pending', hintCode: null, qrData: 'bankid.1.2.3', message: null },
};

function run(state: CustomerState, ...events: TillEvent[]): CustomerState {
  return events.reduce((s, event) => nextCustomerState(s, { type: 'event', event, points: rule }), state);
}

const identified: TillEvent = { type: 'identified', profile: anna, consents: [], receipts: [], kind: 'phone', assurance: 'claimed', source: 'typed' };
const onMember = run(initialCustomerState, identified);

describe('the customer display follows the till and never shows more than a first name and points', () => {
  it.each<[string, CustomerState, TillEvent[], string]>([
    ['an identification greets the customer', initialCustomerState, [identified], 'member'],
    ['the till forgetting the customer returns to the welcome', onMember, [{ type: 'session.cleared', reason: 'timeout' }], 'idle'],
    ['a receipt thanks them', onMember, [{ type: 'receipt.queued', receiptId: 'r1', profileId: 'p-anna', total: 129.5, currency: 'SEK' }], 'thanks'],
    ['the session ending with the sale keeps the thanks up', onMember, [{ type: 'receipt.queued', receiptId: 'r1', profileId: 'p-anna', total: 1, currency: 'SEK' }, { type: 'session.cleared', reason: 'receipt' }], 'thanks'],
    ['a sign-up handed over opens the form', initialCustomerState, [{ type: 'customer_join.started' }], 'join'],
    ['a cancelled sign-up returns to the welcome', initialCustomerState, [{ type: 'customer_join.started' }, { type: 'customer_join.ended', reason: 'cancelled' }], 'idle'],
    ['the new member is greeted after joining', initialCustomerState, [{ type: 'customer_join.started' }, { type: 'customer_join.ended', reason: 'joined' }, identified], 'member'],
    ['a BankID verification shows its QR', onMember, [{ type: 'stepup.started', verification: bankId }], 'stepup'],
    ['a completed verification goes back to the member', onMember, [{ type: 'stepup.started', verification: bankId }, { type: 'stepup.completed', verification: { ...bankId, status: 'verified' }, assurance: 'verified' }], 'member'],
    ['a failed one too', onMember, [{ type: 'stepup.started', verification: bankId }, { type: 'stepup.failed', verification: { ...bankId, status: 'cancelled' }, reason: 'cancelled' }], 'member'],
    ['an e-mail link is opened on the customer’s phone, not here', onMember, [{ type: 'stepup.started', verification: { ...bankId, method: 'email_link', bankId: undefined } }], 'member'],
    ['product scans change nothing', onMember, [{ type: 'scan', deviceId: 'd', transport: 'serial', symbology: 'ean13', kind: 'unknown', result: 'ignored', receivedAt: 'now' }], 'member'],
  ])('%s', (_name, start, events, screen) => {
    expect(run(start, ...events).screen.name).toBe(screen);
  });

  it('shows the first name and points only', () => {
    expect(onMember.screen).toEqual({ name: 'member', customer: { profileId: 'p-anna', firstName: 'Anna', points: 1240 } });
  });

  it('thanks with this sale’s points, and no name for someone else’s receipt', () => {
    expect(run(onMember, { type: 'receipt.queued', receiptId: 'r1', profileId: 'p-anna', total: 129.5, currency: 'SEK' }).screen).toEqual({ name: 'thanks', receiptId: 'r1', member: true, firstName: 'Anna', earned: 129 });
    expect(run(onMember, { type: 'receipt.queued', receiptId: 'r2', profileId: 'p-bo', total: 10, currency: 'SEK' }).screen).toMatchObject({ firstName: null, earned: 10 });
    expect(run(initialCustomerState, { type: 'receipt.queued', receiptId: 'r3', profileId: null, total: 10, currency: 'SEK' }).screen).toEqual({ name: 'thanks', receiptId: 'r3', member: false, firstName: null, earned: null });
  });

  it('shows the new balance after a redemption', () => {
    const redeemed = run(onMember, { type: 'points.redeemed', profile: { ...anna, pointsBalance: 1000 }, points: 240, receiptId: null });
    expect(redeemed.screen).toMatchObject({ name: 'member', customer: { points: 1000 } });
  });

  it('goes back to the welcome once the thanks has been read', () => {
    const thanks = run(onMember, { type: 'receipt.queued', receiptId: 'r1', profileId: 'p-anna', total: 1, currency: 'SEK' });
    expect(nextCustomerState(thanks, { type: 'thanks_done' })).toEqual(initialCustomerState);
  });

  it.each<[number, number | null, number | null]>([
    [129.5, 1, 129],
    [0.99, 1, 0],
    [-50, 1, 0],
    [100, 0.5, 50],
    [100, null, null],
  ])('a sale of %d at %s points a unit earns %s points', (total, perCurrencyUnit, earned) => {
    expect(pointsForSale(total, { perCurrencyUnit })).toBe(earned);
  });
});
