import { describe, expect, it } from 'vitest';
import { initialCashierState, nextCashierState, type CashierAction, type CashierState, type MemberOnScreen } from '../../../renderer/cashierState';
import type { ProfileView } from '../../../main/api/contract/profile';

const anna: MemberOnScreen = {
  profile: { id: 'p-anna', firstName: 'Anna', displayName: null, tier: 'Guld', pointsBalance: 1240, pointsAsOf: null, status: 'active' },
  assurance: 'verified',
};
const jonas: MemberOnScreen = { profile: { ...anna.profile, id: 'p-jonas', firstName: 'Jonas' }, assurance: 'claimed' };
const annaView: ProfileView = { profile: anna.profile, consents: [], receipts: [] };

const idle = initialCashierState;
const onMember = (member: MemberOnScreen): CashierState => ({ ...idle, screen: { name: 'member', member, view: null }, lastMember: member });
const onJoin: CashierState = { ...idle, screen: { name: 'join', reason: 'typed', contact: '0705550000', withCustomer: false } };
const onPin: CashierState = { ...idle, screen: { name: 'pin' } };
const onManager: CashierState = { ...idle, screen: { name: 'manager' } };
const onReceipt: CashierState = { ...idle, screen: { name: 'receipt', profileId: 'p-anna', firstName: 'Anna', total: 10, currency: 'SEK' }, lastMember: anna };

function run(state: CashierState, ...actions: CashierAction[]): CashierState {
  return actions.reduce(nextCashierState, state);
}

