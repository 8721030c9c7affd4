import type { Sql } from '../db/sql';

/** The CRM's changed and erased ids not applied to the mirror yet (crm_changed_members): worked off in bounded rounds. */
export class ChangedMembers {
  async count(sql: Sql): Promise<number> {
    const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM crm_changed_members');
    return row?.n ?? 0;
  }

  /** A later word on an id replaces an earlier one (changed, then erased: erased), due now. */
  async add(tx: Sql, changed: readonly string[], erased: readonly string[], now: number): Promise<void> {
    const erasedSet = new Set(erased);
    const ids = [...changed.filter((id) => !erasedSet.has(id)), ...erasedSet];
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO crm_changed_members (profile_id, erased, attempts, next_at)
       SELECT DISTINCT ON (id) id, gone, 0, $3 FROM unnest($1::text[], $2::boolean[]) AS u(id, gone)
       ON CONFLICT (profile_id) DO UPDATE SET erased = excluded.erased, attempts = 0, next_at = excluded.next_at`,
      [ids, ids.map((id) => (erasedSet.has(id) ? 'true' : 'false')), now],
    );
  }

  async due(sql: Sql, now: number, limit: number): Promise<{ profileId: string; erased: boolean; attempts: number }[]> {
    const rows = await sql.query<{ profile_id: string; erased: boolean; attempts: number }>(
      'SELECT profile_id, erased, attempts FROM crm_changed_members WHERE next_at <= $1 ORDER BY next_at, profile_id LIMIT $2',
      [now, limit],
    );
    return rows.map((r) => ({ profileId: r.profile_id, erased: r.erased, attempts: r.attempts }));
  }

  async remove(sql: Sql, profileId: string): Promise<void> {
    await sql.query('DELETE FROM crm_changed_members WHERE profile_id = $1', [profileId]);
  }

  async postpone(sql: Sql, profileId: string, attempts: number, nextAt: number): Promise<void> {
    await sql.query('UPDATE crm_changed_members SET attempts = $2, next_at = $3 WHERE profile_id = $1', [profileId, attempts, nextAt]);
  }
}
