import { PointsRedemptionRequestSchema, REDEMPTION_PATH } from '../../sync/protocol';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/** Points redemption (docs/sync-protocol.md, "Points redemption"), authenticated by device token. */
export function redemptionRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: REDEMPTION_PATH, auth: 'till', sync: 'redeem',
      handle: async ({ body, till, now }) => {
        const parsed = PointsRedemptionRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the redemption');
        const reply = await parts.redemptions.redeem(till?.tillId ?? 'unknown', parsed.data, now);
        switch (reply.outcome) {
          case 'redeemed':
            return jsonReply(200, reply.redemption);
          case 'insufficient_points':
            return problemReply(422, 'insufficient_points', 'the profile has fewer points than the redemption asks for; nothing was spent', {
              pointsBalance: reply.pointsBalance,
            });
          case 'unknown_profile':
            return syncProblem('unknown_profile', 'no profile with this id is known to the hub (it may have been erased); nothing was spent');
          case 'key_reused':
            return syncProblem('bad_request', 'this idempotency key was already used for a different request');
        }
      },
    },
  ];
}
