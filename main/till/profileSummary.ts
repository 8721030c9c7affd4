import type { Profile } from '../../sync/cache';
import type { ProfileSummary } from '../api/contract/profile';

/** The cashier-screen view of a profile: what the contract allows, nothing more. */
export function toProfileSummary(profile: Profile): ProfileSummary {
  return {
    id: profile.id,
    firstName: profile.firstName,
    displayName: profile.displayName,
    tier: profile.tier,
    pointsBalance: profile.pointsBalance,
    pointsAsOf: profile.pointsAsOf === null ? null : new Date(profile.pointsAsOf).toISOString(),
    status: profile.status,
  };
}
