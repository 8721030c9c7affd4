import type { MemberListLoading } from '../main/api/contract/memberList';
import type { ProfileSummary, ProfileView } from '../main/api/contract/profile';
import type { Message } from './problemMessages';
import { messageForIgnored, messageForRejection } from './problemMessages';

export type Assurance = 'claimed' | 'possession' | 'verified';
export type InputSource = 'typed' | 'scan';

/** The person at the till as the screen shows them. */
export interface MemberOnScreen {
  profile: ProfileSummary;
  assurance: Assurance;
}

/** An offer the cashier chose to redeem: its id (sent to the till) and its title (shown). */
export interface OfferOnScreen {
  id: string;
  title: string;
}

export type Screen =
  | { name: 'idle' }
  | { name: 'member'; member: MemberOnScreen; view: ProfileView | null }
  /**
   * Redeeming points, or the offer `offer` of the member's summary, with the step-up it may need
   * (renderer/redeemFlow.ts); `view` is kept for the way back.
   */
  | { name: 'redeem'; member: MemberOnScreen; view: ProfileView | null; offer?: OfferOnScreen }
  /** `withCustomer`: the cashier handed the sign-up to the customer display, which now has the form. */
  | { name: 'join'; reason: 'typed' | 'scan' | 'asked'; contact: string; withCustomer: boolean }
  /** `firstName` may come a moment later (read from the profile when the screen did not know whose sale it was). */
  | { name: 'receipt'; profileId: string; firstName: string | null; total: number; currency: string }
  | { name: 'pin' }
  | { name: 'manager' };

export interface CashierState {
  screen: Screen;
  /** An error or hint for the cashier, read out by screen readers. */
  notice: Message | null;
  /** Whether the till reaches the membership register; offline shows what works and disables what does not. */
  online: boolean;
  /** When the till last copied changes from the register (ISO text or epoch ms), for the offline banner. */
  lastSync: string | number | null;
  /** Whether a customer display follows the till: the sign-up's consent is then given there. */
  customerDisplay: boolean;
  /** A typed lookup is on its way. */
  busy: boolean;
  /** The last member shown, so a receipt that lands after the screen moved on can still name them. */
  lastMember: MemberOnScreen | null;
  /** While the first copy of the member list loads (a miss may be a member not yet copied); null once complete. */
  memberList: MemberListLoading | null;
}

export type CashierAction =
  | { type: 'lookup_started' }
  /** `view`: the member's profile view, which the till's `identified` event carries; absent after a reconnect. */
  | { type: 'identified'; member: MemberOnScreen; view?: ProfileView }
  | { type: 'profile_loaded'; view: ProfileView }
  | { type: 'not_found'; source: InputSource; typed?: string }
  | { type: 'rejected'; source: InputSource; reason?: string }
  | { type: 'ignored'; source: InputSource }
  /** Several members match what was given: ask for another identifier (the card, the app's QR, the e-mail). */
  | { type: 'ambiguous' }
  | { type: 'problem'; message: Message }
  | { type: 'session_cleared'; reason: string }
  | { type: 'receipt_queued'; profileId: string | null; total: number; currency: string }
  | { type: 'receipt_shown' }
  | { type: 'join_asked'; contact: string }
  | { type: 'cancel' }
  | { type: 'connectivity'; online: boolean }
  | { type: 'last_sync'; at: string | number | null }
  | { type: 'customer_display'; connected: boolean }
  /** The customer display took the sign-up form, or gave it back (cancelled there or by the cashier). */
  | { type: 'join_handed'; withCustomer: boolean }
  /** Whose sale it was, read after the receipt screen appeared. */
  | { type: 'receipt_named'; profileId: string; firstName: string | null }
  | { type: 'member_list'; loading: MemberListLoading | null }
  | { type: 'manager_asked' }
  | { type: 'manager_unlocked' }
  | { type: 'manager_closed' }
  | { type: 'notice_cleared' }
  | { type: 'redeem_asked'; offer?: OfferOnScreen }
  | { type: 'redeem_closed' }
  /** The customer's profile changed at the till (points redeemed): show the new balance. */
  | { type: 'profile_updated'; profile: ProfileSummary }
  /** A step-up verified the customer. */
  | { type: 'assurance_raised'; profileId: string; assurance: Assurance };

export const initialCashierState: CashierState = {
  screen: { name: 'idle' },
  notice: null,
  online: true,
  lastSync: null,
  customerDisplay: false,
  busy: false,
  lastMember: null,
  memberList: null,
};

const idle: Screen = { name: 'idle' };

/** Manager screens are not interrupted by scans or sales at the till. */
function inManager(state: CashierState): boolean {
  return state.screen.name === 'pin' || state.screen.name === 'manager';
}

/**
 * What the cashier screen shows next. Pure: the app performs the effects (loads, timers) it implies. A message
 * belongs to the screen it was said on: when the screen changes and the action said nothing new, it goes.
 */
export function nextCashierState(state: CashierState, action: CashierAction): CashierState {
  const next = reduce(state, action);
  if (next !== state && next.screen.name !== state.screen.name && next.notice !== null && next.notice === state.notice) return { ...next, notice: null };
  return next;
}

