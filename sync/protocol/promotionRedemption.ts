import { z } from 'zod';
import { MEMBER_QR_MAX_LENGTH } from './memberQr';
import { SyncProblemSchema } from './problem';
import { ProfileIdSchema } from './profile';
import { SummaryOfferSchema } from './profileSummary';
import { VerificationIdSchema } from './stepUp';
import { IdempotencyKeySchema, ReceiptPayloadSchema } from './upload';
import { SYNC_BASE_PATH } from './version';

/**
 * Promotion (voucher) redemption: a till uses one of a member's offers from the profile summary. Like points it spends
 * value, so it is online only and never queued: the CRM confirms it at once or nothing happens. Unlike points it is
 * behind step-up, checked by the CRM side: the request carries its proof, either a verification this till completed for
 * this profile within `PROMOTION_RULES.stepUpMaxAgeMs` (the hub looks it up) or the signed member QR that identified
 * the customer, issued within that time (the hub verifies it with its own keys); a till's word that the customer is
 * verified is not enough. One idempotency key per attempt: a retry gets the first answer and redeems nothing twice.
 */
export const PROMOTION_REDEMPTION_PATH = `${SYNC_BASE_PATH}/promotions/redeem`;

export const PROMOTION_RULES = {
  /** How long after a step-up verification completed, or a member QR was issued, it still proves the customer for a redemption. */
  stepUpMaxAgeMs: 10 * 60_000,
} as const;

/** What proves the customer for a redemption. */
export const PromotionProofSchema = z.discriminatedUnion('kind', [
  /** A step-up verification completed (`verified`) at this till, for this profile, recently. */
  z.object({ kind: z.literal('verification'), verificationId: VerificationIdSchema }),
  /** The signed member QR token the customer identified with at this till (held in the till's memory for the session only). */
  z.object({ kind: z.literal('member_qr'), token: z.string().min(1).max(MEMBER_QR_MAX_LENGTH) }),
]);
export type PromotionProof = z.infer<typeof PromotionProofSchema>;

/** POST /sync/v1/promotions/redeem: exactly one of `proof` and (the first form, still taken) `verificationId`. */
export const PromotionRedemptionRequestSchema = z.object({
  /** One per redemption attempt: a retry of the same attempt sends the same key. */
  idempotencyKey: IdempotencyKeySchema,
  /** The member, as the till knows them (a merged-away id follows the merge). */
  profileId: ProfileIdSchema,
  /** The offer's `id` from the member's summary. */
  offerId: SummaryOfferSchema.shape.id,
  /** What proves the customer. */
  proof: PromotionProofSchema.optional(),
  /** The first form of the proof, the same as `proof: {kind: 'verification', verificationId}`. */
  verificationId: VerificationIdSchema.optional(),
  /** The sale the offer is used in, when the POS said so. */
  receiptId: ReceiptPayloadSchema.shape.receiptId.optional(),
}).refine((r) => (r.proof === undefined) !== (r.verificationId === undefined), { message: 'give exactly one of proof and verificationId', path: ['proof'] });
export type PromotionRedemptionRequest = z.infer<typeof PromotionRedemptionRequestSchema>;

/** The request's proof, in whichever form it came (the schema holds that exactly one did). */
export function promotionProofOf(request: PromotionRedemptionRequest): PromotionProof {
  if (request.proof) return request.proof;
  return { kind: 'verification', verificationId: request.verificationId ?? '' };
}

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
  /** Completed (or the member QR issued) longer ago than PROMOTION_RULES.stepUpMaxAgeMs. */
  'stale',
  /** The member QR is malformed, not signed by one of this hub's current or recently rotated keys, or issued in the future. */
  'invalid_member_qr',
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
