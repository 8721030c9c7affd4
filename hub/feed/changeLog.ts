import type { Sql } from '../db/sql';

export type ChangeType = 'upsert' | 'erase' | 'merge' | 'keys';

/** One entry of the log as served: an upsert carries the profile's current row (null when it is gone since). */
export interface ChangeEntry {
  seq: number;
  type: ChangeType;
  profileId: string | null;
  fromProfileId: string | null;
  rowJson: string | null;
}

interface EntryRow {
  seq: number;
  type: ChangeType;
  profile_id: string | null;
  from_profile_id: string | null;
  row_json: string | null;
}

/**
 * The change log behind the tills' cursors: append-only, sequence-numbered, a bounded window kept. Appends run
 * inside a write transaction (db/sql.ts WRITE_LOCK_KEY), so sequence numbers become visible in order.
 */
export class ChangeLog {
  /** Prune in steps, not on every append: deleting one row per insert would double the write cost. */
  private readonly pruneSlack: number;

  constructor(readonly retention: number) {
    if (!Number.isInteger(retention) || retention < 1) throw new RangeError('changeRetention must be a positive integer');
    this.pruneSlack = Math.max(1, Math.floor(retention / 10));
  }

  async append(tx: Sql, type: ChangeType, profileId: string | null, fromProfileId: string | null, now: number): Promise<number> {
    const [row] = await tx.query<{ seq: number }>(
      'INSERT INTO change_log (type, profile_id, from_profile_id, at) VALUES ($1, $2, $3, $4) RETURNING seq',
      [type, profileId, fromProfileId, now],
    );
    const seq = row?.seq ?? 0;
    const pruned = await this.prunedThrough(tx);
    if (seq - pruned > this.retention + this.pruneSlack) await this.keepNewest(tx, seq, this.retention);
    return seq;
  }

  /** One upsert per profile, in the given order (an import's batch): one statement instead of one per member. */
  async appendUpserts(tx: Sql, profileIds: readonly string[], now: number): Promise<void> {
    if (profileIds.length === 0) return;
    const [row] = await tx.query<{ seq: number | null }>(
      `WITH added AS (
         INSERT INTO change_log (type, profile_id, from_profile_id, at)
         SELECT 'upsert', id, NULL, $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n
         RETURNING seq)
       SELECT max(seq) AS seq FROM added`,
      [profileIds, now],
    );
    const seq = row?.seq ?? 0;
    const pruned = await this.prunedThrough(tx);
    if (seq - pruned > this.retention + this.pruneSlack) await this.keepNewest(tx, seq, this.retention);
  }

  /** The position of the newest change (0 for an empty log). */
  async head(sql: Sql): Promise<number> {
    const [row] = await sql.query<{ head: number | null }>('SELECT max(seq) AS head FROM change_log');
    return Math.max(row?.head ?? 0, await this.prunedThrough(sql));
  }

  /** Every change at or before this position has been dropped. */
  async prunedThrough(sql: Sql): Promise<number> {
    const [row] = await sql.query<{ value: string }>("SELECT value FROM hub_meta WHERE key = 'feed_pruned_through'");
    return row === undefined ? 0 : Number(row.value);
  }

  /** Changes the log holds now (the window; GET /admin/stats). */
  async size(sql: Sql): Promise<number> {
    const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log');
    return row?.n ?? 0;
  }

  /**
   * Drops all but the newest `keep` changes (POST /admin/changes/compact: makes older cursors expire) and answers the
   * new prunedThrough; never moves it back.
   */
  async compact(tx: Sql, keep: number): Promise<number> {
    const head = await this.head(tx);
    const pruned = await this.prunedThrough(tx);
    const through = Math.max(pruned, head - Math.max(0, keep));
    if (through > pruned) await this.keepNewest(tx, head, head - through);
    return through;
  }

  /** True when a till at `seq` can be served every change after it (not pruned away, not from the future). */
  async isServable(sql: Sql, seq: number): Promise<boolean> {
    if (!Number.isSafeInteger(seq) || seq < 0) return false;
    return seq >= (await this.prunedThrough(sql)) && seq <= (await this.head(sql));
  }

  /** Changes after `afterSeq`, oldest first, at most `limit`, each upsert with the profile's current row. */
  async page(sql: Sql, afterSeq: number, limit: number): Promise<ChangeEntry[]> {
    const rows = await sql.query<EntryRow>(
      `SELECT c.seq, c.type, c.profile_id, c.from_profile_id, CASE WHEN c.type = 'upsert' THEN p.row_json END AS row_json
         FROM change_log c LEFT JOIN profiles p ON p.profile_id = c.profile_id
        WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map((r) => ({ seq: r.seq, type: r.type, profileId: r.profile_id, fromProfileId: r.from_profile_id, rowJson: r.row_json }));
  }

  private async keepNewest(tx: Sql, head: number, keep: number): Promise<void> {
    const through = head - keep;
    await tx.query('DELETE FROM change_log WHERE seq <= $1', [through]);
    await tx.query(
      "INSERT INTO hub_meta (key, value) VALUES ('feed_pruned_through', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(through)],
    );
  }
}
