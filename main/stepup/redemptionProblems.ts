import type { StepUpAction } from '../api/contract/stepUp';
import { TillError } from '../api/tillCore';
import { actionList } from './stepUpProblems';

/** 503 `offline` before anything was sent: the CRM must confirm every redemption. */
export function redeemOfflineProblem(stillAllowed: StepUpAction[]): TillError {
  return new TillError(
    'offline',
    503,
    `The till cannot reach the CRM, so points cannot be redeemed now: the CRM confirms every redemption, so the same points are never spent twice. Nothing was redeemed. Still possible: ${actionList(stillAllowed)}.`,
    { stillAllowed, present: ['member_qr'], inDoubt: false },
  );
}

/** 503 `offline` after the request left: its answer was lost, so no one at the till knows whether it went through. */
export function redeemInDoubtProblem(stillAllowed: StepUpAction[]): TillError {
  return new TillError(
    'offline',
    503,
    `The till lost the CRM while redeeming, so it does not know whether the points were redeemed. Try again when the connection is back: the till sends the same redemption again and the CRM never counts it twice. Still possible: ${actionList(stillAllowed)}.`,
    { stillAllowed, present: ['member_qr'], inDoubt: true },
  );
}

export function insufficientPointsProblem(points: number, cachedBalance: number | null): TillError {
  return new TillError(
    'insufficient_points',
    422,
    `The CRM says the customer does not have ${points} points to redeem${cachedBalance === null ? '' : ` (the till last saw ${cachedBalance})`}. Nothing was redeemed: redeem fewer points.`,
    cachedBalance === null ? {} : { balance: cachedBalance },
  );
}

export function unknownProfileProblem(): TillError {
  return new TillError(
    'unknown_profile',
    422,
    'The CRM does not know this member (a new member not yet sent to it, or one it has removed or merged). Nothing was redeemed. Try again after the next sync.',
  );
}

export function redemptionRefusedProblem(outcome: 'not_enrolled' | 'refused'): TillError {
  if (outcome === 'not_enrolled') {
    return new TillError('not_enrolled', 409, 'This till is not enrolled with a CRM, so it cannot redeem points: enrol it from the manager screen.');
  }
  return new TillError('crm_refused', 502, 'The CRM refused the redemption. Nothing was redeemed. Try again; if it keeps failing, ask a manager to check the till’s enrolment.');
}

export function redemptionInProgressProblem(): TillError {
  return new TillError('redemption_in_progress', 409, 'A redemption for this customer is already on its way to the CRM: wait for its answer.');
}
