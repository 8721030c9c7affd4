import type { CrmPromotions } from '../crmConnector';
import { demoGeneralOfferWeek, demoOffers, demoWeek } from './demoActivity';

/**
 * The demo CRM's promotion redemption: an offer is redeemable when it is one of the member's offers today
 * (`demoOffers`). The demo CRM keeps no record of its own (its members are computed), so it never answers
 * `duplicate`: the hub's `promotion_redemptions` holds which offers were redeemed. A general offer of a past week is
 * `expired`; any other id is `not_found`. Faults are injected on the hub's route (`POST /admin/faults`, route
 * `redeem_promotion`).
 */
export function demoPromotions(indexOfId: (profileId: string) => number | null, seed: number): CrmPromotions {
  return {
    redeem: async (profileIds, offerId, now) => {
      for (const profileId of profileIds) {
        const index = indexOfId(profileId);
        if (index === null) continue;
        const offer = demoOffers(index, seed, now).find((o) => o.id === offerId);
        if (offer) return { status: 'accepted', value: { title: offer.title } };
      }
      const week = demoGeneralOfferWeek(offerId);
      return { status: 'rejected', reason: week !== null && week < demoWeek(now) ? 'expired' : 'not_found' };
    },
  };
}
