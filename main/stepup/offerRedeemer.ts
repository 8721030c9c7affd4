import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
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

/** A redemption the CRM did not settle (answer lost, or not confirmed): asked again, it goes under the same key. */
interface Unsettled {
  key: string;
  profileId: string;
  offerId: string;
  receiptId: string | null;
}

/**
 * Redeems one of the current customer's offers at the CRM: online only (nothing is queued), behind a proof the CRM
 * checks itself, so the request carries the verification that proved the customer at this till, or the member QR
 * they identified with. Without one (or when the CRM refuses it) the answer is 403 `step_up_required`, and the
 * screen verifies the customer and asks again.
 */
export function createOfferRedeemer(deps: OfferRedeemerDeps): (request: RedeemOfferRequest) => Promise<RedeemOfferAnswer> {
  const newKey = deps.newKey ?? uuidv7;
  let unsettled: Unsettled | null = null;
  let busy = false;

  function keyFor(profileId: string, offerId: string, receiptId: string | null): string {
    const same = unsettled && unsettled.profileId === profileId && unsettled.offerId === offerId && unsettled.receiptId === receiptId;
    return same && unsettled ? unsettled.key : newKey();
  }

  return async (request) => {
    const current = deps.requireCustomer();
    const { profileId } = current;
    if (!deps.online()) throw offerOfflineProblem(deps.stillAllowed(current.assurance));
    const offer = deps.offers(profileId)?.find((o) => o.id === request.offerId);
    if (!offer || !offer.redeemable) throw offerNotAvailableProblem(offer ? 'not_at_pos' : 'not_found');
    const proof = deps.proof(profileId);
    if (proof === null) throw deps.stepUpRequired(current);
    if (busy) throw offerInProgressProblem();
    const receiptId = request.receiptId ?? null;
    const key = keyFor(profileId, offer.id, receiptId);
    busy = true;
    let exchange: PromotionExchange;
    try {
      exchange = await deps.redeem({ idempotencyKey: key, profileId, offerId: offer.id, proof, ...(receiptId === null ? {} : { receiptId }) });
    } finally {
      busy = false;
    }
    const inDoubt = exchange.outcome === 'in_doubt' || exchange.outcome === 'crm_unavailable';
    unsettled = inDoubt ? { key, profileId, offerId: offer.id, receiptId } : null;
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
