import type { IdentifierTuple } from '../../sync/protocol';
import type { Sql } from '../db/sql';
import { parseProfileRow } from './profileRow';

/** A profile and the identifiers its row lists. */
export interface HeldIdentifiers {
  profileId: string;
  identifiers: readonly IdentifierTuple[];
}

/** What a profile's stored row (`row_json`, or null for no row) lists as its identifiers. */
export function heldBy(profileId: string, rowJson: string | null | undefined): HeldIdentifiers {
  return { profileId, identifiers: rowJson === null || rowJson === undefined ? [] : parseProfileRow(rowJson).identifiers };
}

/** Three parallel arrays for `unnest`: kinds, values, the profile holding each. */
export function identifierColumns(held: readonly HeldIdentifiers[]): [string[], string[], string[]] {
  const kinds: string[] = [];
  const values: string[] = [];
  const owners: string[] = [];
  for (const { profileId, identifiers } of held) {
    for (const [kind, value] of identifiers) {
      kinds.push(kind);
      values.push(value);
      owners.push(profileId);
    }
  }
  return [kinds, values, owners];
}

/**
 * Deletes the identifiers each profile holds, found by their key, one primary-key probe each. The identifiers table
 * has no index by profile (migration 0017): every write keeps a profile's `row_json` listing exactly the identifiers
 * it holds, so that list is where a profile's rows are found. A row another profile holds by now is left alone.
 */
export async function deleteHeldIdentifiers(tx: Sql, held: readonly HeldIdentifiers[]): Promise<void> {
  const [kinds, values, owners] = identifierColumns(held);
  if (kinds.length === 0) return;
  await tx.query(
    `DELETE FROM identifiers i USING unnest($1::text[], $2::text[], $3::text[]) AS d(kind, value, profile_id)
     WHERE i.kind = d.kind AND i.value = d.value AND i.profile_id = d.profile_id`,
    [kinds, values, owners],
  );
}

/** Gives the identifiers `from` holds to `into` (a merge), found by their key as deleteHeldIdentifiers finds them. */
export async function moveHeldIdentifiers(tx: Sql, from: HeldIdentifiers, intoId: string): Promise<void> {
  const [kinds, values, owners] = identifierColumns([from]);
  if (kinds.length === 0) return;
  await tx.query(
    `UPDATE identifiers i SET profile_id = $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS m(kind, value, profile_id)
     WHERE i.kind = m.kind AND i.value = m.value AND i.profile_id = m.profile_id`,
    [kinds, values, owners, intoId],
  );
}
