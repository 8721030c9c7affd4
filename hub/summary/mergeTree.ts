import type { Sql } from '../db/sql';

/** Profiles merged into one, chains included, read at most (a bound, not a limit any real merge history meets). */
const MERGE_TREE_LIMIT = 1000;

/** `profileId` and every profile merged into it, chains included: whose offers and purchases are the survivor's now. */
export async function mergeTree(sql: Sql, profileId: string): Promise<string[]> {
  const tree = await sql.query<{ profile_id: string }>(
    `WITH RECURSIVE tree(profile_id) AS (
       SELECT $1::text UNION SELECT g.profile_id FROM gone_profiles g JOIN tree t ON g.into_profile_id = t.profile_id WHERE g.reason = 'merged')
     SELECT profile_id FROM tree LIMIT $2`,
    [profileId, MERGE_TREE_LIMIT],
  );
  return tree.map((r) => r.profile_id);
}
