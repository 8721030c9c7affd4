import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../main/api/contract/profile';
import { initialCashierState, nextCashierState } from '../../../renderer/cashierState';
import type { CashierAction, CashierState, MemberOnScreen } from '../../../renderer/cashierState';

const rut: MemberOnScreen = {
  profile: { id: 'P00000002', firstName: 'Rut', displayName: null, tier: 'Guld', pointsBalance: 1000, pointsAsOf: null, status: 'active' },
  assurance: 'claimed',
};
const erik: MemberOnScreen = { profile: { ...rut.profile, id: 'P00000003', firstName: 'Erik' }, assurance: 'claimed' };
const rutView: ProfileView = { profile: rut.profile, consents: [], receipts: [] };
const onMember: CashierState = { ...initialCashierState, screen: { name: 'member', member: rut, view: rutView }, lastMember: rut };
const onRedeem: CashierState = { ...initialCashierState, screen: { name: 'redeem', member: rut, view: rutView }, lastMember: rut };

function run(state: CashierState, ...actions: CashierAction[]): CashierState {
  return actions.reduce(nextCashierState, state);
}

describe('the cashier screen around a redemption', () => {
  it.each<[string, CashierState, CashierAction[], string]>([
    ['"Redeem points" opens the redeem screen', onMember, [{ type: 'redeem_asked' }], 'redeem'],
    ['closing it goes back to the member', onRedeem, [{ type: 'redeem_closed' }], 'member'],
    ['the member QR of the same customer keeps the redemption going', onRedeem, [{ type: 'identified', member: { ...rut, assurance: 'verified' } }], 'redeem'],
    ['someone else identified leaves it', onRedeem, [{ type: 'identified', member: erik }], 'member'],
    ['the till forgetting the customer leaves it', onRedeem, [{ type: 'session_cleared', reason: 'timeout' }], 'idle'],
    ['nothing to redeem from idle', initialCashierState, [{ type: 'redeem_asked' }], 'idle'],
  ])('%s', (_what, state, actions, screen) => {
    expect(run(state, ...actions).screen.name).toBe(screen);
  });

  it('keeps the purchases already loaded for the way back', () => {
    const back = run(onMember, { type: 'redeem_asked' }, { type: 'redeem_closed' });
    expect(back.screen).toEqual(onMember.screen);
  });

  it('shows the new balance and the raised level on the member, and nobody else', () => {
    const after = run(
      onRedeem,
      { type: 'assurance_raised', profileId: rut.profile.id, assurance: 'verified' },
      { type: 'profile_updated', profile: { ...rut.profile, pointsBalance: 880 } },
      { type: 'profile_updated', profile: { ...erik.profile, pointsBalance: 1 } },
      { type: 'redeem_closed' },
    );
    expect(after.screen).toMatchObject({ name: 'member', member: { assurance: 'verified', profile: { pointsBalance: 880 } } });
    expect(after.lastMember?.profile.pointsBalance).toBe(880);
  });
});
