import { z } from 'zod';
import { SyncProblemSchema } from './problem';
import { ProfileIdSchema } from './profile';
import { SummaryOfferSchema } from './profileSummary';
import { VerificationIdSchema } from './stepUp';
import { IdempotencyKeySchema, ReceiptPayloadSchema } from './upload';
import { SYNC_BASE_PATH } from './version';

/**
 * Promotion (voucher) redemption: a till uses one of a member's offers from the profile summary. Like points it spends
 * value, so it is online only and never queued: the CRM confirms it at once or nothing happens. Unlike points it is
 * behind step-up, checked by the CRM side: the request names a verification this till completed for this profile
 * within `PROMOTION_RULES.stepUpMaxAgeMs`, and the hub looks it up; a till's word that the customer is verified is not
 * enough. One idempotency key per attempt: a retry gets the first answer and redeems nothing twice.
 */
export const PROMOTION_REDEMPTION_PATH = `${SYNC_BASE_PATH}/promotions/redeem`;

export const PROMOTION_RULES = {
  /** How long after a step-up verification completed it still proves the customer for a redemption. */
  stepUpMaxAgeMs: 10 * 60_000,
} as const;

/** POST /sync/v1/promotions/redeem */
export const PromotionRedemptionRequestSchema = z.object({
  /** One per redemption attempt: a retry of the same attempt sends the same key. */
  idempotencyKey: IdempotencyKeySchema,
  /** The member, as the till knows them (a merged-away id follows the merge). */
  profileId: ProfileIdSchema,
  /** The offer's `id` from the member's summary. */
  offerId: SummaryOfferSchema.shape.id,
  /** The step-up verification that proves the customer: completed (`verified`) at this till, for this profile, recently. */
  verificationId: VerificationIdSchema,
  /** The sale the offer is used in, when the POS said so. */
  receiptId: ReceiptPayloadSchema.shape.receiptId.optional(),
});
export type PromotionRedemptionRequest = z.infer<typeof PromotionRedemptionRequestSchema>;

/** 200: the offer is redeemed. A replayed answer is the first one, unchanged. */
export const PromotionRedemptionSchema = z.object({
  status: z.literal('redeemed'),
  /** The profile the offer was redeemed for: the CRM's id for the one named (the survivor, when it was merged). */
  profileId: ProfileIdSchema,
  offerId: SummaryOfferSchema.shape.id,
  /** The offer's title, as the cashier saw it in the summary. */
  title: SummaryOfferSchema.shape.title,
  /** Epoch ms the CRM confirmed it. */
  redeemedAt: z.number().int().nonnegative(),
});
export type PromotionRedemption = z.infer<typeof PromotionRedemptionSchema>;

/** Why a step-up does not prove the customer for a redemption. */
export const StepUpProofProblemSchema = z.enum([
  /** No such verification at this till (never started here, or another till's). */
  'unknown_verification',
  /** Started, but not completed (`pending`, failed, expired, cancelled). */
  'not_verified',
  /** Completed for another profile than the one named. */
  'other_profile',
  /** Completed longer ago than PROMOTION_RULES.stepUpMaxAgeMs. */
  'stale',
]);
export type StepUpProofProblem = z.infer<typeof StepUpProofProblemSchema>;

/** 403 `step_up_required`: nothing was redeemed; verify the customer again and send the new verification. */
export const PromotionStepUpProblemSchema = SyncProblemSchema.extend({
  type: z.literal('step_up_required'),
  reason: StepUpProofProblemSchema,
});

export const OfferUnavailableReasonSchema = z.enum(['already_redeemed', 'expired', 'not_found', 'not_at_pos']);
export type OfferUnavailableReason = z.infer<typeof OfferUnavailableReasonSchema>;

/** 409 `offer_not_available`: the offer cannot be redeemed, now or on a retry; nothing was redeemed by this request. */
export const OfferNotAvailableProblemSchema = SyncProblemSchema.extend({
  type: z.literal('offer_not_available'),
  reason: OfferUnavailableReasonSchema,
});
export type OfferNotAvailableProblem = z.infer<typeof OfferNotAvailableProblemSchema>;