function reduce(state: CashierState, action: CashierAction): CashierState {
  switch (action.type) {
    case 'lookup_started':
      return { ...state, busy: true, notice: null };
    case 'identified': {
      if (inManager(state)) return state;
      if (state.screen.name === 'redeem' && state.screen.member.profile.id === action.member.profile.id) {
        // The same customer again (a member QR scanned to verify them): the redemption goes on.
        return { ...state, screen: { ...state.screen, member: action.member, view: action.view ?? state.screen.view }, busy: false, lastMember: action.member };
      }
      const same = state.screen.name === 'member' && state.screen.member.profile.id === action.member.profile.id;
      const view = action.view ?? (same && state.screen.name === 'member' ? state.screen.view : null);
      return { ...state, screen: { name: 'member', member: action.member, view }, busy: false, notice: null, lastMember: action.member };
    }
    case 'profile_loaded': {
      const screen = state.screen;
      if (screen.name !== 'member' || screen.member.profile.id !== action.view.profile.id) return state;
      const member = { ...screen.member, profile: action.view.profile };
      return { ...state, screen: { ...screen, member, view: action.view }, lastMember: member };
    }
    case 'not_found': {
      if (inManager(state)) return state;
      const contact = action.source === 'typed' ? (action.typed ?? '') : state.screen.name === 'join' ? state.screen.contact : '';
      return { ...state, screen: { name: 'join', reason: action.source, contact, withCustomer: false }, busy: false, notice: null };
    }
    case 'rejected':
      if (inManager(state)) return state;
      return { ...state, busy: false, notice: messageForRejection(action.reason) };
    case 'ignored':
      if (inManager(state)) return state;
      // Products are scanned at the till all day: they are the POS's business, not an error on this screen.
      if (action.source === 'scan') return state.busy ? { ...state, busy: false } : state;
      return { ...state, busy: false, notice: messageForIgnored(action.source) };
    case 'ambiguous': {
      if (inManager(state)) return state;
      // Someone presented what several members share: the member on screen is not (known to be) the one at the till.
      const shown = state.screen.name === 'member' || state.screen.name === 'redeem';
      return { ...state, screen: shown ? idle : state.screen, busy: false, notice: { key: 'idle.ambiguous' } };
    }
    case 'problem':
      return { ...state, busy: false, notice: action.message };
    case 'session_cleared':
      if (state.screen.name !== 'member' && state.screen.name !== 'redeem') return state;
      return { ...state, screen: idle, notice: null };
    case 'receipt_queued': {
      if (action.profileId === null || inManager(state)) return state;
      const shown = state.screen.name === 'member' ? state.screen.member : state.lastMember;
      const firstName = shown && shown.profile.id === action.profileId ? shown.profile.firstName : null;
      const screen: Screen = { name: 'receipt', profileId: action.profileId, firstName, total: action.total, currency: action.currency };
      return { ...state, screen, notice: null, busy: false };
    }
    case 'receipt_shown':
      return state.screen.name === 'receipt' ? { ...state, screen: idle, lastMember: null } : state;
    case 'join_asked':
      if (inManager(state)) return state;
      return { ...state, screen: { name: 'join', reason: 'asked', contact: action.contact, withCustomer: false }, notice: null, busy: false };
    case 'cancel':
      return { ...state, screen: idle, notice: null, busy: false };
    case 'connectivity':
      return state.online === action.online ? state : { ...state, online: action.online };
    case 'last_sync':
      return state.lastSync === action.at ? state : { ...state, lastSync: action.at };
    case 'customer_display':
      return state.customerDisplay === action.connected ? state : { ...state, customerDisplay: action.connected };
    case 'join_handed':
      if (state.screen.name !== 'join' || state.screen.withCustomer === action.withCustomer) return state;
      return { ...state, screen: { ...state.screen, withCustomer: action.withCustomer } };
    case 'receipt_named':
      if (state.screen.name !== 'receipt' || state.screen.profileId !== action.profileId) return state;
      return { ...state, screen: { ...state.screen, firstName: action.firstName } };
    case 'member_list': {
      const same = state.memberList?.done === action.loading?.done && state.memberList?.total === action.loading?.total;
      return same ? state : { ...state, memberList: action.loading };
    }
    case 'manager_asked':
      return { ...state, screen: { name: 'pin' }, notice: null, busy: false };
    case 'manager_unlocked':
      return state.screen.name === 'pin' ? { ...state, screen: { name: 'manager' }, notice: null } : state;
    case 'manager_closed':
      return inManager(state) ? { ...state, screen: idle, notice: null } : state;
    case 'notice_cleared':
      return state.notice === null ? state : { ...state, notice: null };
    case 'redeem_asked':
      if (state.screen.name !== 'member') return state;
      return { ...state, screen: { ...state.screen, name: 'redeem', ...(action.offer ? { offer: action.offer } : {}) }, notice: null };
    case 'redeem_closed': {
      if (state.screen.name !== 'redeem') return state;
      const { offer: _offer, ...rest } = state.screen;
      return { ...state, screen: { ...rest, name: 'member' } };
    }
    case 'profile_updated':
    case 'assurance_raised': {
      const screen = state.screen;
      const id = action.type === 'profile_updated' ? action.profile.id : action.profileId;
      if ((screen.name !== 'member' && screen.name !== 'redeem') || screen.member.profile.id !== id) return state;
      const member = action.type === 'profile_updated' ? { ...screen.member, profile: action.profile } : { ...screen.member, assurance: action.assurance };
      return { ...state, screen: { ...screen, member }, lastMember: member };
    }
  }
}
