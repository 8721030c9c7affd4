import type { BootstrapRow } from '../cache/bootstrapLoader';
import type { ClearIdentifier, MemberKey, Profile } from '../cache/types';
import type { MemberQrKey } from '../protocol/keys';
import type { ProfileRow, WireProfile } from '../protocol/profile';

/** What the CRM sends, in the shapes the cache stores. */

export function bootstrapRowFromWire(row: ProfileRow): BootstrapRow {
  const identifiers: ClearIdentifier[] = row[7].map(([kind, value]) => ({ kind, value }));
  return {
    profile: { id: row[0], firstName: row[1], displayName: row[2], tier: row[3], pointsBalance: row[4], pointsAsOf: row[5], status: 'active' },
    identifiers,
  };
}

export function profileFromWire(profile: WireProfile): { profile: Profile; identifiers: ClearIdentifier[] } {
  return {
    profile: {
      id: profile.id,
      firstName: profile.firstName,
      displayName: profile.displayName,
      tier: profile.tier,
      pointsBalance: profile.pointsBalance,
      pointsAsOf: profile.pointsAsOf,
      status: 'active',
    },
    identifiers: profile.identifiers.map((identifier) => ({ kind: identifier.kind, value: identifier.value })),
  };
}

/** The verifying key set: a revoked key is left out, so a token signed with it finds no key. */
export function memberKeysFromWire(keys: readonly MemberQrKey[]): MemberKey[] {
  return keys.filter((key) => !key.revoked).map((key) => ({ kid: key.kid, publicKey: key.publicKey, notAfter: key.notAfter }));
}
