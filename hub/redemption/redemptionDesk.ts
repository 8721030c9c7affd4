import type { Logger } from 'pino';
import { writeTransaction } from '../db/sql';
import type { HubDatabase, Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import type { CrmDeliveryQueue } from '../delivery/crmDeliveryQueue';
import { keepAnswer, keptAnswer } from '../upload/keptAnswers';
import type { PointsRedemption, PointsRedemptionRequest } from '../../sync/protocol';

/** What the hub answered a redemption: each is stored under its key and replayed as is. */
export type RedemptionAnswer =
  | { outcome: 'redeemed'; redemption: PointsRedemption }
  | { outcome: 'insufficient_points'; pointsBalance: number }
  | { outcome: 'unknown_profile' };

/** The same key sent with another profile, amount or receipt: a bug on the till's side, refused. */
export type RedemptionReply = RedemptionAnswer | { outcome: 'key_reused' };

const KIND = 'redemption';

/**
 * Spends points, once per idempotency key: the check, the debit, its change-log upsert and the stored answer are one
 * write transaction, so a retry (at any hub process) never spends twice and two tills never spend the same points.
 * Keys share the upload ledger with uploads: they are UUIDv7s from the same tills.
 */
export class RedemptionDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly mirror: MemberMirror,
    private readonly logger: Logger,
    /** Set when the connector has a push: a redemption spent here is owed to the CRM, queued in the same transaction. */
    private readonly crmQueue: CrmDeliveryQueue | null = null,
  ) {}

  redeem(tillId: string, request: PointsRedemptionRequest, now: number): Promise<RedemptionReply> {
    return writeTransaction(this.db, async (tx): Promise<RedemptionReply> => {
      const asked = { profileId: request.profileId, points: request.points, receiptId: request.receiptId ?? null };
      const kept = await keptAnswer<typeof asked, RedemptionAnswer>(tx, request.idempotencyKey, KIND, asked);
      if (kept !== null) return kept;
      const answer = await this.firstAnswer(tx, asked.points, request.profileId, now);
      if (answer.outcome === 'redeemed') {
        await this.crmQueue?.enqueueRedemption(tx, request.idempotencyKey, answer.redemption.profileId, asked.points, tillId, now);
      }
      await keepAnswer(tx, request.idempotencyKey, tillId, KIND, asked, answer, now);
      this.logger.info({ outcome: answer.outcome, points: asked.points, tillId }, 'points redemption answered');
      return answer;
    });
  }

  private async firstAnswer(tx: Sql, points: number, profileRef: string, now: number): Promise<RedemptionAnswer> {
    const resolved = await this.mirror.resolveRef(tx, profileRef);
    const state = 'profileId' in resolved ? await this.mirror.get(tx, resolved.profileId) : null;
    if (!state) return { outcome: 'unknown_profile' };
    if (state.pointsBalance < points) return { outcome: 'insufficient_points', pointsBalance: state.pointsBalance };
    const pointsBalance = state.pointsBalance - points;
    await this.mirror.save(tx, { ...state, pointsBalance, pointsAsOf: now }, now);
    return { outcome: 'redeemed', redemption: { status: 'redeemed', profileId: state.profileId, points, pointsBalance, pointsAsOf: now } };
  }
}
