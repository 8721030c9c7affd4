import { z } from 'zod';
import { SyncProblemSchema } from './problem';
import { ProfileIdSchema } from './profile';
import { IdempotencyKeySchema, ReceiptPayloadSchema } from './upload';
import { SYNC_BASE_PATH } from './version';

/**
 * Points redemption: a till spends a member's points. Unlike receipts it is never queued: a redemption spends value,
 * so the CRM confirms it at once, and two tills can never spend the same points. The till names the profile and an
 * idempotency key; a retry with the same key (the answer was lost) gets the first answer again and spends nothing.
 */
export const REDEMPTION_PATH = `${SYNC_BASE_PATH}/points/redeem`;

/** At most this many points in one redemption (a typo guard, far above any real balance). */
export const MAX_REDEEMED_POINTS = 10_000_000;

/** POST /sync/v1/points/redeem */
export const PointsRedemptionRequestSchema = z.object({
  /** One per redemption attempt: a retry of the same attempt sends the same key. */
  idempotencyKey: IdempotencyKeySchema,
  /** A CRM id (merged-away ids follow the merge) or a till's provisional id already mapped by its sign-up. */
  profileId: ProfileIdSchema,
  points: z.number().int().positive().max(MAX_REDEEMED_POINTS),
  /** The sale the points pay towards, when the POS said so. */
  receiptId: ReceiptPayloadSchema.shape.receiptId.optional(),
});
export type PointsRedemptionRequest = z.infer<typeof PointsRedemptionRequestSchema>;

/** 200: the points are spent. A replayed answer is the first one, unchanged (its balance may since have moved). */
export const PointsRedemptionSchema = z.object({
  status: z.literal('redeemed'),
  /** The profile charged: the CRM's id for the one named (the survivor, when it was merged). */
  profileId: ProfileIdSchema,
  points: z.number().int().positive(),
  /** The balance right after this redemption. */
  pointsBalance: z.number().int().nonnegative(),
  /** Epoch ms of that balance. */
  pointsAsOf: z.number().int().nonnegative(),
});
export type PointsRedemption = z.infer<typeof PointsRedemptionSchema>;

/** 422 `insufficient_points`: nothing was spent. */
export const InsufficientPointsProblemSchema = SyncProblemSchema.extend({
  type: z.literal('insufficient_points'),
  pointsBalance: z.number().int(),
});
export type InsufficientPointsProblem = z.infer<typeof InsufficientPointsProblemSchema>;
