import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { PointsRedemption, PointsRedemptionRequest } from '../../protocol';
import { createContactLookup } from '../stepUp/profileContact';
import type { CrmProfiles } from '../store/crmProfiles';
import { profileIdOf } from '../store/profileIds';

/** What the CRM answered a redemption: each is stored under its key and replayed as is. */
export type RedemptionAnswer =
  | { outcome: 'redeemed'; redemption: PointsRedemption }
  | { outcome: 'insufficient_points'; pointsBalance: number }
  | { outcome: 'unknown_profile' };

/** The same key sent with another profile, amount or receipt: a bug on the till's side, refused. */
export type RedemptionReply = RedemptionAnswer | { outcome: 'key_reused' };

interface StoredRedemption {
  request: { profileId: string; points: number; receiptId: string | null };
  answer: RedemptionAnswer;
}

const KIND = 'redemption';

/**
 * Spends points, once per idempotency key: the check, the debit, its change-feed upsert and the stored answer are one
 * transaction, so a retry can never spend twice and two tills can never spend the same points. Keys share the
 * `idempotency_keys` table with uploads (they are UUIDv7s from the same tills).
 */
export class RedemptionDesk {
  private readonly s;
  private readonly resolve: (profileRef: string) => number | null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly profiles: CrmProfiles,
    private readonly logger: Logger,
  ) {
    this.s = {
      seen: db.prepare<[string, string], string>('SELECT result_json FROM idempotency_keys WHERE idempotency_key = ? AND kind = ?').pluck(),
      remember: db.prepare<[string, string, string, string, number]>(
        'INSERT INTO idempotency_keys (idempotency_key, device_id, kind, result_json, at) VALUES (?, ?, ?, ?, ?)',
      ),
      count: db.prepare<[string], number>('SELECT count(*) FROM idempotency_keys WHERE kind = ?').pluck(),
    };
    const contactOf = createContactLookup(db, profiles);
    this.resolve = (profileRef) => contactOf(profileRef).profileSeq;
  }

  redeem(deviceId: string, request: PointsRedemptionRequest, now: number): RedemptionReply {
    return this.db.transaction((): RedemptionReply => {
      const asked = { profileId: request.profileId, points: request.points, receiptId: request.receiptId ?? null };
      const seen = this.s.seen.get(request.idempotencyKey, KIND);
      if (seen !== undefined) {
        const first = JSON.parse(seen) as StoredRedemption;
        const same = first.request.profileId === asked.profileId && first.request.points === asked.points && first.request.receiptId === asked.receiptId;
        return same ? first.answer : { outcome: 'key_reused' };
      }
      const answer = this.firstAnswer(asked.points, request.profileId, now);
      const stored: StoredRedemption = { request: asked, answer };
      this.s.remember.run(request.idempotencyKey, deviceId, KIND, JSON.stringify(stored), now);
      this.logger.info({ outcome: answer.outcome, points: asked.points, deviceId }, 'points redemption answered');
      return answer;
    })();
  }

  /** Redemptions answered (any outcome), for stats and tests. */
  count(): number {
    return this.s.count.get(KIND) ?? 0;
  }

  private firstAnswer(points: number, profileRef: string, now: number): RedemptionAnswer {
    const seq = this.resolve(profileRef);
    const state = seq === null ? null : this.profiles.store.get(seq);
    if (!state) return { outcome: 'unknown_profile' };
    if (state.pointsBalance < points) return { outcome: 'insufficient_points', pointsBalance: state.pointsBalance };
    const next = this.profiles.update(state.seq, { points: state.pointsBalance - points }, now);
    if ('missing' in next) return { outcome: 'unknown_profile' };
    return {
      outcome: 'redeemed',
      redemption: { status: 'redeemed', profileId: profileIdOf(next.seq), points, pointsBalance: next.pointsBalance, pointsAsOf: next.pointsAsOf ?? now },
    };
  }
}
