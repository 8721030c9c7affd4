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
 * The row ids (ctid) of the identifiers each profile holds, as an array expression over `unnest($1, $2, $3)`: one
 * primary-key probe each, in key order (`LATERAL … LIMIT 1`). Written so because a plain join with a long array (a
 * chunk of 75,000) can make PostgreSQL hash the whole identifiers table instead (2.2 s a chunk at 1.5M members, against
 * 0.2 s by probes). Callers hold the write lock, so the rows found are the rows then changed.
 */
const HELD_ROWS = `ARRAY(
  SELECT h.ctid FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS d(kind, value, profile_id) ORDER BY kind, value) d
  CROSS JOIN LATERAL (SELECT i.ctid FROM identifiers i WHERE i.kind = d.kind AND i.value = d.value AND i.profile_id = d.profile_id LIMIT 1) h)`;

/**
 * Deletes the identifiers each profile holds, found by their key. The identifiers table has no index by profile
 * (migration 0017): every write keeps a profile's `row_json` listing exactly the identifiers it holds, so that list is
 * where a profile's rows are found. A row another profile holds by now is left alone.
 */
export async function deleteHeldIdentifiers(tx: Sql, held: readonly HeldIdentifiers[]): Promise<void> {
  const [kinds, values, owners] = identifierColumns(held);
  if (kinds.length === 0) return;
  await tx.query(`DELETE FROM identifiers WHERE ctid = ANY(${HELD_ROWS})`, [kinds, values, owners]);
}

/** Gives the identifiers `from` holds to `into` (a merge), found by their key as deleteHeldIdentifiers finds them. */
export async function moveHeldIdentifiers(tx: Sql, from: HeldIdentifiers, intoId: string): Promise<void> {
  const [kinds, values, owners] = identifierColumns([from]);
  if (kinds.length === 0) return;
  await tx.query(`UPDATE identifiers SET profile_id = $4 WHERE ctid = ANY(${HELD_ROWS})`, [kinds, values, owners, intoId]);
}
