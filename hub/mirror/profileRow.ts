import type { IdentifierKind, IdentifierTuple, ProfileRow } from '../../sync/protocol';

/** The wire fields of a mirrored profile: what a till sees of it. */
export interface ProfileState {
  profileId: string;
  firstName: string | null;
  displayName: string | null;
  tier: string | null;
  pointsBalance: number;
  pointsAsOf: number | null;
  identifiers: IdentifierTuple[];
}

const KIND_ORDER: Record<IdentifierKind, number> = { phone: 0, email: 1, card: 2, member_number: 3 };

/** Identifiers in a stable order (phone, email, card, member number, then by value). */
export function sortIdentifiers(ids: readonly IdentifierTuple[]): IdentifierTuple[] {
  return [...ids].sort((a, b) => KIND_ORDER[a[0]] - KIND_ORDER[b[0]] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** Every character outside printable ASCII: written as a JSON `\uXXXX` escape (UTF-16 code units, as JSON has them). */
const NON_ASCII = /[\u007f-\uffff]/g;
const escapeCodeUnit = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The profile's bootstrap row (ProfileRowSchema) as JSON text, as stored in profiles.row_json: pure ASCII, with
 * Å, ö and the like escaped. The same JSON to every parser, and the bootstrap page that joins these rows stays ASCII,
 * which Node decodes from PostgreSQL and encodes onto the socket several times faster than UTF-8 with non-ASCII
 * characters in it (docs/performance.md, "The hub").
 */
export function renderProfileRow(p: ProfileState): string {
  const row: ProfileRow = [p.profileId, p.firstName, p.displayName, p.tier, p.pointsBalance, p.pointsAsOf, 'active', sortIdentifiers(p.identifiers)];
  return JSON.stringify(row).replace(NON_ASCII, escapeCodeUnit);
}

/** The inverse of renderProfileRow, for rows the hub wrote itself. */
export function parseProfileRow(rowJson: string): ProfileState {
  const r = JSON.parse(rowJson) as ProfileRow;
  return { profileId: r[0], firstName: r[1], displayName: r[2], tier: r[3], pointsBalance: r[4], pointsAsOf: r[5], identifiers: r[7] };
}