describe('the cashier screen follows what happens at the till', () => {
  it.each<[string, CashierState, CashierAction[], string]>([
    ['a scan identifies someone at idle', idle, [{ type: 'identified', member: anna }], 'member'],
    ['a scan on the join screen finds a member after all', onJoin, [{ type: 'identified', member: anna }], 'member'],
    ['a typed number nobody has opens the join screen', idle, [{ type: 'not_found', source: 'typed', typed: '0705550000' }], 'join'],
    ['a scanned card nobody has opens the join screen', idle, [{ type: 'not_found', source: 'scan' }], 'join'],
    ['a rejected scan keeps the screen and says why', idle, [{ type: 'rejected', source: 'scan', reason: 'bad_signature' }], 'idle'],
    ['"Done" on the member screen returns to idle', onMember(anna), [{ type: 'cancel' }], 'idle'],
    ['the till forgetting the customer returns to idle', onMember(anna), [{ type: 'session_cleared', reason: 'timeout' }], 'idle'],
    ['a receipt for the member shows the confirmation', onMember(anna), [{ type: 'receipt_queued', profileId: 'p-anna', total: 129, currency: 'SEK' }], 'receipt'],
    ['the confirmation goes back to idle by itself', onReceipt, [{ type: 'receipt_shown' }], 'idle'],
    ['the session ending with the sale does not cut the confirmation short', onReceipt, [{ type: 'session_cleared', reason: 'receipt' }], 'receipt'],
    ['session cleared first, then the receipt: still confirmed', onMember(anna), [{ type: 'session_cleared', reason: 'receipt' }, { type: 'receipt_queued', profileId: 'p-anna', total: 1, currency: 'SEK' }], 'receipt'],
    ['a receipt with no member changes nothing', idle, [{ type: 'receipt_queued', profileId: null, total: 1, currency: 'SEK' }], 'idle'],
    ['the manager button asks for the PIN', onMember(anna), [{ type: 'manager_asked' }], 'pin'],
    ['the right PIN opens the manager screen', onPin, [{ type: 'manager_unlocked' }], 'manager'],
    ['scans do not interrupt the manager', onManager, [{ type: 'identified', member: anna }, { type: 'not_found', source: 'scan' }], 'manager'],
    ['sales do not interrupt the manager', onManager, [{ type: 'receipt_queued', profileId: 'p-anna', total: 1, currency: 'SEK' }], 'manager'],
    ['closing the manager returns to idle', onManager, [{ type: 'manager_closed' }], 'idle'],
    ['cancel on the join screen returns to idle', onJoin, [{ type: 'cancel' }], 'idle'],
    ['going offline changes no screen', onMember(anna), [{ type: 'connectivity', online: false }], 'member'],
  ])('%s', (_name, start, actions, screen) => {
    expect(run(start, ...actions).screen.name).toBe(screen);
  });

  it('keeps what the cashier typed for the join form', () => {
    const state = run(idle, { type: 'not_found', source: 'typed', typed: '070-555 00 00' });
    expect(state.screen).toEqual({ name: 'join', reason: 'typed', contact: '070-555 00 00', withCustomer: false });
  });

  it('keeps a typed contact when a card scan on the join screen finds nothing', () => {
    const state = run(onJoin, { type: 'not_found', source: 'scan' });
    expect(state.screen).toEqual({ name: 'join', reason: 'scan', contact: '0705550000', withCustomer: false });
  });

  it('names the member in the receipt confirmation, even after the screen moved on', () => {
    const state = run(onMember(anna), { type: 'session_cleared', reason: 'receipt' }, { type: 'receipt_queued', profileId: 'p-anna', total: 129, currency: 'SEK' });
    expect(state.screen).toEqual({ name: 'receipt', profileId: 'p-anna', firstName: 'Anna', total: 129, currency: 'SEK' });
  });

  it('does not name someone else in the confirmation', () => {
    const state = run(onMember(jonas), { type: 'receipt_queued', profileId: 'p-anna', total: 129, currency: 'SEK' });
    expect(state.screen).toMatchObject({ name: 'receipt', firstName: null });
  });

  it('attaches the loaded purchases only to the member they belong to', () => {
    expect(run(onMember(jonas), { type: 'profile_loaded', view: annaView }).screen).toEqual({ name: 'member', member: jonas, view: null });
    expect(run(onMember(anna), { type: 'profile_loaded', view: annaView }).screen).toMatchObject({ name: 'member', view: annaView });
  });

  it('keeps loaded purchases when the same member is identified again (the event after the answer)', () => {
    const loaded = run(onMember(anna), { type: 'profile_loaded', view: annaView });
    expect(run(loaded, { type: 'identified', member: anna }).screen).toMatchObject({ view: annaView });
    expect(run(loaded, { type: 'identified', member: jonas }).screen).toMatchObject({ member: jonas, view: null });
  });

  it.each<[string, CashierAction, string]>([
    ['a forged QR', { type: 'rejected', source: 'scan', reason: 'bad_signature' }, 'err.qrForged'],
    ['an expired QR', { type: 'rejected', source: 'scan', reason: 'expired' }, 'err.qrExpired'],
    ['a bad check digit', { type: 'rejected', source: 'scan', reason: 'bad_check_digit' }, 'err.badCheckDigit'],
    ['typed text that is no identifier', { type: 'ignored', source: 'typed' }, 'err.typedNotAPerson'],
    ['several members matching: ask for another identifier', { type: 'ambiguous' }, 'idle.ambiguous'],
    ['a failed call', { type: 'problem', message: { key: 'err.network' } }, 'err.network'],
  ])('tells the cashier about %s', (_name, action, key) => {
    expect(run(idle, { type: 'lookup_started' }, action)).toMatchObject({ busy: false, notice: { key } });
  });

  it('leaves the member on screen when what was presented next is shared by several members', () => {
    const state = run(onMember(anna), { type: 'lookup_started' }, { type: 'ambiguous' });
    expect(state).toMatchObject({ screen: { name: 'idle' }, busy: false, notice: { key: 'idle.ambiguous' } });
    expect(run(onMember(anna), { type: 'redeem_asked' }, { type: 'ambiguous' }).screen).toEqual({ name: 'idle' });
    // The till's session.cleared (reason replaced) may come before or after the answer: the notice stays either way.
    expect(run(onMember(anna), { type: 'ambiguous' }, { type: 'session_cleared', reason: 'replaced' }).notice).toMatchObject({ key: 'idle.ambiguous' });
    expect(run(onMember(anna), { type: 'session_cleared', reason: 'replaced' }, { type: 'ambiguous' }).notice).toMatchObject({ key: 'idle.ambiguous' });
  });

  it('stays quiet about product codes scanned at the till', () => {
    expect(run(idle, { type: 'ignored', source: 'scan' })).toEqual(idle);
  });

  it('clears an old notice when a new lookup starts and when the screen changes', () => {
    const withNotice = run(idle, { type: 'rejected', source: 'typed', reason: 'invalid_phone' });
    expect(run(withNotice, { type: 'lookup_started' }).notice).toBeNull();
    expect(run(withNotice, { type: 'identified', member: anna }).notice).toBeNull();
  });

  it('drops an error once the screen it was said on is gone (no stale message over the next screen)', () => {
    const withNotice = run(onMember(anna), { type: 'problem', message: { key: 'err.network' } });
    expect(run(withNotice, { type: 'cancel' }).notice).toBeNull();
    expect(run(withNotice, { type: 'receipt_queued', profileId: 'p-anna', total: 1, currency: 'SEK' }).notice).toBeNull();
    expect(run(withNotice, { type: 'session_cleared', reason: 'timeout' }).notice).toBeNull();
    // A message said together with the change (already a member: here they are) stays.
    const told = run(onJoin, { type: 'identified', member: anna }, { type: 'problem', message: { key: 'err.alreadyMember', tone: 'info' } });
    expect(told.notice).toMatchObject({ key: 'err.alreadyMember' });
  });

  it('follows the sign-up handed to the customer display and back', () => {
    const handed = run(onJoin, { type: 'join_handed', withCustomer: true });
    expect(handed.screen).toMatchObject({ name: 'join', withCustomer: true, contact: '0705550000' });
    expect(run(handed, { type: 'join_handed', withCustomer: false }).screen).toMatchObject({ withCustomer: false });
    expect(run(idle, { type: 'join_handed', withCustomer: true })).toBe(idle);
    expect(run(handed, { type: 'identified', member: anna }).screen.name).toBe('member');
  });

  it('names the member on the receipt once their profile is read, and only for that receipt', () => {
    const unnamed = run(onMember(jonas), { type: 'receipt_queued', profileId: 'p-anna', total: 129, currency: 'SEK' });
    expect(run(unnamed, { type: 'receipt_named', profileId: 'p-anna', firstName: 'Anna' }).screen).toMatchObject({ firstName: 'Anna' });
    expect(run(unnamed, { type: 'receipt_named', profileId: 'p-other', firstName: 'Eve' }).screen).toMatchObject({ firstName: null });
  });

  it('keeps the time of the last sync and whether a customer display is open', () => {
    const state = run(idle, { type: 'last_sync', at: '2026-11-30T22:00:00.000Z' }, { type: 'customer_display', connected: true });
    expect(state).toMatchObject({ lastSync: '2026-11-30T22:00:00.000Z', customerDisplay: true });
  });
});

describe('the member list line', () => {
  const loading = { state: 'loading', done: 120, total: 1_000 } as const;

  it('follows what the till says while the first copy loads, and goes when it is complete', () => {
    const shown = run(idle, { type: 'member_list', loading });
    expect(shown.memberList).toEqual(loading);
    expect(shown.screen).toEqual(idle.screen);
    expect(run(shown, { type: 'member_list', loading: { ...loading, done: 900 } }).memberList).toEqual({ ...loading, done: 900 });
    expect(run(shown, { type: 'member_list', loading: null }).memberList).toBeNull();
  });

  it('changes no state (no re-render) when the progress is the same', () => {
    const shown = run(idle, { type: 'member_list', loading });
    expect(nextCashierState(shown, { type: 'member_list', loading: { ...loading } })).toBe(shown);
    expect(nextCashierState(idle, { type: 'member_list', loading: null })).toBe(idle);
  });
});
