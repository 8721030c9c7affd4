import { ASSURANCE_ORDER } from '../identify/types';
import type { CustomerSession } from '../till/customerSession';
import type { StepUpCustomerPort } from './stepUpService';

/** The step-up service's view of the till's current customer, over the till's CustomerSession. */
export function createSessionCustomerPort(session: CustomerSession): StepUpCustomerPort {
  return {
    current() {
      const customer = session.get();
      return customer && { profileId: customer.profile.id, assurance: customer.assurance };
    },
    raiseToVerified(profileId) {
      return session.raiseTo(profileId, 'verified', ASSURANCE_ORDER)?.assurance === 'verified';
    },
    updateProfile(profile) {
      const customer = session.get();
      if (!customer || customer.profile.id !== profile.id) return false;
      session.set({ ...customer, profile });
      return true;
    },
    memberQrToken(profileId) {
      const customer = session.get();
      return customer?.profile.id === profileId ? customer.memberQrToken ?? null : null;
    },
    forgetMemberQrToken(profileId) {
      const customer = session.get();
      if (customer?.profile.id !== profileId || customer.memberQrToken === undefined) return;
      const { memberQrToken: _dropped, ...rest } = customer;
      session.set(rest);
    },
  };
}
