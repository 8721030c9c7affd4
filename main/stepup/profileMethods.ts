import type { StepUpMethod } from '../api/contract/stepUp';
import type { IdentifierKind, ProfileStatus } from '../../sync/cache/types';

/**
 * The verifications that can reach this profile's owner, from what the till's cache knows: which KINDS of identifier
 * the profile has (never their values, which the till does not hold in clear). An SMS needs a phone, a link an
 * e-mail address; BankID needs neither. A profile made at this till and not yet received by the CRM has none: the
 * CRM cannot send anything for a profile it does not know. The CRM still answers every start the same way
 * whatever it holds, so no answer from it tells who is a member; this list only spares the customer waiting for a
 * text that cannot come.
 */
export function methodsForProfile(profile: { status: ProfileStatus; identifierKinds: readonly IdentifierKind[] }): StepUpMethod[] {
  if (profile.status === 'pending_sync') return [];
  const methods: StepUpMethod[] = [];
  if (profile.identifierKinds.includes('phone')) methods.push('sms');
  if (profile.identifierKinds.includes('email')) methods.push('email_link');
  methods.push('bankid');
  return methods;
}
