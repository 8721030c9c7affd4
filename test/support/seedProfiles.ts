import type { MemberCache } from '../../sync/cache';

export const ANNA = {
  profile: { id: 'P-anna', firstName: 'Anna', displayName: 'Anna S.', tier: 'gold', pointsBalance: 1200, pointsAsOf: Date.UTC(2026, 10, 1), status: 'active' as const },
  identifiers: [
    { kind: 'phone' as const, value: '+46701234567' },
    { kind: 'email' as const, value: 'anna@example.se' },
    { kind: 'card' as const, value: '0401234567893' },
  ],
};

export const BO = {
  profile: { id: 'P-bo', firstName: 'Bo', displayName: 'Bo L.', tier: 'member', pointsBalance: 10, pointsAsOf: Date.UTC(2026, 10, 1), status: 'active' as const },
  identifiers: [{ kind: 'phone' as const, value: '+46709876543' }],
};

export function seedProfiles(cache: MemberCache): void {
  for (const p of [ANNA, BO]) cache.profiles.upsertProfile(p.profile, p.identifiers);
}
