import type { Sql } from '../../../hub/db/sql';

/**
 * Where the identifiers table and the profiles' rows disagree: an identifier a profile's `row_json` lists that the
 * table does not give it, or one the table gives a profile whose row does not list it (a deleted profile included).
 * The hub finds a profile's identifiers through its row (hub/mirror/heldIdentifiers.ts), so these must never differ.
 */
export async function mirrorDisagreements(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ what: string; profile_id: string; kind: string; value: string }>(
    `WITH listed AS (
       SELECT p.profile_id, e.item->>0 AS kind, e.item->>1 AS value
         FROM profiles p CROSS JOIN LATERAL jsonb_array_elements((p.row_json::jsonb) -> 7) AS e(item)),
     held AS (SELECT profile_id, kind, value FROM identifiers)
     SELECT 'listed, not held' AS what, * FROM (SELECT * FROM listed EXCEPT SELECT * FROM held) a
     UNION ALL
     SELECT 'held, not listed' AS what, * FROM (SELECT * FROM held EXCEPT SELECT * FROM listed) b
     ORDER BY 1, 2, 3, 4`,
  );
  return rows.map((r) => `${r.what}: ${r.profile_id} ${r.kind}:${r.value}`);
}
