import { describe, expect, it } from 'vitest';
import type { IdentifyResponse } from '../../../main/api/contract/identify';
import { initialCashierState, nextCashierState, type CashierAction, type InputSource } from '../../../renderer/cashierState';
import { actionForIdentifyAnswer } from '../../../renderer/identifyAnswer';
import type { ProfileView } from '../../../main/api/contract/profile';

const anna = { id: 'p-anna', firstName: 'Anna', displayName: null, tier: 'Guld', pointsBalance: 1240, pointsAsOf: null, status: 'active' as const };
const annaView: ProfileView = {
  profile: anna,
  consents: [{ purpose: 'marketing_sms', granted: true, at: '2026-01-02T10:00:00.000Z', source: 'till:t1' }],
  receipts: [{ receiptId: 'r1', createdAt: '2026-01-02T10:00:00.000Z', currency: 'SEK', total: 129, lineCount: 2, status: 'delivered' }],
};

describe('each identification reaches the cashier screen once: by its event, or by the answer when it has none', () => {
  it.each<[string, IdentifyResponse, InputSource, CashierAction | null]>([
    // The `identified` event (with the member's view) shows them, typed or scanned: the answer adds nothing.
    ['a wedge scan of a member', { result: 'identified', kind: 'member_qr', assurance: 'possession', profile: anna }, 'scan', null],
    ['a typed number of a member', { result: 'identified', kind: 'phone', assurance: 'claimed', profile: anna }, 'typed', null],
    // A scan's miss and refusal come as `identify.not_found` / `identify.rejected` events.
    ['a wedge scan of an unknown card', { result: 'not_found', kind: 'card', assurance: 'possession' }, 'scan', null],
    ['a forged member QR scanned', { result: 'rejected', kind: 'member_qr', reason: 'bad_signature' }, 'scan', null],
    ['a wedge scan of a number several members share', { result: 'ambiguous', kind: 'phone', assurance: 'claimed' }, 'scan', null],
    // A typed miss keeps what was typed for the join form: only the answer has it. A typed answer is taken from the answer.
    ['a typed number nobody has', { result: 'not_found', kind: 'phone', assurance: 'claimed' }, 'typed', { type: 'not_found', source: 'typed', typed: '0705550000' }],
    ['a typed number refused', { result: 'rejected', kind: 'phone', reason: 'blocked' }, 'typed', { type: 'rejected', source: 'typed', reason: 'blocked' }],
    ['a typed number several members share', { result: 'ambiguous', kind: 'phone' }, 'typed', { type: 'ambiguous' }],
    // No event is published for these.
    ['a product code scanned', { result: 'ignored', kind: 'unknown' }, 'scan', { type: 'ignored', source: 'scan' }],
    ['a typed text that is no identifier', { result: 'ignored', kind: 'unknown' }, 'typed', { type: 'ignored', source: 'typed' }],
  ])('%s', (_name, response, source, expected) => {
    expect(actionForIdentifyAnswer(response, source, '0705550000')).toEqual(expected);
  });

  it('the identified event alone puts the member and their view on screen, so nothing is fetched after', () => {
    const state = nextCashierState(initialCashierState, { type: 'identified', member: { profile: anna, assurance: 'possession' }, view: annaView });
    expect(state.screen).toEqual({ name: 'member', member: { profile: anna, assurance: 'possession' }, view: annaView });
  });
});
