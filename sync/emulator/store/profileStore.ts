import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { IdentifierKind, IdentifierTuple } from '../../protocol';
import { IdentifierIndex } from './identifierIndex';
import { parseProfileRow, renderProfileRow } from './profileRow';
import type { ProfileState } from './profileRow';

export interface NewProfile {
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  tier: string | null;
  pointsBalance: number;
  pointsAsOf: number | null;
  identifiers: IdentifierTuple[];
}

/** Where a reference to a profile that is no longer stored leads. */
export type GoneProfile = { reason: 'erased' } | { reason: 'merged'; intoSeq: number };

/** Profiles, their identifiers, and the record of erased and merged-away ones. Callers own transactions. */
export class ProfileStore {
  readonly identifiers: IdentifierIndex;
  private readonly s;

  constructor(db: SqliteDatabase, demo: { seed: number; members: number }) {
    this.s = {
      row: db.prepare<[number], string>('SELECT row_json FROM profiles WHERE seq = ?').pluck(),
      lastName: db.prepare<[number], string | null>('SELECT last_name FROM profiles WHERE seq = ?').pluck(),
      insert: db.prepare<[number, string | null, number, string]>('INSERT INTO profiles (seq, last_name, created_at, row_json) VALUES (?, ?, ?, ?)'),
      // Never reuse the number of an erased or merged-away profile: its id must keep meaning "gone".
      nextSeq: db.prepare<[], number>('SELECT max(coalesce((SELECT max(seq) FROM profiles), 0), coalesce((SELECT max(seq) FROM gone_profiles), 0)) + 1').pluck(),
      setRow: db.prepare<[string, number]>('UPDATE profiles SET row_json = ? WHERE seq = ?'),
      delete: db.prepare<[number]>('DELETE FROM profiles WHERE seq = ?'),
      count: db.prepare<[], number>('SELECT count(*) FROM profiles').pluck(),
      gone: db.prepare<[number], { reason: 'erased' | 'merged'; into_seq: number | null }>('SELECT reason, into_seq FROM gone_profiles WHERE seq = ?'),
      markGone: db.prepare<[number, string, number | null, number]>('INSERT OR REPLACE INTO gone_profiles (seq, reason, into_seq, at) VALUES (?, ?, ?, ?)'),
    };
    this.identifiers = new IdentifierIndex(db, demo, (seq, kind, value) => this.holds(seq, kind, value));
  }

  get(seq: number): ProfileState | null {
    const row = this.s.row.get(seq);
    return row === undefined ? null : parseProfileRow(seq, row);
  }

  lastName(seq: number): string | null {
    return this.s.lastName.get(seq) ?? null;
  }

  count(): number {
    return this.s.count.get() ?? 0;
  }

  /** Inserts a profile (its identifiers must be free: check with identifiers.find first). Returns its row number. */
  create(p: NewProfile, now: number): number {
    const seq = this.s.nextSeq.get() ?? 1;
    const { lastName, ...wire } = p;
    this.s.insert.run(seq, lastName, now, renderProfileRow({ seq, ...wire }));
    this.identifiers.point(p.identifiers, seq);
    return seq;
  }

  /** Replaces the wire state of an existing profile; identifiers added here are indexed. */
  save(state: ProfileState): void {
    this.s.setRow.run(renderProfileRow(state), state.seq);
    this.identifiers.point(state.identifiers, state.seq);
  }

  /** Deletes the profile row and its identifier index entries, and records where references now lead. */
  remove(state: ProfileState, gone: GoneProfile, now: number): void {
    this.identifiers.remove(state.identifiers);
    this.s.delete.run(state.seq);
    this.s.markGone.run(state.seq, gone.reason, gone.reason === 'merged' ? gone.intoSeq : null, now);
  }

  gone(seq: number): GoneProfile | null {
    const g = this.s.gone.get(seq);
    if (!g) return null;
    return g.reason === 'merged' && g.into_seq !== null ? { reason: 'merged', intoSeq: g.into_seq } : { reason: 'erased' };
  }

  /** Follows merges to the surviving profile: its row number, `erased`, or `unknown` (never existed). */
  resolve(seq: number): number | 'erased' | 'unknown' {
    let current = seq;
    // Merge chains are short; the bound only guards against a corrupted cycle.
    for (let hops = 0; hops < 1000; hops++) {
      if (this.s.row.get(current) !== undefined) return current;
      const gone = this.gone(current);
      if (!gone) return 'unknown';
      if (gone.reason === 'erased') return 'erased';
      current = gone.intoSeq;
    }
    return 'unknown';
  }

  private holds(seq: number, kind: IdentifierKind, value: string): boolean {
    const row = this.s.row.get(seq);
    if (row === undefined) return false;
    return parseProfileRow(seq, row).identifiers.some(([k, v]) => k === kind && v === value);
  }
}
