import type { Sql } from '../db/sql';

/** How many changes the log keeps behind its head (a till further behind bootstraps again). */
export const DEFAULT_CHANGE_RETENTION = 1_000_000;

export type ChangeType = 'upsert' | 'erase' | 'merge' | 'keys';

/** One entry of the log as served: an upsert carries the profile's current row (null when it is gone since). */
export interface ChangeEntry {
  seq: number;
  type: ChangeType;
  profileId: string | null;
  fromProfileId: string | null;
  rowJson: string | null;
}

/**
 * The log's bounds as two columns `newest` and `pruned`, for a statement that reads them beside something else (a
 * till's authentication reads them with every request, so most polls need no statement of their own).
 */
export const FEED_BOUNDS_COLUMNS = `coalesce((SELECT max(seq) FROM change_log), 0) AS newest,
  coalesce((SELECT value::bigint FROM hub_meta WHERE key = 'feed_pruned_through'), 0) AS pruned`;

/** The log's bounds as read at one moment. */
export interface FeedBounds {
  newest: number;
  pruned: number;
}

/** The log's bounds as one row: the newest sequence number written and the position pruned through (0 when none). */
const BOUNDS = `(SELECT ${FEED_BOUNDS_COLUMNS})`;

/** The head beside `BOUNDS b`, and whether the position `$1` is servable there (not pruned away, not from the future). */
const HEAD_AND_SERVABLE = 'greatest(b.newest, b.pruned) AS head, $1::bigint >= b.pruned AND $1::bigint <= greatest(b.newest, b.pruned) AS servable';

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
    const [row] = await sql.query<{ head: number }>(`SELECT greatest(b.newest, b.pruned) AS head FROM ${BOUNDS} b`);
    return row?.head ?? 0;
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
    return (await this.headFor(sql, seq)) !== null;
  }

  /**
   * The log's head, or null when `seq` is not servable. Prepared: the statement every poll starts with, whose generic
   * plan is its custom one (the log's last entry and one hub_meta row, by their primary keys).
   */
  private async headFor(sql: Sql, seq: number): Promise<number | null> {
    if (!Number.isSafeInteger(seq) || seq < 0) return null;
    const [row] = await sql.query<{ head: number; servable: boolean }>(
      `SELECT ${HEAD_AND_SERVABLE} FROM ${BOUNDS} b`,
      [seq],
      { prepareAs: 'change_feed_head' },
    );
    return row?.servable === true ? row.head : null;
  }

  /**
   * Changes after `afterSeq`, oldest first, at most `limit`, each upsert with the profile's current row, and the head
   * they were read beside; null when `afterSeq` is not servable. Most polls find nothing new: they are answered by
   * the `known` bounds their till's authentication read (no statement), or else by the log's head alone, a prepared
   * statement. The rest (and those the known bounds put behind the head) read the page in one statement, bounds and
   * entries in one snapshot, planned for its values: its generic plan (no values known, `seq > $1` guessed a third of the log) reads
   * the log with parallel workers, 31 ms for an empty page and 214 ms for one of 2,000 against 0.3 and 16 ms planned
   * for the values (a 950,000-entry log).
   */
  async pageAfter(sql: Sql, afterSeq: number, limit: number, known?: FeedBounds): Promise<{ entries: ChangeEntry[]; head: number } | null> {
    // Bounds read a moment ago (with the till's authentication) that show nothing after a servable position: the page
    // is empty as of then, as if the poll had come a moment earlier. No statement at all.
    const knownHead = known === undefined ? null : Math.max(known.newest, known.pruned);
    const knownServable = known !== undefined && knownHead !== null && Number.isSafeInteger(afterSeq) && afterSeq >= known.pruned && afterSeq <= knownHead;
    if (knownServable && afterSeq === knownHead) return { entries: [], head: afterSeq };
    // Behind the known head: the page statement below reads the bounds again and checks the position itself.
    if (!knownServable) {
      const head = await this.headFor(sql, afterSeq);
      if (head === null) return null;
      if (head === afterSeq) return { entries: [], head };
    }
    // A servable position with nothing new reads as one row of nulls beside the bounds.
    const rows = await sql.query<(EntryRow | { [K in keyof EntryRow]: null }) & { head: number; servable: boolean }>(
      `SELECT ${HEAD_AND_SERVABLE}, c.seq, c.type, c.profile_id, c.from_profile_id, c.row_json
         FROM ${BOUNDS} b
         LEFT JOIN LATERAL (
           SELECT c.seq, c.type, c.profile_id, c.from_profile_id, CASE WHEN c.type = 'upsert' THEN p.row_json END AS row_json
             FROM change_log c LEFT JOIN profiles p ON p.profile_id = c.profile_id
            WHERE c.seq > $1 AND $1 >= b.pruned
            ORDER BY c.seq LIMIT $2) c ON true
        ORDER BY c.seq`,
      [afterSeq, limit],
    );
    const first = rows[0];
    if (first === undefined || !first.servable) return null;
    const entries = rows.filter((r): r is EntryRow & { head: number; servable: boolean } => r.seq !== null).map((r) => ({ seq: r.seq, type: r.type, profileId: r.profile_id, fromProfileId: r.from_profile_id, rowJson: r.row_json }));
    return { entries, head: first.head };
  }

  /** Changes after `afterSeq`, oldest first, at most `limit` (none when `afterSeq` is not servable). */
  async page(sql: Sql, afterSeq: number, limit: number): Promise<ChangeEntry[]> {
    return (await this.pageAfter(sql, afterSeq, limit))?.entries ?? [];
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
