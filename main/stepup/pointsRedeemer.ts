import type { Logger } from 'pino';
import type { RedeemExchange } from '../../sync/client/redeemClient';
import type { Profile } from '../../sync/cache/types';
import type { PointsRedemptionRequest } from '../../sync/protocol/redemption';
import type { TillEvent } from '../api/contract/events';
import type { RedeemPointsAnswer, RedeemPointsRequest, StepUpAction } from '../api/contract/stepUp';
import type { Assurance } from '../identify/types';
import { toProfileSummary } from '../till/profileSummary';
import { createRedemptionAttempts } from './redemptionAttempts';
import {
  insufficientPointsProblem, redeemInDoubtProblem, redeemOfflineProblem, redemptionInProgressProblem, redemptionRefusedProblem,
  unknownProfileProblem,
} from './redemptionProblems';

export interface PointsRedeemerDeps {
  /** The current customer when the policy lets them redeem; throws 403 `step_up_required` otherwise. */
  requireAllowed: () => { profileId: string; assurance: Assurance };
  /** What the customer's level still allows (said when nothing can be redeemed). */
  stillAllowed: (assurance: Assurance) => StepUpAction[];
  online: () => boolean;
  /** The CRM exchange (StepUpClient.redeem). */
  redeem: (request: PointsRedemptionRequest) => Promise<RedeemExchange>;
  profiles: {
    findById(id: string): Profile | undefined;
    updatePoints(id: string, balance: number, asOf: number): boolean;
  };
  /** Shows the new balance on the current customer, if it is still `profile`'s owner. */
  refreshCustomer: (profile: Profile) => void;
  publish: (event: TillEvent) => void;
  logger: Logger;
  newKey?: () => string;
}

/**
 * Spends the current customer's points at the CRM, online only. The CRM, not the cached balance, decides whether
 * there are enough: the cache may lag behind a purchase made a minute ago.
 */
export function createPointsRedeemer(deps: PointsRedeemerDeps): (request: RedeemPointsRequest) => Promise<RedeemPointsAnswer> {
  // An answer lost: the same amount for the same customer and sale goes again under the same key.
  const attempts = createRedemptionAttempts(deps.newKey);

  function answered(profileId: string, receiptId: string | null, exchange: Extract<RedeemExchange, { outcome: 'redeemed' }>): RedeemPointsAnswer {
    const { points, pointsBalance, pointsAsOf } = exchange.redemption;
    deps.profiles.updatePoints(profileId, pointsBalance, pointsAsOf);
    const cached = deps.profiles.findById(profileId);
    // The cache may hold a later balance than this (replayed) answer; the screen shows what the cache holds.
    const profile: Profile = cached ?? {
      id: profileId, firstName: null, displayName: null, tier: null, pointsBalance, pointsAsOf, status: 'active',
    };
    deps.refreshCustomer(profile);
    const summary = toProfileSummary(profile);
    deps.logger.info({ profileId, points, receiptId }, 'points redeemed');
    deps.publish({ type: 'points.redeemed', profile: summary, points, receiptId });
    return { status: 'redeemed', points, pointsBalance, pointsAsOf: new Date(pointsAsOf).toISOString(), profile: summary };
  }

  return async (request) => {
    const current = deps.requireAllowed();
    if (!deps.online()) throw redeemOfflineProblem(deps.stillAllowed(current.assurance));
    if (attempts.busy) throw redemptionInProgressProblem();
    const receiptId = request.receiptId ?? null;
    const exchange = await attempts.send(
      [current.profileId, request.points, receiptId],
      (key) => deps.redeem({ idempotencyKey: key, profileId: current.profileId, points: request.points, ...(receiptId === null ? {} : { receiptId }) }),
      (answer) => answer.outcome === 'in_doubt',
    );
    switch (exchange.outcome) {
      case 'redeemed':
        return answered(current.profileId, receiptId, exchange);
      case 'insufficient_points':
        throw insufficientPointsProblem(request.points, deps.profiles.findById(current.profileId)?.pointsBalance ?? null);
      case 'unknown_profile':
        throw unknownProfileProblem();
      case 'in_doubt':
        deps.logger.warn({ profileId: current.profileId, points: request.points, reason: exchange.reason }, 'points redemption in doubt: will resend with the same key');
        throw redeemInDoubtProblem(deps.stillAllowed(current.assurance));
      case 'not_enrolled':
      case 'refused':
        throw redemptionRefusedProblem(exchange.outcome);
    }
  };
}
