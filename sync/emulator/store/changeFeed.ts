import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { MetaTable } from './emulatorDatabase';

export type ChangeType = 'upsert' | 'erase' | 'merge' | 'keys';

/** One entry of the feed: ids only (upserts are rendered from the profile's state when served). */
export interface ChangeEntry {
  seq: number;
  type: ChangeType;
  /** upsert/erase: the profile; merge: the survivor (`into`). */
  profileSeq: number | null;
  /** merge: the profile merged away (`from`). */
  fromSeq: number | null;
}

/**
 * The CRM's change feed: an append-only log with sequence numbers, of which a bounded window is kept.
 * Positions outside the window (or from another epoch) are `expired`: the till must bootstrap again.
 */
export class ChangeFeed {
  private readonly s;
  /** Prune in steps, not on every append: deleting one row per insert would double the write cost. */
  private readonly pruneSlack: number;

  constructor(
    db: SqliteDatabase,
    private readonly meta: MetaTable,
    private retention: number,
  ) {
    this.pruneSlack = Math.max(1, Math.floor(retention / 10));
    this.s = {
      append: db.prepare<[string, number | null, number | null, number]>('INSERT INTO change_log (type, profile_seq, from_seq, at) VALUES (?, ?, ?, ?)'),
      head: db.prepare<[], number | null>('SELECT max(seq) FROM change_log').pluck(),
      count: db.prepare<[], number>('SELECT count(*) FROM change_log').pluck(),
      oldest: db.prepare<[], number | null>('SELECT min(seq) FROM change_log').pluck(),
      page: db.prepare<[number, number], { seq: number; type: ChangeType; profile_seq: number | null; from_seq: number | null }>(
        'SELECT seq, type, profile_seq, from_seq FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      pruneThrough: db.prepare<[number]>('DELETE FROM change_log WHERE seq <= ?'),
    };
  }

  /** The position of the newest change (0 for an empty feed). */
  head(): number {
    return Math.max(this.s.head.get() ?? 0, this.prunedThrough());
  }

  /** Every change at or before this position has been dropped from the log. */
  prunedThrough(): number {
    return Number(this.meta.get('feed_pruned_through') ?? '0');
  }

  size(): number {
    return this.s.count.get() ?? 0;
  }

  /** True when a till at `seq` can be served every change after it. */
  isServable(seq: number): boolean {
    return Number.isSafeInteger(seq) && seq >= this.prunedThrough() && seq <= this.head();
  }

  append(type: ChangeType, profileSeq: number | null, fromSeq: number | null, now: number): number {
    const seq = Number(this.s.append.run(type, profileSeq, fromSeq, now).lastInsertRowid);
    if (this.size() > this.retention + this.pruneSlack) this.keepNewest(this.retention);
    return seq;
  }

  /** Changes after `afterSeq`, oldest first, at most `limit`. */
  page(afterSeq: number, limit: number): ChangeEntry[] {
    return this.s.page.all(afterSeq, limit).map((r) => ({ seq: r.seq, type: r.type, profileSeq: r.profile_seq, fromSeq: r.from_seq }));
  }

  /** Drops all but the newest `keep` changes; returns the new prunedThrough. */
  keepNewest(keep: number): number {
    const head = this.head();
    const through = Math.max(this.prunedThrough(), head - Math.max(0, keep));
    if (through > this.prunedThrough()) {
      this.s.pruneThrough.run(through);
      this.meta.set('feed_pruned_through', String(through));
    }
    return this.prunedThrough();
  }

  setRetention(retention: number): void {
    this.retention = retention;
  }
}
