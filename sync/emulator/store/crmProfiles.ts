import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { IdentifierKind, IdentifierTuple } from '../../protocol';
import type { ChangeFeed } from './changeFeed';
import type { ProfileState } from './profileRow';
import type { NewProfile, ProfileStore } from './profileStore';
import type { ReceiptLedger } from './receiptLedger';

export type CreateOutcome = { ok: true; seq: number } | { ok: false; problem: 'identifier_taken'; kind: IdentifierKind };

/** Why an operation on a profile found none to act on. */
export type Missing = { missing: 'not_found' } | { missing: 'erased' } | { missing: 'merged'; intoSeq: number };

/** Points a receipt earns: one per whole currency unit of a positive total. */
export function pointsFor(total: number): number {
  return total > 0 ? Math.floor(total) : 0;
}

/**
 * Everything that changes a profile at the CRM, each in one transaction with its change-feed entries:
 * the feed can never disagree with the profiles it describes.
 */
export class CrmProfiles {
  private touchCursor = 0;

  constructor(
    private readonly db: SqliteDatabase,
    readonly store: ProfileStore,
    private readonly feed: ChangeFeed,
    private readonly ledger: ReceiptLedger,
  ) {}

  /** Why `seq` has no stored profile, or null when it has one. */
  missing(seq: number): Missing | null {
    if (this.store.get(seq)) return null;
    const gone = this.store.gone(seq);
    if (!gone) return { missing: 'not_found' };
    return gone.reason === 'erased' ? { missing: 'erased' } : { missing: 'merged', intoSeq: gone.intoSeq };
  }

  /** Who already holds one of these identifiers, if anyone. */
  takenIdentifier(ids: readonly IdentifierTuple[]): IdentifierKind | null {
    for (const [kind, value] of ids) if (this.store.identifiers.find(kind, value) !== null) return kind;
    return null;
  }

  create(p: NewProfile, now: number): CreateOutcome {
    return this.db.transaction((): CreateOutcome => {
      const taken = this.takenIdentifier(p.identifiers);
      if (taken) return { ok: false, problem: 'identifier_taken', kind: taken };
      const seq = this.store.create(p, now);
      this.feed.append('upsert', seq, null, now);
      return { ok: true, seq };
    })();
  }

  /** Saves a changed wire state and announces it (inside the caller's transaction, or its own). */
  save(state: ProfileState, now: number): void {
    this.db.transaction(() => {
      this.store.save(state);
      this.feed.append('upsert', state.seq, null, now);
    })();
  }

  update(seq: number, patch: { firstName?: string; tier?: string; points?: number }, now: number): ProfileState | Missing {
    return this.db.transaction((): ProfileState | Missing => {
      const state = this.store.get(seq);
      if (!state) return this.missing(seq) ?? { missing: 'not_found' };
      const next: ProfileState = { ...state };
      if (patch.firstName !== undefined) next.firstName = patch.firstName;
      if (patch.tier !== undefined) next.tier = patch.tier;
      if (patch.points !== undefined) {
        next.pointsBalance = patch.points;
        next.pointsAsOf = now;
      }
      this.save(next, now);
      return next;
    })();
  }

  creditPoints(seq: number, points: number, now: number): void {
    if (points <= 0) return;
    const state = this.store.get(seq);
    if (!state) return;
    this.save({ ...state, pointsBalance: state.pointsBalance + points, pointsAsOf: now }, now);
  }

  /** Erasure: the profile and everything personal go; receipts stay, unlinked; a tombstone enters the feed. */
  erase(seq: number, now: number): true | Missing {
    return this.db.transaction((): true | Missing => {
      const state = this.store.get(seq);
      if (!state) return this.missing(seq) ?? { missing: 'not_found' };
      this.ledger.forgetProfile(seq);
      this.store.remove(state, { reason: 'erased' }, now);
      this.feed.append('erase', seq, null, now);
      return true;
    })();
  }

  /** `fromSeq` merged into `intoSeq`: identifiers, points, receipts and consents move; `from` is gone. */
  merge(fromSeq: number, intoSeq: number, now: number): true | Missing | { invalid: 'same_profile' } {
    return this.db.transaction((): true | Missing | { invalid: 'same_profile' } => {
      if (fromSeq === intoSeq) return { invalid: 'same_profile' };
      const from = this.store.get(fromSeq);
      if (!from) return this.missing(fromSeq) ?? { missing: 'not_found' };
      const into = this.store.get(intoSeq);
      if (!into) return this.missing(intoSeq) ?? { missing: 'not_found' };
      this.store.remove(from, { reason: 'merged', intoSeq }, now);
      this.ledger.repoint(fromSeq, intoSeq);
      const merged: ProfileState = {
        ...into,
        firstName: into.firstName ?? from.firstName,
        displayName: into.displayName ?? from.displayName,
        pointsBalance: into.pointsBalance + from.pointsBalance,
        pointsAsOf: now,
        identifiers: [...into.identifiers, ...from.identifiers],
      };
      this.store.save(merged);
      this.feed.append('merge', intoSeq, fromSeq, now);
      this.feed.append('upsert', intoSeq, null, now);
      return true;
    })();
  }

  /** Gives `count` profiles one more point each (an upsert each), walking the table round-robin. For benches. */
  touch(count: number, now: number): number {
    const next = this.db.prepare<[number, number], number>('SELECT seq FROM profiles WHERE seq > ? ORDER BY seq LIMIT ?').pluck();
    return this.db.transaction((): number => {
      let touched = 0;
      while (touched < count) {
        const seqs = next.all(this.touchCursor, Math.min(10_000, count - touched));
        if (seqs.length === 0) {
          if (this.touchCursor === 0) break; // no profiles at all
          this.touchCursor = 0;
          continue;
        }
        for (const seq of seqs) {
          const state = this.store.get(seq);
          if (state) this.save({ ...state, pointsBalance: state.pointsBalance + 1, pointsAsOf: now }, now);
          this.touchCursor = seq;
          touched++;
        }
      }
      return touched;
    })();
  }
}
