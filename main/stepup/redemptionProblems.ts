import type { StepUpAction } from '../api/contract/stepUp';
import { TillFailure } from '../tillFailure';
import { actionList } from './stepUpProblems';

/** 503 `offline` before anything was sent: the CRM must confirm every redemption. */
export function redeemOfflineProblem(stillAllowed: StepUpAction[]): TillFailure {
  return new TillFailure('offline', `The till cannot reach the CRM, so points cannot be redeemed now: the CRM confirms every redemption, so the same points are never spent twice. Nothing was redeemed. Still possible: ${actionList(stillAllowed)}.`,
    { stillAllowed, present: ['member_qr'], inDoubt: false },
  );
}

/** 503 `offline` after the request left: its answer was lost, so no one at the till knows whether it went through. */
export function redeemInDoubtProblem(stillAllowed: StepUpAction[]): TillFailure {
  return new TillFailure('offline', `The till lost the CRM while redeeming, so it does not know whether the points were redeemed. Try again when the connection is back: the till sends the same redemption again and the CRM never counts it twice. Still possible: ${actionList(stillAllowed)}.`,
    { stillAllowed, present: ['member_qr'], inDoubt: true },
  );
}

export function insufficientPointsProblem(points: number, cachedBalance: number | null): TillFailure {
  return new TillFailure('insufficient_points', `The CRM says the customer does not have ${points} points to redeem${cachedBalance === null ? '' : ` (the till last saw ${cachedBalance})`}. Nothing was redeemed: redeem fewer points.`,
    cachedBalance === null ? {} : { balance: cachedBalance },
  );
}

export function unknownProfileProblem(): TillFailure {
  return new TillFailure('unknown_profile', 'The CRM does not know this member (a new member not yet sent to it, or one it has removed or merged). Nothing was redeemed. Try again after the next sync.',
  );
}

export function redemptionRefusedProblem(outcome: 'not_enrolled' | 'refused'): TillFailure {
  if (outcome === 'not_enrolled') {
    return new TillFailure('not_enrolled', 'This till is not enrolled with a CRM, so it cannot redeem points or offers: enrol it from the manager screen.');
  }
  return new TillFailure('crm_refused', 'The CRM refused the redemption. Nothing was redeemed. Try again; if it keeps failing, ask a manager to check the till’s enrolment.');
}

export function redemptionInProgressProblem(): TillFailure {
  return new TillFailure('redemption_in_progress', 'A redemption for this customer is already on its way to the CRM: wait for its answer.');
}
