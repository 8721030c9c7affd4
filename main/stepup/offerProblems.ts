import type { OfferUnavailableReason, StepUpAction } from '../api/contract/stepUp';
import { PROMOTION_RULES } from '../../sync/protocol/promotionRedemption';
import { TillFailure } from '../tillFailure';
import { actionList } from './stepUpProblems';

/** 503 `offline` before anything was sent: only the CRM can redeem an offer, and nothing is queued. */
export function offerOfflineProblem(stillAllowed: StepUpAction[]): TillFailure {
  return new TillFailure('offline', `The till cannot reach the CRM, so the offer cannot be redeemed now: it needs a connection, and nothing is queued. Nothing was redeemed. Still possible: ${actionList(stillAllowed)}.`,
    { stillAllowed, present: [], inDoubt: false },
  );
}

/** 503 `offline` after the request left: its answer was lost. */
export function offerInDoubtProblem(stillAllowed: StepUpAction[]): TillFailure {
  return new TillFailure('offline', `The till lost the CRM while redeeming the offer, so it does not know whether it went through. Try again when the connection is back: the till sends the same redemption again and the CRM never redeems it twice. Still possible: ${actionList(stillAllowed)}.`,
    { stillAllowed, present: [], inDoubt: true },
  );
}

export function crmUnavailableProblem(): TillFailure {
  return new TillFailure('crm_unavailable', 'The CRM did not confirm the offer (it is down or slow). Nothing was redeemed and nothing is queued. Try again in a moment: the till sends the same redemption, so it is never redeemed twice.');
}

const REASON_WORDS: Record<OfferUnavailableReason, string> = {
  already_redeemed: 'it has already been used',
  expired: 'it has expired',
  not_found: 'it is not one of this customer’s offers (any more)',
  not_at_pos: 'it can only be used online, not in a store',
};

export function offerNotAvailableProblem(reason: OfferUnavailableReason): TillFailure {
  return new TillFailure('offer_not_available', `The offer cannot be redeemed: ${REASON_WORDS[reason]}. Nothing was redeemed.`, { reason });
}

export function offerInProgressProblem(): TillFailure {
  return new TillFailure('redemption_in_progress', 'This offer is being redeemed already (here or at another till): wait for that answer.');
}

/**
 * What 403 `step_up_required` carries for an offer: the policy's shape, with nothing to present (a member QR the till
 * held was sent as the proof already; only a verification the CRM runs now can follow).
 */
export interface OfferStepUpFacts {
  current: 'claimed' | 'possession' | 'verified';
  methods: string[];
  offline: boolean;
  stillAllowed: StepUpAction[];
}

export function offerStepUpRequired(facts: OfferStepUpFacts): TillFailure {
  const detail = facts.methods.length > 0
    ? `Redeeming an offer needs a proof the CRM checks: the customer verified just now (${facts.methods.join(', ')}), or the member QR code they identified with, at most ${PROMOTION_RULES.stepUpMaxAgeMs / 60_000} minutes old. Verify them, then redeem.`
    : 'Redeeming an offer needs the customer verified by the CRM just now, and the CRM cannot verify this member (not yet synced, or no way to reach them). Nothing was redeemed.';
  return new TillFailure('step_up_required', detail, { action: 'use_personal_offer', required: 'verified', present: [], ...facts });
}
