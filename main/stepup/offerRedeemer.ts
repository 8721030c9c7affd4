import type { Logger } from 'pino';
import type { PromotionExchange } from '../../sync/client/promotionClient';
import type { PromotionProof, PromotionRedemptionRequest } from '../../sync/protocol/promotionRedemption';
import type { TillEvent } from '../api/contract/events';
import type { Offer } from '../api/contract/profile';
import type { RedeemOfferAnswer, RedeemOfferRequest, StepUpAction } from '../api/contract/stepUp';
import type { Assurance } from '../identify/types';
import type { TillFailure } from '../tillFailure';
import {
  crmUnavailableProblem, offerInDoubtProblem, offerInProgressProblem, offerNotAvailableProblem, offerOfflineProblem,
} from './offerProblems';
import { createRedemptionAttempts } from './redemptionAttempts';
import { redemptionRefusedProblem, unknownProfileProblem } from './redemptionProblems';

export interface OfferRedeemerDeps {
  /** The current customer; throws 409 `no_customer` when there is none. */
  requireCustomer: () => { profileId: string; assurance: Assurance };
  /**
   * What proves `profileId` now, or null: a verification completed at this till that is fresh, else the member QR
   * that identified the customer (memory only; the CRM checks its age and signature).
   */
  proof: (profileId: string) => PromotionProof | null;
  /** The CRM refused this proof (stale by its clock, unknown to it, a bad token): ask for a new one. */
  forgetProof: (profileId: string, refused: PromotionProof) => void;
  /** 403 `step_up_required` for the current customer: a step-up that would prove them (see docs/step-up.md). */
  stepUpRequired: (current: { profileId: string; assurance: Assurance }) => TillFailure;
  stillAllowed: (assurance: Assurance) => StepUpAction[];
  online: () => boolean;
  /** The offers the CRM's summary holds for `profileId` (undefined: none came). */
  offers: (profileId: string) => readonly Offer[] | undefined;
  dropOffer: (profileId: string, offerId: string) => void;
  /** The CRM exchange (StepUpClient.redeemPromotion). */
  redeem: (request: PromotionRedemptionRequest) => Promise<PromotionExchange>;
  publish: (event: TillEvent) => void;
  logger: Logger;
  newKey?: () => string;
}

/**
 * Redeems one of the current customer's offers at the CRM: online only (nothing is queued), behind a proof the CRM
 * checks itself, so the request carries the verification that proved the customer at this till, or the member QR
 * they identified with. Without one (or when the CRM refuses it) the answer is 403 `step_up_required`, and the
 * screen verifies the customer and asks again.
 */
export function createOfferRedeemer(deps: OfferRedeemerDeps): (request: RedeemOfferRequest) => Promise<RedeemOfferAnswer> {
  // Not settled (answer lost, or not confirmed): the same offer for the same customer and sale goes under the same key.
  const attempts = createRedemptionAttempts(deps.newKey);

  return async (request) => {
    const current = deps.requireCustomer();
    const { profileId } = current;
    if (!deps.online()) throw offerOfflineProblem(deps.stillAllowed(current.assurance));
    const offer = deps.offers(profileId)?.find((o) => o.id === request.offerId);
    if (!offer || !offer.redeemable) throw offerNotAvailableProblem(offer ? 'not_at_pos' : 'not_found');
    const proof = deps.proof(profileId);
    if (proof === null) throw deps.stepUpRequired(current);
    if (attempts.busy) throw offerInProgressProblem();
    const receiptId = request.receiptId ?? null;
    const exchange = await attempts.send(
      [profileId, offer.id, receiptId],
      (key) => deps.redeem({ idempotencyKey: key, profileId, offerId: offer.id, proof, ...(receiptId === null ? {} : { receiptId }) }),
      (answer) => answer.outcome === 'in_doubt' || answer.outcome === 'crm_unavailable',
    );
    switch (exchange.outcome) {
      case 'redeemed': {
        const title = exchange.redemption.title || offer.title;
        deps.logger.info({ profileId, receiptId }, 'offer redeemed');
        deps.dropOffer(profileId, offer.id);
        deps.publish({ type: 'offer.redeemed', profileId, offer: { id: offer.id, title }, receiptId });
        return { status: 'redeemed', offer: { id: offer.id, title }, redeemedAt: new Date(exchange.redemption.redeemedAt).toISOString() };
      }
      case 'offer_not_available':
        deps.dropOffer(profileId, offer.id);
        throw offerNotAvailableProblem(exchange.reason);
      case 'step_up_required':
        deps.logger.info({ profileId, proof: proof.kind, reason: exchange.reason }, 'the CRM did not take the proof for an offer');
        deps.forgetProof(profileId, proof);
        throw deps.stepUpRequired(current);
      case 'in_progress':
        throw offerInProgressProblem();
      case 'crm_unavailable':
        throw crmUnavailableProblem();
      case 'in_doubt':
        deps.logger.warn({ profileId, reason: exchange.reason }, 'offer redemption in doubt: will resend with the same key');
        throw offerInDoubtProblem(deps.stillAllowed(current.assurance));
      case 'unknown_profile':
        throw unknownProfileProblem();
      case 'not_enrolled':
      case 'refused':
        throw redemptionRefusedProblem(exchange.outcome);
    }
  };
}
