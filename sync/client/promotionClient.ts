import type { Logger } from 'pino';
import { OfferUnavailableReasonSchema, PROMOTION_REDEMPTION_PATH, PromotionRedemptionSchema, StepUpProofProblemSchema } from '../protocol/promotionRedemption';
import type { OfferUnavailableReason, PromotionRedemption, PromotionRedemptionRequest, StepUpProofProblem } from '../protocol/promotionRedemption';
import type { CrmHttpClient } from './crmHttpClient';
import type { SyncFailureKind } from './syncFailure';
import { meansUnreachable, toSyncFailure } from './syncFailure';

/**
 * What one promotion redemption at the CRM came to. Never throws.
 * `crm_unavailable`: the CRM side answered that the CRM did not confirm it (nothing redeemed, nothing queued).
 * `in_doubt`: the hub could not be reached or its answer was lost: send the same request (same key) again later.
 */
export type PromotionExchange =
  | { outcome: 'redeemed'; redemption: PromotionRedemption }
  | { outcome: 'offer_not_available'; reason: OfferUnavailableReason }
  | { outcome: 'step_up_required'; reason: StepUpProofProblem }
  | { outcome: 'in_progress' }
  | { outcome: 'crm_unavailable' }
  | { outcome: 'unknown_profile' }
  | { outcome: 'in_doubt'; reason: SyncFailureKind }
  | { outcome: 'not_enrolled' }
  | { outcome: 'refused'; reason: SyncFailureKind; status?: number };

/** These answers are about the request, not the till's token or the network (403 is not a revoked token here). */
const PROBLEM_KINDS = {
  step_up_required: 'rejected_request', offer_not_available: 'rejected_request', redemption_in_progress: 'rejected_request', crm_unavailable: 'rejected_request',
} as const;

/**
 * POST /sync/v1/promotions/redeem. Marked idempotent (it carries its key), so the HTTP client retries it after a lost
 * answer within the call; the answers of those retries are the first answer.
 */
export async function redeemPromotionAtCrm(http: () => Promise<CrmHttpClient>, request: PromotionRedemptionRequest, logger?: Logger): Promise<PromotionExchange> {
  try {
    const client = await http();
    const redemption = await client.request({
      method: 'POST', path: PROMOTION_REDEMPTION_PATH, body: request, schema: PromotionRedemptionSchema, idempotent: true, problemKinds: PROBLEM_KINDS,
    });
    return { outcome: 'redeemed', redemption };
  } catch (error) {
    const failure = toSyncFailure(error);
    logger?.info({ request: `POST ${PROMOTION_REDEMPTION_PATH}`, kind: failure.kind, status: failure.status, problem: failure.problemType, reason: failure.problemReason }, 'promotion redemption failed');
    if (failure.kind === 'not_enrolled') return { outcome: 'not_enrolled' };
    switch (failure.problemType) {
      case 'offer_not_available':
        return { outcome: 'offer_not_available', reason: OfferUnavailableReasonSchema.catch('not_found').parse(failure.problemReason) };
      case 'step_up_required':
        return { outcome: 'step_up_required', reason: StepUpProofProblemSchema.catch('not_verified').parse(failure.problemReason) };
      case 'redemption_in_progress':
        return { outcome: 'in_progress' };
      case 'crm_unavailable':
        return { outcome: 'crm_unavailable' };
      case 'unknown_profile':
        return { outcome: 'unknown_profile' };
    }
    if (meansUnreachable(failure.kind)) return { outcome: 'in_doubt', reason: failure.kind };
    return { outcome: 'refused', reason: failure.kind, ...(failure.status === undefined ? {} : { status: failure.status }) };
  }
}
