import { PointsRedemptionRequestSchema, REDEMPTION_PATH } from '../../protocol';
import type { CrmParts } from '../crmParts';
import { jsonReply, problemReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { RedemptionDesk } from '../redemption/redemptionDesk';

/** The till's points redemption endpoint (docs/sync-protocol.md, "Points redemption"), authenticated by device token. */
export function redemptionRoutes(parts: CrmParts): Route[] {
  const desk = new RedemptionDesk(parts.db, parts.profiles, parts.logger);
  return [
    {
      method: 'POST', path: REDEMPTION_PATH, auth: 'device', sync: 'redeem',
      handle: ({ body, device, now }) => {
        const parsed = PointsRedemptionRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the redemption');
        const reply = desk.redeem(device?.deviceId ?? 'unknown', parsed.data, now);
        switch (reply.outcome) {
          case 'redeemed':
            return jsonReply(200, reply.redemption);
          case 'insufficient_points':
            return problemReply(422, 'insufficient_points', 'the profile has fewer points than the redemption asks for; nothing was spent', {
              pointsBalance: reply.pointsBalance,
            });
          case 'unknown_profile':
            return syncProblem('unknown_profile', 'no profile with this id is known to the CRM (it may have been erased); nothing was spent');
          case 'key_reused':
            return syncProblem('bad_request', 'this idempotency key was already used for a different redemption');
        }
      },
    },
  ];
}
