import type { TillEvent } from '../../main/api/contract/events';
import type { StepUpView } from '../../main/api/contract/stepUp';

/** The customer as their own screen may show them: a first name and points, nothing more personal. */
export interface CustomerOnDisplay {
  profileId: string;
  firstName: string | null;
  points: number;
}

export type CustomerScreen =
  | { name: 'idle' }
  | { name: 'member'; customer: CustomerOnDisplay }
  /** The cashier handed the sign-up to this screen: the customer types their contact and accepts the terms. */
  | { name: 'join' }
  /** A verification the customer completes here: the BankID QR, or the code from a text message. */
  | { name: 'stepup'; customer: CustomerOnDisplay | null; verification: StepUpView }
  /**
   * After the sale; `earned` is this sale's points (null when it is not known or nobody was identified). `member`:
   * the receipt names a member, whose own contact the CRM may use for the receipt by e-mail or SMS.
   */
  | { name: 'thanks'; receiptId: string; member: boolean; firstName: string | null; earned: number | null };

export interface CustomerState {
  screen: CustomerScreen;
  /** Who is at the till, kept while a step-up or the thank-you is on screen. */
  customer: CustomerOnDisplay | null;
}

/** What the display knows of the store's points scheme (GET /api/v1/screens). */
export interface PointsRule {
  perCurrencyUnit: number | null;
}

export type CustomerAction =
  | { type: 'event'; event: TillEvent; points: PointsRule }
  /** The thank-you has been shown long enough. */
  | { type: 'thanks_done' }
  /** After a reconnect: who the till says is at it now. */
  | { type: 'resynced'; customer: CustomerOnDisplay | null };

export const initialCustomerState: CustomerState = { screen: { name: 'idle' }, customer: null };

const idle: CustomerState = initialCustomerState;

/** Points a sale earns under the store's rule: one per whole currency unit by default, none for a return. */
export function pointsForSale(total: number, rule: PointsRule): number | null {
  if (rule.perCurrencyUnit === null) return null;
  return total > 0 ? Math.floor(total * rule.perCurrencyUnit) : 0;
}

/** What the customer display shows next. Pure: it follows the till's events and never changes the sale. */
export function nextCustomerState(state: CustomerState, action: CustomerAction): CustomerState {
  switch (action.type) {
    case 'thanks_done':
      return state.screen.name === 'thanks' ? idle : state;
    case 'resynced':
      if (state.screen.name === 'join' || state.screen.name === 'stepup' || state.screen.name === 'thanks') return state;
      return action.customer ? { screen: { name: 'member', customer: action.customer }, customer: action.customer } : idle;
    case 'event':
      return onEvent(state, action.event, action.points);
  }
}

function onEvent(state: CustomerState, event: TillEvent, points: PointsRule): CustomerState {
  switch (event.type) {
    case 'identified': {
      const customer = { profileId: event.profile.id, firstName: event.profile.firstName, points: event.profile.pointsBalance };
      // The same customer again during a verification (a member QR shown to the till): the verification goes on.
      if (state.screen.name === 'stepup' && state.customer?.profileId === customer.profileId) return { ...state, customer };
      return { screen: { name: 'member', customer }, customer };
    }
    case 'points.redeemed':
    case 'stepup.completed':
    case 'stepup.failed': {
      const customer = state.customer;
      if (!customer) return state;
      const updated = event.type === 'points.redeemed' && event.profile.id === customer.profileId ? { ...customer, points: event.profile.pointsBalance } : customer;
      if (state.screen.name === 'stepup' || state.screen.name === 'member') return { screen: { name: 'member', customer: updated }, customer: updated };
      return { ...state, customer: updated };
    }
    case 'stepup.started':
    case 'stepup.updated':
      // An e-mail link is opened on the customer's own phone: nothing to show here beyond the member.
      if (event.verification.method === 'email_link') return state;
      if (event.verification.status !== 'pending') return state;
      return { screen: { name: 'stepup', customer: state.customer, verification: event.verification }, customer: state.customer };
    case 'customer_join.started':
      return { screen: { name: 'join' }, customer: null };
    case 'customer_join.ended':
      // A finished sign-up is followed by `identified` for the new member; a cancelled one goes back to the welcome.
      return event.reason === 'cancelled' && state.screen.name === 'join' ? idle : state;
    case 'receipt.queued': {
      const customer = state.customer;
      const theirs = customer !== null && event.profileId === customer.profileId;
      return {
        screen: {
          name: 'thanks', receiptId: event.receiptId, member: event.profileId !== null,
          firstName: theirs ? customer.firstName : null, earned: event.profileId ? pointsForSale(event.total, points) : null,
        },
        customer,
      };
    }
    case 'session.cleared':
      // A receipt ends the session too: the thank-you stays until it has been read.
      if (state.screen.name === 'thanks' || state.screen.name === 'join') return { ...state, customer: null };
      return idle;
    default:
      return state;
  }
}
