import { PROMOTION_REDEMPTION_PATH, PromotionRedemptionRequestSchema } from '../../sync/protocol';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

const NOTHING = 'nothing was redeemed';

/** Promotion redemption (docs/sync-protocol.md, "Promotion redemption"), authenticated by device token. */
export function promotionRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: PROMOTION_REDEMPTION_PATH, auth: 'till', sync: 'redeem_promotion',
      handle: async ({ body, till, now }) => {
        const parsed = PromotionRedemptionRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the promotion redemption');
        const reply = await parts.promotions.redeem(till?.tillId ?? 'unknown', parsed.data, now);
        switch (reply.outcome) {
          case 'redeemed':
            return jsonReply(200, reply.redemption);
          case 'offer_not_available':
            return problemReply(409, 'offer_not_available', `the offer cannot be redeemed (${reply.reason}); ${NOTHING}`, { reason: reply.reason });
          case 'step_up_required':
            return problemReply(403, 'step_up_required', `the proof does not prove this customer now (${reply.reason}): verify them again; ${NOTHING}`, { reason: reply.reason });
          case 'unknown_profile':
            return syncProblem('unknown_profile', `no profile with this id is known to the hub (it may have been erased); ${NOTHING}`);
          case 'in_progress':
            return syncProblem('redemption_in_progress', `another redemption of this offer is on its way to the CRM; ask again in a moment; ${NOTHING} by this request`);
          case 'crm_unavailable':
            return syncProblem('crm_unavailable', `the CRM did not confirm the redemption; ${NOTHING} and nothing is queued: ask again with the same key`);
          case 'key_reused':
            return syncProblem('bad_request', 'this idempotency key was already used for a different request');
        }
      },
    },
  ];
}
